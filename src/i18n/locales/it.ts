import { defineLanguage } from '../language.js';

/**
 * Italian: tu, as chats do. The verb agrees with the time left ("manca 1 giorno", "mancano
 * 2 giorni"); with two units it agrees with the first, the nearer one ("manca 1 giorno e 4 ore").
 * The first of a month is "1º" ("venerdì 1º gennaio 2027").
 */
export const it = defineLanguage({
  code: 'it',
  cldr: 'it',
  messages: {
    dayOfMonth: '{day, plural, =1 {1º} other {#}}',
    dateTime: '{date} alle {time}',
    venueTime: '{dateTime}, ora di {city}',
    venueOffsetTime: '{dateTime} ({offset})',
    timeTba: '{date} (orario da confermare)',
    readerTime: '{time} nel tuo fuso orario ({zone})',

    countdownTitle: '⏳ {title}: {n, plural, one {manca {left}} other {mancano {left}}}',
    liveTitle: '🚀 In diretta ora: {title}',
    launchDayTitle: '📅 È oggi: {title}',
    reminderTitle: '🔔 Promemoria: {title} inizia tra {left}',
    reminderNowTitle: '🔔 Si comincia: {title}',
    changedTitle: '✏️ Aggiornamento: {title}',
    cancelledTitle: '❌ Annullato: {title}',
    postponedTitle: '⏸️ Rinviato: {title}',
    cancelledBody: 'Questo lancio è annullato. Il conto alla rovescia e i promemoria sono stati fermati.',
    postponedBody:
      'Questo lancio è rinviato. Il conto alla rovescia riprenderà appena sarà annunciata una nuova data.',
    late: 'Inviato in ritardo: questo messaggio era previsto per {due}.',
    fallbackDm: '{user}, i tuoi messaggi privati sono chiusi: ecco qui il tuo promemoria.',
    remindMe: '🔔 Ricordamelo',
    subscribeInPrivate:
      'Per ricevere in privato i promemoria di {topic}, apri una chat con me e premi Avvia.',

    field: {
      when: 'Quando',
      where: 'Dove',
      status: 'Stato',
      tags: 'Tag',
      title: 'Titolo',
      id: 'Id',
      left: 'Tempo rimanente',
    },
    status: {
      scheduled: 'in programma',
      live: 'in corso',
      ended: 'concluso',
      postponed: 'rinviato',
      cancelled: 'annullato',
    },
    changeLine: '{label}: {before} → {after}',

    digestTitle: '🗓️ In programma entro {window}',
    digestEmpty: 'Nessun lancio in programma entro {window}.',
    digestLine: '• {title} — {when} ({left})',
    digestMore: '{count, plural, one {…e un altro in questo periodo} other {…e altri # in questo periodo}}',

    catchupTitle: '⏱️ Herald è rimasto offline dal {from} al {to}',
    catchupIntro: '{count, plural, one {Hai perso # messaggio:} other {Hai perso # messaggi:}}',
    catchupItem: '• {what} (previsto per il {due})',
    catchupNext: 'Prossimo: {title}, {when}',

    in: 'tra {left}',
    started: 'iniziato',

    cmd: {
      nextNone: 'Nessun lancio in programma.',
      nextTitle: 'Prossimo lancio: {title}',
      eventsTitle: 'Prossimi lanci',
      eventsTitleTagged: 'Prossimi lanci con il tag {tag}',
      eventsNone: 'Nessun lancio in arrivo.',
      eventsNoneTagged: 'Nessun lancio in arrivo con il tag {tag}.',
      eventsMore:
        '{count, plural, one {…e un altro: events <tag> mostra quelli di un tag} other {…e altri #: events <tag> mostra quelli di un tag}}',
      eventsMoreTagged: '{count, plural, one {…e un altro} other {…e altri #}}',
      countdownTitle: '⏳ {title}',
      countdownLeft: 'Inizia tra {left}.',
      countdownTba:
        'L’orario non è ancora stato annunciato; {n, plural, one {manca {days}} other {mancano {days}}} al giorno del lancio.',
      subscribed:
        'Iscrizione a {topic} fatta. Riceverai un messaggio privato {offsets} prima di ogni lancio.',
      alreadySubscribed: 'Hai già un’iscrizione a {topic}.',
      unsubscribed: '{count, plural, one {# iscrizione rimossa.} other {# iscrizioni rimosse.}}',
      notSubscribed: 'Non hai iscrizioni da rimuovere.',
      settingsShow: 'Lingua di questa chat: {language} ({code}); fuso orario: {zone}.',
      settingsSaved: 'Salvato. Lingua di questa chat: {language} ({code}); fuso orario: {zone}.',
      helpTitle: 'Herald fa il conto alla rovescia dei lanci. Comandi:',
      helpAdmin: 'Per gli amministratori:',
      helpUsage:
        'Date: 2027-05-22T14:00, oppure "24 maggio ore 15"; vale il fuso orario della chat, a meno che tu non aggiunga zone:Europe/Rome.',
      eventAdded: '{id} aggiunto: {when}. Chi lo segue riceverà il conto alla rovescia.',
      eventEdited:
        '{count, plural, one {{id} aggiornato (# modifica); chi lo segue è stato avvisato.} other {{id} aggiornato (# modifiche); chi lo segue è stato avvisato.}}',
      eventUnchanged: 'Nessuna modifica per {id}.',
      eventCancelled:
        '{id} annullato; i messaggi previsti sono stati fermati e chi lo segue è stato avvisato.',
      eventPostponed:
        '{id} rinviato; i messaggi previsti sono stati fermati e chi lo segue è stato avvisato.',
      eventAlready: '{id} è già {status}: non cambia nulla e nessuno viene avvisato di nuovo.',
      followed:
        '{count, plural, one {Questa chat ora segue {what} (# messaggio previsto).} other {Questa chat ora segue {what} (# messaggi previsti).}}',
      unfollowed: 'Questa chat non segue più {what}.',
      notFollowing: 'Questa chat non segue {what}.',
      summaryQueued: 'Il riepilogo è in arrivo.',
      auditTitle: 'Ultimi invii',
      auditEmpty: 'Ancora nessun invio.',
      auditLine: '{when} {status} {what} → {target}',
      auditLineError: '{when} {status} {what} → {target} ({error})',
      auditTargetDisabled: '⚠️ {target} è disattivato: {reason}',
    },

    err: {
      unknownCommand: 'Comando sconosciuto: "{name}". Prova help.',
      notAdmin: 'Solo gli amministratori di questa chat possono farlo.',
      missingArg: 'Manca {name}. Uso: {usage}',
      tooManyArgs: 'Troppi argomenti. Uso: {usage}',
      unclosedQuote: 'Una virgoletta non è chiusa: chiudila o togli le virgolette. Uso: {usage}',
      argTooLong: 'Il campo {name} è troppo lungo: al massimo {max} caratteri.',
      badArg: '"{value}" non è un valore valido per {name}: {expected}.',
      unknownEvent: 'Nessun lancio ha l’id "{id}". Prova events.',
      unknownTopic: '"{topic}" non è né l’id di un lancio né un tag. Prova events.',
      eventExists: 'Esiste già un lancio con l’id "{id}". Usa event_edit.',
      idTaken: 'L’id "{id}" è già in uso. Scegline un altro.',
      notYourEvent:
        '"{id}" appartiene agli operatori di Herald o a un’altra comunità: solo loro possono modificarlo.',
      publishOperatorsOnly: 'Solo gli operatori di Herald possono rendere pubblico un lancio.',
      unknownZone: '"{zone}" non è un fuso orario. Usa un nome come Europe/Rome.',
      unknownLocale: '"{locale}" non è una lingua di Herald: usa {languages}.',
      time: {
        invalidDate: '"{text}" non è una data che esiste.',
        inGap:
          '{time} non esiste nel fuso {zone}: a quell’ora gli orologi vanno avanti. Scegli un altro orario.',
        unparsed: 'Non ho capito la data "{text}". Prova 2027-05-22T14:00 o "24 maggio ore 15".',
        ambiguous: '"{text}" è ambiguo. Scrivi il mese in lettere o usa 2027-05-22.',
        past: '{when} è già passato.',
        noDate: '"{text}" non indica un giorno. Aggiungi la data, per esempio "24 maggio ore 15".',
      },
      internal: 'Qualcosa è andato storto da parte nostra; l’errore è stato registrato.',
      slowDown: 'Piano: sono tanti comandi. Riprova tra {wait}.',
      chatBusy: 'Troppi comandi in questa chat. Riprova tra {wait}.',
    },

    commands: {
      next: { description: 'Il prossimo lancio' },
      events: {
        description: 'I prossimi lanci, anche per tag',
        tag: 'Solo i lanci con questo tag',
      },
      event: { description: 'I dettagli di un lancio' },
      countdown: { description: 'Il tempo che manca a un lancio' },
      subscribe: { description: 'Ricevere promemoria in privato per un lancio o un tag' },
      unsubscribe: {
        description: 'Fermare i promemoria in privato (tutti, o un lancio o un tag)',
        topic: 'Un id o un tag; tutti se omesso',
      },
      settings: {
        description: 'Vedere o cambiare lingua e fuso orario di questa chat',
        language: '{languages}',
        zone: 'Fuso orario, per es. Europe/Rome',
      },
      help: { description: 'Cosa sa fare Herald' },
      event_add: {
        description: 'Aggiungere un lancio',
        id: 'Nuovo id: a-z, 0-9, - e _',
        when: 'Data, e ora se nota: "24 maggio ore 15"',
        title: 'Titolo',
      },
      event_edit: {
        description: 'Modificare un lancio; chi lo segue viene avvisato',
        when: 'Nuova data e ora',
        title: 'Nuovo titolo (nella lingua della chat)',
        status: 'scheduled, postponed, cancelled…',
        public: 'Operatori: visibile a tutte le comunità',
      },
      event_cancel: {
        description: 'Annullare o rinviare un lancio; chi lo segue viene avvisato',
        postpone: 'Rinviare invece di annullare',
      },
      follow: { description: 'Questa chat segue un lancio o un tag' },
      unfollow: { description: 'Questa chat smette di seguire un lancio o un tag' },
      summary: { description: 'Pubblicare ora un riepilogo dei prossimi lanci' },
      audit: { description: 'Ultimi invii ed errori', limit: 'Quanti (predefinito 15)' },
    },
    options: {
      id: 'Id del lancio (vedi events)',
      topic: 'Un id di lancio o un tag',
      zone: 'Fuso orario del luogo (predefinito: quello della chat)',
      city: 'Città del luogo',
      tags: 'Tag, separati da virgole',
      image: 'URL dell’immagine',
      link: 'URL del link',
    },
  },
});
