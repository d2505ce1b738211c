import type { Locale } from '../../core/types.js';

/**
 * The launch page's own words: what the bot never says. Everything the bot also says (venue
 * time, "time to be announced", the reader's time, field names, the list's title) comes from
 * the bot's catalogs (src/i18n). Every language implements the whole interface: a missing key
 * fails the typecheck.
 */
export interface PageTexts {
  /** The site's name beside a page's title, and its description for link previews. */
  readonly tagline: string;
  readonly intro: string;
  readonly skipToLaunches: string;
  readonly languageLabel: string;
  readonly allLaunches: string;
  /** A launch's state, as its badge says it. */
  readonly state: {
    readonly upcoming: string;
    readonly tba: string;
    readonly today: string;
    readonly live: string;
    readonly postponed: string;
    readonly cancelled: string;
    readonly ended: string;
  };
  /** "Starts in 3 days and 4 hours"; `left` is already formatted (the script fills in its own). */
  startsIn(left: string): string;
  /** A date-only launch: "The day is in 3 days". */
  dayIn(left: string): string;
  readonly cancelledNote: string;
  readonly postponedNote: string;
  readonly endedNote: string;
  readonly linksLabel: string;
  readonly followLabel: string;
  readonly telegram: string;
  readonly discord: string;
  readonly icsOne: string;
  readonly google: string;
  readonly followAll: string;
  readonly icsAll: string;
  readonly icsHelp: string;
  readonly browserNote: string;
  readonly notFoundTitle: string;
  readonly notFoundBody: string;
  /** Links between the pages of a long list. */
  readonly sooner: string;
  readonly later: string;
  pageOf(page: number, pages: number): string;
}

const en: PageTexts = {
  tagline: 'Launch countdowns',
  intro: 'Every launch, counted down to the second, in your own time zone.',
  skipToLaunches: 'Skip to the launches',
  languageLabel: 'Language',
  allLaunches: 'All launches',
  state: {
    upcoming: 'Upcoming',
    tba: 'Time to be announced',
    today: 'Launch day',
    live: 'Live now',
    postponed: 'Postponed',
    cancelled: 'Cancelled',
    ended: 'Ended',
  },
  startsIn: (left) => `Starts in ${left}`,
  dayIn: (left) => `The day is in ${left}`,
  cancelledNote: 'This launch is cancelled.',
  postponedNote: 'This launch is postponed: a new date will be announced.',
  endedNote: 'This launch has taken place.',
  linksLabel: 'Links',
  followLabel: 'Follow the countdown',
  telegram: 'Reminders on Telegram',
  discord: 'Join the Discord server',
  icsOne: 'Add to your calendar (ICS)',
  google: 'Add to Google Calendar',
  followAll: 'Every launch in your calendar',
  icsAll: 'Subscribe to the calendar (ICS)',
  icsHelp: 'Paste this address into your calendar application to follow every launch:',
  browserNote: 'Countdowns and times in your zone are worked out by your browser.',
  notFoundTitle: 'Launch not found',
  notFoundBody: 'No public launch has this address. It may have been removed.',
  sooner: 'Sooner launches',
  later: 'Later launches',
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
};

const fr: PageTexts = {
  tagline: 'Comptes à rebours des lancements',
  intro: 'Chaque lancement, à la seconde près, dans votre propre fuseau horaire.',
  skipToLaunches: 'Aller aux lancements',
  languageLabel: 'Langue',
  allLaunches: 'Tous les lancements',
  state: {
    upcoming: 'À venir',
    tba: 'Heure à confirmer',
    today: 'Jour du lancement',
    live: 'En direct',
    postponed: 'Reporté',
    cancelled: 'Annulé',
    ended: 'Terminé',
  },
  startsIn: (left) => `Commence dans ${left}`,
  dayIn: (left) => `Le jour J est dans ${left}`,
  cancelledNote: 'Ce lancement est annulé.',
  postponedNote: 'Ce lancement est reporté : une nouvelle date sera annoncée.',
  endedNote: 'Ce lancement a eu lieu.',
  linksLabel: 'Liens',
  followLabel: 'Suivre le compte à rebours',
  telegram: 'Rappels sur Telegram',
  discord: 'Rejoindre le serveur Discord',
  icsOne: 'Ajouter à votre agenda (ICS)',
  google: 'Ajouter à Google Agenda',
  followAll: 'Tous les lancements dans votre agenda',
  icsAll: 'S’abonner au calendrier (ICS)',
  icsHelp: 'Collez cette adresse dans votre application d’agenda pour suivre tous les lancements :',
  browserNote: 'Les comptes à rebours et les heures dans votre fuseau sont calculés par votre navigateur.',
  notFoundTitle: 'Lancement introuvable',
  notFoundBody: 'Aucun lancement public n’a cette adresse. Il a peut-être été retiré.',
  sooner: 'Lancements plus proches',
  later: 'Lancements suivants',
  pageOf: (page, pages) => `Page ${page} sur ${pages}`,
};

