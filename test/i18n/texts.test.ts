import { describe, expect, it } from 'vitest';
import { LOCALES, type Locale } from '../../src/core/types.js';
import { catalog } from '../../src/i18n/index.js';
import { DATE_ONLY, post, renderPlain, TIMED, timedIn, when } from './compose-fixture.js';

/**
 * What readers see, exactly, in every language: through the real composition
 * (src/messages/compose.ts) from ledger rows, for 1, 2 and many (5, 21, 101) of each unit, 0 of
 * each, two units together, timed and date-only launches, venues named in the reader's language.
 * Reviewed by hand for grammar and tone (docs/i18n.md says what each language does).
 */
const at = TIMED.start.kind === 'instant' ? TIMED.start.at : 0;
const SAY: Record<Locale, Record<string, unknown>> = {
  en: {
    countdown_d: [
      '⏳ Mi 8: 1 day to go',
      '⏳ Mi 8: 2 days to go',
      '⏳ Mi 8: 5 days to go',
      '⏳ Mi 8: 21 days to go',
      '⏳ Mi 8: 101 days to go',
    ],
    countdown_h: [
      '⏳ Mi 8: 1 hour to go',
      '⏳ Mi 8: 2 hours to go',
      '⏳ Mi 8: 5 hours to go',
      '⏳ Mi 8: 21 hours to go',
      '⏳ Mi 8: 101 hours to go',
    ],
    countdown_m: [
      '⏳ Mi 8: 1 minute to go',
      '⏳ Mi 8: 2 minutes to go',
      '⏳ Mi 8: 5 minutes to go',
      '⏳ Mi 8: 21 minutes to go',
      '⏳ Mi 8: 101 minutes to go',
    ],
    countdown_w: [
      '⏳ Mi 8: 1 week to go',
      '⏳ Mi 8: 2 weeks to go',
      '⏳ Mi 8: 5 weeks to go',
      '⏳ Mi 8: 21 weeks to go',
      '⏳ Mi 8: 101 weeks to go',
    ],
    countdown_s: [
      '⏳ Mi 8: 1 second to go',
      '⏳ Mi 8: 2 seconds to go',
      '⏳ Mi 8: 5 seconds to go',
      '⏳ Mi 8: 21 seconds to go',
      '⏳ Mi 8: 101 seconds to go',
    ],
    zero: ['0 days', '0 hours', '0 minutes', '0 weeks', '0 seconds'],
    pinned: [
      '⏳ Mi 8: 1 day and 4 hours to go',
      '⏳ Mi 8: 2 days and 1 hour to go',
      '⏳ Mi 8: 0 minutes to go',
    ],
    reminder: [
      '🔔 Reminder: Mi 8 starts in 1 hour',
      '🔔 Reminder: Mi 8 starts in 2 days',
      '🔔 Reminder: Mi 8 starts in 15 minutes',
      '🔔 Starting now: Mi 8',
    ],
    live: ['🚀 Live now: Mi 8', '📅 Today: Mi 8 Italy'],
    when: [
      'Tuesday, 22 May 2018, 14:00 Paris time',
      'Tuesday, 22 May 2018, 14:00 Paris time · 22 May, 20:00 in your zone (Hong Kong)',
      'Thursday, 24 May 2018 (time to be announced)',
    ],
    venues: [
      'Tuesday, 22 May 2018, 14:00 Milan time',
      'Tuesday, 22 May 2018, 14:00 Milano time',
      'Tuesday, 22 May 2018, 14:00 Rome time',
      'Tuesday, 22 May 2018, 14:00 Madrid time',
      'Tuesday, 22 May 2018, 20:00 Hong Kong time',
      'Tuesday, 22 May 2018, 14:00 Vienna time',
      'Tuesday, 22 May 2018, 12:00 (UTC)',
    ],
    digestEmpty: [
      ['🗓️ Coming up within 1 day', 'Nothing is scheduled within 1 day.'],
      ['🗓️ Coming up in the next 2 days', 'Nothing is scheduled in the next 2 days.'],
      ['🗓️ Coming up in the next 14 days', 'Nothing is scheduled in the next 14 days.'],
    ],
    digest: [
      '🗓️ Coming up in the next 7 days',
      '• Mi 8 — Tuesday, 22 May 2018, 14:00 Paris time (in 2 days and 5 hours)',
      '• Mi 8 Italy — Thursday, 24 May 2018 (time to be announced) (in 4 days)',
    ],
    catchupIntro: [
      'You missed 0 posts:',
      'You missed 1 post:',
      'You missed 2 posts:',
      'You missed 5 posts:',
      'You missed 21 posts:',
      'You missed 101 posts:',
    ],
  },
  fr: {
    countdown_d: [
      '⏳ Mi 8 : plus qu’un jour',
      '⏳ Mi 8 : plus que 2 jours',
      '⏳ Mi 8 : plus que 5 jours',
      '⏳ Mi 8 : plus que 21 jours',
      '⏳ Mi 8 : plus que 101 jours',
    ],
    countdown_h: [
      '⏳ Mi 8 : plus qu’une heure',
      '⏳ Mi 8 : plus que 2 heures',
      '⏳ Mi 8 : plus que 5 heures',
      '⏳ Mi 8 : plus que 21 heures',
      '⏳ Mi 8 : plus que 101 heures',
    ],
    countdown_m: [
      '⏳ Mi 8 : plus qu’une minute',
      '⏳ Mi 8 : plus que 2 minutes',
      '⏳ Mi 8 : plus que 5 minutes',
      '⏳ Mi 8 : plus que 21 minutes',
      '⏳ Mi 8 : plus que 101 minutes',
    ],
    countdown_w: [
      '⏳ Mi 8 : plus qu’une semaine',
      '⏳ Mi 8 : plus que 2 semaines',
      '⏳ Mi 8 : plus que 5 semaines',
      '⏳ Mi 8 : plus que 21 semaines',
      '⏳ Mi 8 : plus que 101 semaines',
    ],
    countdown_s: [
      '⏳ Mi 8 : plus qu’une seconde',
      '⏳ Mi 8 : plus que 2 secondes',
      '⏳ Mi 8 : plus que 5 secondes',
      '⏳ Mi 8 : plus que 21 secondes',
      '⏳ Mi 8 : plus que 101 secondes',
    ],
    zero: ['0 jour', '0 heure', '0 minute', '0 semaine', '0 seconde'],
    pinned: [
      '⏳ Mi 8 : plus qu’un jour et 4 heures',
      '⏳ Mi 8 : plus que 2 jours et une heure',
      '⏳ Mi 8 : plus que 0 minute',
    ],
    reminder: [
      '🔔 Rappel : Mi 8 commence dans une heure',
      '🔔 Rappel : Mi 8 commence dans 2 jours',
      '🔔 Rappel : Mi 8 commence dans 15 minutes',
      '🔔 Ça commence : Mi 8',
    ],
    live: ['🚀 C’est parti : Mi 8', '📅 C’est aujourd’hui : Mi 8 Italie'],
    when: [
      'mardi 22 mai 2018 à 14:00, heure de Paris',
      'mardi 22 mai 2018 à 14:00, heure de Paris · 22 mai, 20:00 chez vous (Hong Kong)',
      'jeudi 24 mai 2018 (heure à confirmer)',
    ],
    venues: [
      'mardi 22 mai 2018 à 14:00, heure de Milan',
      'mardi 22 mai 2018 à 14:00, heure de Milano',
      'mardi 22 mai 2018 à 14:00, heure de Rome',
      'mardi 22 mai 2018 à 14:00, heure de Madrid',
      'mardi 22 mai 2018 à 20:00, heure de Hong Kong',
      'mardi 22 mai 2018 à 14:00, heure de Vienne',
      'mardi 22 mai 2018 à 12:00 (UTC)',
    ],
    digestEmpty: [
      ['🗓️ Au programme d’ici un jour', 'Rien n’est prévu d’ici un jour.'],
      ['🗓️ Au programme des 2 jours à venir', 'Rien n’est prévu dans les 2 jours à venir.'],
      ['🗓️ Au programme des 14 jours à venir', 'Rien n’est prévu dans les 14 jours à venir.'],
    ],
    digest: [
      '🗓️ Au programme des 7 jours à venir',
      '• Mi 8 — mardi 22 mai 2018 à 14:00, heure de Paris (dans 2 jours et 5 heures)',
      '• Mi 8 Italie — jeudi 24 mai 2018 (heure à confirmer) (dans 4 jours)',
    ],
    catchupIntro: [
      'Vous avez manqué 0 message :',
      'Vous avez manqué 1 message :',
      'Vous avez manqué 2 messages :',
      'Vous avez manqué 5 messages :',
      'Vous avez manqué 21 messages :',
      'Vous avez manqué 101 messages :',
    ],
  },
  it: {
    countdown_d: [
      '⏳ Mi 8: manca 1 giorno',
      '⏳ Mi 8: mancano 2 giorni',
      '⏳ Mi 8: mancano 5 giorni',
      '⏳ Mi 8: mancano 21 giorni',
      '⏳ Mi 8: mancano 101 giorni',
    ],
    countdown_h: [
      '⏳ Mi 8: manca 1 ora',
      '⏳ Mi 8: mancano 2 ore',
      '⏳ Mi 8: mancano 5 ore',
      '⏳ Mi 8: mancano 21 ore',
      '⏳ Mi 8: mancano 101 ore',
    ],
    countdown_m: [
      '⏳ Mi 8: manca 1 minuto',
      '⏳ Mi 8: mancano 2 minuti',
      '⏳ Mi 8: mancano 5 minuti',
      '⏳ Mi 8: mancano 21 minuti',
      '⏳ Mi 8: mancano 101 minuti',
    ],
    countdown_w: [
      '⏳ Mi 8: manca 1 settimana',
      '⏳ Mi 8: mancano 2 settimane',
      '⏳ Mi 8: mancano 5 settimane',
      '⏳ Mi 8: mancano 21 settimane',
      '⏳ Mi 8: mancano 101 settimane',
    ],
    countdown_s: [
      '⏳ Mi 8: manca 1 secondo',
      '⏳ Mi 8: mancano 2 secondi',
      '⏳ Mi 8: mancano 5 secondi',
      '⏳ Mi 8: mancano 21 secondi',
      '⏳ Mi 8: mancano 101 secondi',
    ],
    zero: ['0 giorni', '0 ore', '0 minuti', '0 settimane', '0 secondi'],
    pinned: [
      '⏳ Mi 8: manca 1 giorno e 4 ore',
      '⏳ Mi 8: mancano 2 giorni e 1 ora',
      '⏳ Mi 8: mancano 0 minuti',
    ],
    reminder: [
      '🔔 Promemoria: Mi 8 inizia tra 1 ora',
      '🔔 Promemoria: Mi 8 inizia tra 2 giorni',
      '🔔 Promemoria: Mi 8 inizia tra 15 minuti',
      '🔔 Si comincia: Mi 8',
    ],
    live: ['🚀 In diretta ora: Mi 8', '📅 È oggi: Mi 8 Italia'],
    when: [
      'martedì 22 maggio 2018 alle 14:00, ora di Parigi',
      'martedì 22 maggio 2018 alle 14:00, ora di Parigi · 22 mag, 20:00 nel tuo fuso orario (Hong Kong)',
      'giovedì 24 maggio 2018 (orario da confermare)',
    ],
    venues: [
      'martedì 22 maggio 2018 alle 14:00, ora di Milano',
      'martedì 22 maggio 2018 alle 14:00, ora di Milano',
      'martedì 22 maggio 2018 alle 14:00, ora di Roma',
      'martedì 22 maggio 2018 alle 14:00, ora di Madrid',
      'martedì 22 maggio 2018 alle 20:00, ora di Hong Kong',
      'martedì 22 maggio 2018 alle 14:00, ora di Vienna',
      'martedì 22 maggio 2018 alle 12:00 (UTC)',
    ],
    digestEmpty: [
      ['🗓️ In programma entro 1 giorno', 'Nessun lancio in programma entro 1 giorno.'],
      ['🗓️ In programma entro 2 giorni', 'Nessun lancio in programma entro 2 giorni.'],
      ['🗓️ In programma entro 14 giorni', 'Nessun lancio in programma entro 14 giorni.'],
    ],
    digest: [
      '🗓️ In programma entro 7 giorni',
      '• Mi 8 — martedì 22 maggio 2018 alle 14:00, ora di Parigi (tra 2 giorni e 5 ore)',
      '• Mi 8 Italia — giovedì 24 maggio 2018 (orario da confermare) (tra 4 giorni)',
    ],
    catchupIntro: [
      'Hai perso 0 messaggi:',
      'Hai perso 1 messaggio:',
      'Hai perso 2 messaggi:',
      'Hai perso 5 messaggi:',
      'Hai perso 21 messaggi:',
      'Hai perso 101 messaggi:',
    ],
  },
  es: {
    countdown_d: [
      '⏳ Mi 8: falta 1 día',
      '⏳ Mi 8: faltan 2 días',
      '⏳ Mi 8: faltan 5 días',
      '⏳ Mi 8: faltan 21 días',
      '⏳ Mi 8: faltan 101 días',
    ],
    countdown_h: [
      '⏳ Mi 8: falta 1 hora',
      '⏳ Mi 8: faltan 2 horas',
      '⏳ Mi 8: faltan 5 horas',
      '⏳ Mi 8: faltan 21 horas',
      '⏳ Mi 8: faltan 101 horas',
    ],
    countdown_m: [
      '⏳ Mi 8: falta 1 minuto',
      '⏳ Mi 8: faltan 2 minutos',
      '⏳ Mi 8: faltan 5 minutos',
      '⏳ Mi 8: faltan 21 minutos',
      '⏳ Mi 8: faltan 101 minutos',
    ],
    countdown_w: [
      '⏳ Mi 8: falta 1 semana',
      '⏳ Mi 8: faltan 2 semanas',
      '⏳ Mi 8: faltan 5 semanas',
      '⏳ Mi 8: faltan 21 semanas',
      '⏳ Mi 8: faltan 101 semanas',
    ],
    countdown_s: [
      '⏳ Mi 8: falta 1 segundo',
      '⏳ Mi 8: faltan 2 segundos',
      '⏳ Mi 8: faltan 5 segundos',
      '⏳ Mi 8: faltan 21 segundos',
      '⏳ Mi 8: faltan 101 segundos',
    ],
    zero: ['0 días', '0 horas', '0 minutos', '0 semanas', '0 segundos'],
    pinned: [
      '⏳ Mi 8: falta 1 día y 4 horas',
      '⏳ Mi 8: faltan 2 días y 1 hora',
      '⏳ Mi 8: faltan 0 minutos',
    ],
    reminder: [
      '🔔 Recordatorio: Mi 8 empieza dentro de 1 hora',
      '🔔 Recordatorio: Mi 8 empieza dentro de 2 días',
      '🔔 Recordatorio: Mi 8 empieza dentro de 15 minutos',
      '🔔 Empieza ahora: Mi 8',
    ],
    live: ['🚀 En directo: Mi 8', '📅 Es hoy: Mi 8 Italia'],
    when: [
      'martes, 22 de mayo de 2018, a las 14:00 (hora de París)',
      'martes, 22 de mayo de 2018, a las 14:00 (hora de París) · 22 may, 20:00 en tu zona horaria (Hong Kong)',
      'jueves, 24 de mayo de 2018 (hora por confirmar)',
    ],
    venues: [
      'martes, 22 de mayo de 2018, a las 14:00 (hora de Milán)',
      'martes, 22 de mayo de 2018, a las 14:00 (hora de Milano)',
      'martes, 22 de mayo de 2018, a las 14:00 (hora de Roma)',
      'martes, 22 de mayo de 2018, a las 14:00 (hora de Madrid)',
      'martes, 22 de mayo de 2018, a las 20:00 (hora de Hong Kong)',
      'martes, 22 de mayo de 2018, a las 14:00 (hora de Viena)',
      'martes, 22 de mayo de 2018, a las 12:00 (UTC)',
    ],
    digestEmpty: [
      ['🗓️ Lanzamientos de aquí a 1 día', 'No hay nada previsto de aquí a 1 día.'],
      ['🗓️ Lanzamientos de aquí a 2 días', 'No hay nada previsto de aquí a 2 días.'],
      ['🗓️ Lanzamientos de aquí a 14 días', 'No hay nada previsto de aquí a 14 días.'],
    ],
    digest: [
      '🗓️ Lanzamientos de aquí a 7 días',
      '• Mi 8 — martes, 22 de mayo de 2018, a las 14:00 (hora de París) (dentro de 2 días y 5 horas)',
      '• Mi 8 Italia — jueves, 24 de mayo de 2018 (hora por confirmar) (dentro de 4 días)',
    ],
    catchupIntro: [
      'Te has perdido 0 mensajes:',
      'Te has perdido 1 mensaje:',
      'Te has perdido 2 mensajes:',
      'Te has perdido 5 mensajes:',
      'Te has perdido 21 mensajes:',
      'Te has perdido 101 mensajes:',
    ],
  },
  de: {
    countdown_d: [
      '⏳ Mi 8: noch 1 Tag',
      '⏳ Mi 8: noch 2 Tage',
      '⏳ Mi 8: noch 5 Tage',
      '⏳ Mi 8: noch 21 Tage',
      '⏳ Mi 8: noch 101 Tage',
    ],
    countdown_h: [
      '⏳ Mi 8: noch 1 Stunde',
      '⏳ Mi 8: noch 2 Stunden',
      '⏳ Mi 8: noch 5 Stunden',
      '⏳ Mi 8: noch 21 Stunden',
      '⏳ Mi 8: noch 101 Stunden',
    ],
    countdown_m: [
      '⏳ Mi 8: noch 1 Minute',
      '⏳ Mi 8: noch 2 Minuten',
      '⏳ Mi 8: noch 5 Minuten',
      '⏳ Mi 8: noch 21 Minuten',
      '⏳ Mi 8: noch 101 Minuten',
    ],
    countdown_w: [
      '⏳ Mi 8: noch 1 Woche',
      '⏳ Mi 8: noch 2 Wochen',
      '⏳ Mi 8: noch 5 Wochen',
      '⏳ Mi 8: noch 21 Wochen',
      '⏳ Mi 8: noch 101 Wochen',
    ],
    countdown_s: [
      '⏳ Mi 8: noch 1 Sekunde',
      '⏳ Mi 8: noch 2 Sekunden',
      '⏳ Mi 8: noch 5 Sekunden',
      '⏳ Mi 8: noch 21 Sekunden',
      '⏳ Mi 8: noch 101 Sekunden',
    ],
    zero: ['0 Tage', '0 Stunden', '0 Minuten', '0 Wochen', '0 Sekunden'],
    pinned: [
      '⏳ Mi 8: noch 1 Tag und 4 Stunden',
      '⏳ Mi 8: noch 2 Tage und 1 Stunde',
      '⏳ Mi 8: noch 0 Minuten',
    ],
    reminder: [
      '🔔 Erinnerung: Mi 8 – noch 1 Stunde',
      '🔔 Erinnerung: Mi 8 – noch 2 Tage',
      '🔔 Erinnerung: Mi 8 – noch 15 Minuten',
      '🔔 Es geht los: Mi 8',
    ],
    live: ['🚀 Jetzt live: Mi 8', '📅 Heute: Mi 8 Italien'],
    when: [
      'Dienstag, 22. Mai 2018 um 14:00 Uhr (Ortszeit Paris)',
      'Dienstag, 22. Mai 2018 um 14:00 Uhr (Ortszeit Paris) · 22. Mai, 20:00 Uhr in deiner Zeitzone (Hongkong)',
      'Donnerstag, 24. Mai 2018 (Uhrzeit folgt)',
    ],
    venues: [
      'Dienstag, 22. Mai 2018 um 14:00 Uhr (Ortszeit Mailand)',
      'Dienstag, 22. Mai 2018 um 14:00 Uhr (Ortszeit Milano)',
      'Dienstag, 22. Mai 2018 um 14:00 Uhr (Ortszeit Rom)',
      'Dienstag, 22. Mai 2018 um 14:00 Uhr (Ortszeit Madrid)',
      'Dienstag, 22. Mai 2018 um 20:00 Uhr (Ortszeit Hongkong)',
      'Dienstag, 22. Mai 2018 um 14:00 Uhr (Ortszeit Wien)',
      'Dienstag, 22. Mai 2018 um 12:00 Uhr (UTC)',
    ],
    digestEmpty: [
      ['🗓️ Demnächst (innerhalb von 1 Tag)', 'Innerhalb von 1 Tag ist nichts geplant.'],
      ['🗓️ Demnächst (die nächsten 2 Tage)', 'Für die nächsten 2 Tage ist nichts geplant.'],
      ['🗓️ Demnächst (die nächsten 14 Tage)', 'Für die nächsten 14 Tage ist nichts geplant.'],
    ],
    digest: [
      '🗓️ Demnächst (die nächsten 7 Tage)',
      '• Mi 8 — Dienstag, 22. Mai 2018 um 14:00 Uhr (Ortszeit Paris) (noch 2 Tage und 5 Stunden)',
      '• Mi 8 Italien — Donnerstag, 24. Mai 2018 (Uhrzeit folgt) (noch 4 Tage)',
    ],
    catchupIntro: [
      'Du hast 0 Beiträge verpasst:',
      'Du hast 1 Beitrag verpasst:',
      'Du hast 2 Beiträge verpasst:',
      'Du hast 5 Beiträge verpasst:',
      'Du hast 21 Beiträge verpasst:',
      'Du hast 101 Beiträge verpasst:',
    ],
  },
};

