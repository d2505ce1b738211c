import type { Catalog } from './catalog.js';
import { plural } from './plural.js';

const units = {
  s: { one: '# secondo', other: '# secondi' },
  m: { one: '# minuto', other: '# minuti' },
  h: { one: '# ora', other: '# ore' },
  d: { one: '# giorno', other: '# giorni' },
  w: { one: '# settimana', other: '# settimane' },
};

export const it: Catalog = {
  locale: 'it',
  unit: (n, unit) => plural('it', n, units[unit]),
  join: (parts) => (parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} e ${parts.at(-1)}`),
  venueTime: (dateTime, city) => `${dateTime} ora di ${city}`,
  timeTba: (date) => `${date} (orario da confermare)`,
  readerTime: (time, zone) => `${time} nel tuo fuso (${zone})`,

  countdownTitle: (title, left) => `⏳ ${title}: mancano ${left}`,
  liveTitle: (title) => `🚀 In diretta ora: ${title}`,
  launchDayTitle: (title) => `📅 È oggi: ${title}`,
  reminderTitle: (title, left) => `🔔 Promemoria: ${title} inizia tra ${left}`,
  reminderNowTitle: (title) => `🔔 Si comincia: ${title}`,
  changedTitle: (title) => `✏️ Aggiornamento: ${title}`,
  cancelledTitle: (title) => `❌ Annullato: ${title}`,
  postponedTitle: (title) => `⏸️ Rinviato: ${title}`,
  cancelledBody: 'Questo lancio è annullato. Il conto alla rovescia e i promemoria sono fermati.',
  postponedBody:
    'Questo lancio è rinviato. Il conto alla rovescia riprenderà appena sarà annunciata una nuova data.',
  late: (due) => `Inviato in ritardo: questo messaggio era previsto ${due}.`,
  fallbackDm: (user) => `${user}, i tuoi messaggi privati sono chiusi: ecco il tuo promemoria.`,
  remindMe: '🔔 Ricordamelo',
  subscribeInPrivate: (topic) =>
    `Per ricevere i promemoria di ${topic} in privato, apri una chat con me e premi Avvia.`,

  field: {
    when: 'Quando',
    where: 'Dove',
    status: 'Stato',
    tags: 'Tag',
    title: 'Titolo',
    id: 'Id',
    left: 'Tempo rimasto',
  },
  status: {
    scheduled: 'in programma',
    live: 'in corso',
    ended: 'concluso',
    postponed: 'rinviato',
    cancelled: 'annullato',
  },
  changeLine: (label, before, after) => `${label}: ${before} → ${after}`,

  digestTitle: (window) => `🗓️ In arrivo nei prossimi ${window}`,
  digestEmpty: (window) => `Niente in programma nei prossimi ${window}.`,
  digestLine: (title, when, left) => `• ${title} — ${when} (${left})`,
  digestMore: (count) =>
    count === 1 ? '…e un altro in questo periodo' : `…e altri ${count} in questo periodo`,

  catchupTitle: (from, to) => `⏱️ Herald è stato offline da ${from} a ${to}`,
  catchupIntro: (count) =>
    plural('it', count, { one: 'Hai perso # messaggio:', other: 'Hai perso # messaggi:' }),
  catchupItem: (what, due) => `• ${what} (previsto ${due})`,
  catchupNext: (title, when) => `Prossimo: ${title}, ${when}`,

  in: (left) => `tra ${left}`,
  ago: (left) => `${left} fa`,
  started: 'iniziato',

  cmd: {
    nextNone: 'Nessun lancio in programma.',
    nextTitle: (title) => `Prossimo lancio: ${title}`,
    eventsTitle: (tag) => (tag ? `Lanci in arrivo con il tag ${tag}` : 'Lanci in arrivo'),
    eventsNone: (tag) => (tag ? `Nessun lancio in arrivo con il tag ${tag}.` : 'Nessun lancio in arrivo.'),
    eventsMore: (count, tagged) =>
      `…e ${count === 1 ? 'un altro' : `altri ${count}`}${tagged ? '' : ': events <tag> mostra quelli di un tag'}`,
    countdownTitle: (title) => `⏳ ${title}`,
    countdownLeft: (left) => `Inizia tra ${left}.`,
    countdownTba: (days) => `L’orario non è ancora annunciato; il giorno è tra ${days}.`,
    subscribed: (topic, offsets) =>
      `Iscritto a ${topic}. Riceverai un messaggio privato ${offsets} prima di ogni lancio.`,
    alreadySubscribed: (topic) => `Sei già iscritto a ${topic}.`,
    unsubscribed: (count) =>
      plural('it', count, { one: '# iscrizione rimossa.', other: '# iscrizioni rimosse.' }),
    notSubscribed: 'Non hai iscrizioni da rimuovere.',
    settingsShow: (locale, zone) => `Questa chat usa la lingua ${locale} e il fuso ${zone}.`,
    settingsSaved: (locale, zone) => `Salvato: questa chat ora usa la lingua ${locale} e il fuso ${zone}.`,
    helpTitle: 'Herald fa il conto alla rovescia dei lanci. Comandi:',
    helpAdmin: 'Per gli amministratori:',
    helpUsage:
      'Date: 2027-05-22T14:00, oppure "24 maggio ore 15"; vale il fuso della chat, a meno di aggiungere zone:Europe/Rome.',
    eventAdded: (id, when) => `${id} aggiunto, ${when}. Chi lo segue avrà il conto alla rovescia.`,
    eventEdited: (id, changes) =>
      plural('it', changes, {
        one: `${id} aggiornato (# modifica); chi lo segue è avvisato.`,
        other: `${id} aggiornato (# modifiche); chi lo segue è avvisato.`,
      }),
    eventUnchanged: (id) => `Nessuna modifica in ${id}.`,
    eventCancelled: (id) => `${id} annullato; i messaggi previsti sono fermati e chi lo segue è avvisato.`,
    eventPostponed: (id) => `${id} rinviato; i messaggi previsti sono fermati e chi lo segue è avvisato.`,
    eventAlready: (id, status) =>
      `${id} è già ${status}: non cambia nulla e nessuno viene avvisato di nuovo.`,
    followed: (what, planned) =>
      plural('it', planned, {
        one: `Questa chat ora segue ${what} (# messaggio previsto).`,
        other: `Questa chat ora segue ${what} (# messaggi previsti).`,
      }),
    unfollowed: (what) => `Questa chat non segue più ${what}.`,
    notFollowing: (what) => `Questa chat non segue ${what}.`,
    summaryQueued: 'Il riepilogo è in arrivo.',
    auditTitle: 'Ultimi invii',
    auditEmpty: 'Ancora nessun invio.',
    auditLine: (when, status, what, target, error) =>
      `${when} ${status} ${what} → ${target}${error ? ` (${error})` : ''}`,
    auditTargetDisabled: (target, reason) => `⚠️ ${target} è disattivato: ${reason}`,
  },

  err: {
    unknownCommand: (name) => `Comando sconosciuto "${name}". Prova help.`,
    notAdmin: 'Solo gli amministratori di questa chat possono farlo.',
    missingArg: (name, usage) => `Manca ${name}. Uso: ${usage}`,
    tooManyArgs: (usage) => `Troppi argomenti. Uso: ${usage}`,
    badArg: (name, value, expected) => `"${value}" non è un ${name} valido: ${expected}.`,
    unknownEvent: (id) => `Nessun lancio ha l’id "${id}". Prova events.`,
    unknownTopic: (topic) => `"${topic}" non è né un id di lancio né un tag. Prova events.`,
    idTaken: (id) => `L’id "${id}" è già in uso. Scegline un altro.`,
    notYourEvent: (id) =>
      `"${id}" appartiene agli operatori di Herald o a un’altra comunità: solo loro possono modificarlo.`,
    publishOperatorsOnly: 'Solo gli operatori di Herald possono rendere pubblico un lancio.',
    eventExists: (id) => `Esiste già un lancio con l’id "${id}". Usa event_edit.`,
    unknownZone: (zone) => `"${zone}" non è un fuso orario. Usa un nome come Europe/Rome.`,
    unknownLocale: (locale) => `"${locale}" non è una lingua di Herald: usa en, fr o it.`,
    time: {
      invalidDate: (text) => `"${text}" non è una data reale.`,
      inGap: (time, zone) =>
        `${time} non esiste in ${zone}: a quell’ora gli orologi vanno avanti. Scegli un altro orario.`,
      unparsed: (text) => `Non ho capito la data "${text}". Prova 2027-05-22T14:00 o "24 maggio ore 15".`,
      ambiguous: (text) => `"${text}" è ambiguo. Scrivi il mese in lettere o usa 2027-05-22.`,
      past: (when) => `${when} è già passato.`,
      noDate: (text) => `"${text}" non ha un giorno. Aggiungi la data, per esempio "24 maggio ore 15".`,
    },
    internal: 'Qualcosa è andato storto da parte nostra; è stato registrato.',
    slowDown: (wait) => `Piano: sono tanti comandi. Riprova tra ${wait}.`,
    chatBusy: (wait) => `Troppi comandi in questa chat. Riprova tra ${wait}.`,
    unclosedQuote: (usage) => `Una virgoletta non è chiusa: chiudila o togli le virgolette. Uso: ${usage}`,
    argTooLong: (name, max) => `Il campo ${name} è troppo lungo: al massimo ${max} caratteri.`,
  },
};