const it: PageTexts = {
  tagline: 'Conti alla rovescia dei lanci',
  intro: 'Ogni lancio, al secondo, nel tuo fuso orario.',
  skipToLaunches: 'Vai ai lanci',
  languageLabel: 'Lingua',
  allLaunches: 'Tutti i lanci',
  state: {
    upcoming: 'In arrivo',
    tba: 'Orario da confermare',
    today: 'Giorno del lancio',
    live: 'In diretta',
    postponed: 'Rinviato',
    cancelled: 'Annullato',
    ended: 'Concluso',
  },
  startsIn: (left) => `Inizia tra ${left}`,
  dayIn: (left) => `Il giorno è tra ${left}`,
  cancelledNote: 'Questo lancio è annullato.',
  postponedNote: 'Questo lancio è rinviato: sarà annunciata una nuova data.',
  endedNote: 'Questo lancio si è svolto.',
  linksLabel: 'Link',
  followLabel: 'Segui il conto alla rovescia',
  telegram: 'Promemoria su Telegram',
  discord: 'Entra nel server Discord',
  icsOne: 'Aggiungi al calendario (ICS)',
  google: 'Aggiungi a Google Calendar',
  followAll: 'Tutti i lanci nel tuo calendario',
  icsAll: 'Iscriviti al calendario (ICS)',
  icsHelp: 'Incolla questo indirizzo nella tua app di calendario per seguire tutti i lanci:',
  browserNote: 'I conti alla rovescia e gli orari nel tuo fuso sono calcolati dal tuo browser.',
  notFoundTitle: 'Lancio non trovato',
  notFoundBody: 'Nessun lancio pubblico ha questo indirizzo. Potrebbe essere stato rimosso.',
  sooner: 'Lanci più vicini',
  later: 'Lanci successivi',
  pageOf: (page, pages) => `Pagina ${page} di ${pages}`,
};

const es: PageTexts = {
  tagline: 'Cuentas atrás de lanzamientos',
  intro: 'Cada lanzamiento, al segundo, en tu propia zona horaria.',
  skipToLaunches: 'Ir a los lanzamientos',
  languageLabel: 'Idioma',
  allLaunches: 'Todos los lanzamientos',
  state: {
    upcoming: 'Próximamente',
    tba: 'Hora por confirmar',
    today: 'Día del lanzamiento',
    live: 'En directo',
    postponed: 'Aplazado',
    cancelled: 'Cancelado',
    ended: 'Finalizado',
  },
  startsIn: (left) => `Empieza dentro de ${left}`,
  dayIn: (left) => `El día llega dentro de ${left}`,
  cancelledNote: 'Este lanzamiento se ha cancelado.',
  postponedNote: 'Este lanzamiento se ha aplazado: se anunciará una nueva fecha.',
  endedNote: 'Este lanzamiento ya tuvo lugar.',
  linksLabel: 'Enlaces',
  followLabel: 'Sigue la cuenta atrás',
  telegram: 'Recordatorios en Telegram',
  discord: 'Únete al servidor de Discord',
  icsOne: 'Añadir a tu calendario (ICS)',
  google: 'Añadir a Google Calendar',
  followAll: 'Todos los lanzamientos en tu calendario',
  icsAll: 'Suscribirse al calendario (ICS)',
  icsHelp: 'Pega esta dirección en tu aplicación de calendario para seguir todos los lanzamientos:',
  browserNote: 'Tu navegador calcula las cuentas atrás y las horas en tu zona.',
  notFoundTitle: 'Lanzamiento no encontrado',
  notFoundBody: 'Ningún lanzamiento público tiene esta dirección. Puede que se haya retirado.',
  sooner: 'Lanzamientos más próximos',
  later: 'Lanzamientos posteriores',
  pageOf: (page, pages) => `Página ${page} de ${pages}`,
};

const de: PageTexts = {
  tagline: 'Countdowns zu Produktstarts',
  intro: 'Jeder Start, sekundengenau, in deiner eigenen Zeitzone.',
  skipToLaunches: 'Zu den Starts springen',
  languageLabel: 'Sprache',
  allLaunches: 'Alle Starts',
  state: {
    upcoming: 'Demnächst',
    tba: 'Uhrzeit folgt',
    today: 'Starttag',
    live: 'Jetzt live',
    postponed: 'Verschoben',
    cancelled: 'Abgesagt',
    ended: 'Beendet',
  },
  startsIn: (left) => `Beginnt in ${left}`,
  dayIn: (left) => `Der Tag ist in ${left}`,
  cancelledNote: 'Dieser Start ist abgesagt.',
  postponedNote: 'Dieser Start ist verschoben: Ein neuer Termin wird angekündigt.',
  endedNote: 'Dieser Start hat stattgefunden.',
  linksLabel: 'Links',
  followLabel: 'Dem Countdown folgen',
  telegram: 'Erinnerungen auf Telegram',
  discord: 'Dem Discord-Server beitreten',
  icsOne: 'Zum Kalender hinzufügen (ICS)',
  google: 'Zu Google Kalender hinzufügen',
  followAll: 'Alle Starts in deinem Kalender',
  icsAll: 'Kalender abonnieren (ICS)',
  icsHelp: 'Füge diese Adresse in deine Kalender-App ein, um allen Starts zu folgen:',
  browserNote: 'Countdowns und Uhrzeiten in deiner Zone berechnet dein Browser.',
  notFoundTitle: 'Start nicht gefunden',
  notFoundBody: 'Unter dieser Adresse gibt es keinen öffentlichen Start. Vielleicht wurde er entfernt.',
  sooner: 'Frühere Starts',
  later: 'Spätere Starts',
  pageOf: (page, pages) => `Seite ${page} von ${pages}`,
};

const TEXTS: Record<Locale, PageTexts> = { en, fr, it, es, de };

export function pageTexts(locale: Locale): PageTexts {
  return TEXTS[locale];
}

/** Each language's own name, as its speakers write it (the language switcher). */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  it: 'Italiano',
  es: 'Español',
  de: 'Deutsch',
};

/** OpenGraph's locale for each language. */
export const OG_LOCALES: Record<Locale, string> = {
  en: 'en_GB',
  fr: 'fr_FR',
  it: 'it_IT',
  es: 'es_ES',
  de: 'de_DE',
};