function said(l: Locale): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  for (const u of ['d', 'h', 'm', 'w', 's'])
    e[`countdown_${u}`] = [1, 2, 5, 21, 101].map((n) => post(l, 'countdown', `${n}${u}`).title);
  e.zero = (['d', 'h', 'm', 'w', 's'] as const).map((u) => String(catalog(l).unit(0, u)));
  e.pinned = [at - 28 * 3_600_000, at - (2 * 86_400_000 + 3_600_000), at - 20_000].map(
    (now) => post(l, 'pinned', 'm1440', { now }).title,
  );
  e.reminder = ['1h', '2d', '15m', '0'].map((s) => post(l, 'reminder', s).title);
  e.live = [post(l, 'live', '0').title, post(l, 'live', '0', { event: DATE_ONLY }).title];
  e.when = [
    when(l, TIMED, 'Europe/Paris'),
    when(l, TIMED, 'Asia/Hong_Kong'),
    when(l, DATE_ONLY, 'Europe/Rome'),
  ];
  e.venues = [
    timedIn('Europe/Rome', 'Milano', DATE_ONLY.cityNames),
    timedIn('Europe/Rome', 'Milano'),
    timedIn('Europe/Rome'),
    timedIn('Europe/Madrid'),
    timedIn('Asia/Hong_Kong', 'Hong_Kong'),
    timedIn('Europe/Vienna', 'Wien'),
    timedIn('Etc/UTC'),
  ].map((ev) => when(l, ev, ev.zone));
  e.digestEmpty = [1, 2, 14].map((days) => {
    const m = post(l, 'digest', 'digest', { windowMs: days * 86_400_000 });
    return [m.title, ...m.lines];
  });
  e.digest = renderPlain(
    post(l, 'digest', 'digest', {
      now: Date.parse('2018-05-20T07:00:00Z'),
      windowMs: 7 * 86_400_000,
      zone: 'Europe/Rome',
    }),
  ).split('\n');
  e.catchupIntro = [0, 1, 2, 5, 21, 101].map((n) => catalog(l).catchupIntro(n));
  return e;
}

describe('what readers see, in each language', () => {
  for (const l of LOCALES) {
    describe(l, () => {
      const expected = SAY[l];
      const actual = said(l);
      for (const key of Object.keys(expected)) {
        it(key, () => {
          expect(actual[key]).toEqual(expected[key]);
        });
      }
    });
  }

  it('covers every language Herald speaks', () => {
    expect(Object.keys(SAY).sort()).toEqual([...LOCALES].sort());
  });

  it('writes a million as each language does (CLDR’s “many” forms: French “de”)', () => {
    const million = (l: Locale) => [
      String(catalog(l).unit(1_000_000, 'd')),
      catalog(l).catchupIntro(1_000_000),
      catalog(l).cmd.unsubscribed(1_000_000),
    ];
    expect(million('en')).toEqual([
      '1,000,000 days',
      'You missed 1,000,000 posts:',
      'Removed 1,000,000 subscriptions.',
    ]);
    expect(million('fr')).toEqual([
      '1\u202f000\u202f000 de jours',
      'Vous avez manqué 1\u202f000\u202f000 de messages :',
      '1\u202f000\u202f000 d’abonnements supprimés.',
    ]);
    expect(million('it')).toEqual([
      '1.000.000 giorni',
      'Hai perso 1.000.000 messaggi:',
      '1.000.000 iscrizioni rimosse.',
    ]);
    expect(million('es')).toEqual([
      '1.000.000 días',
      'Te has perdido 1.000.000 mensajes:',
      'Se han eliminado 1.000.000 suscripciones.',
    ]);
    expect(million('de')).toEqual([
      '1.000.000 Tage',
      'Du hast 1.000.000 Beiträge verpasst:',
      '1.000.000 Abos entfernt.',
    ]);
  });
});
