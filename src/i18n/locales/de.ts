import { defineLanguage } from '../language.js';

/**
 * German: du, as chats do. Lengths of time come from CLDR in the nominative ("2 Tage"), so
 * every template puts them where the nominative or accusative is right ("noch 2 Tage",
 * "für die nächsten 2 Tage", "2 Tage vor jedem Launch"), never after a preposition that
 * wants the dative ("in 2 Tagen"); see docs/i18n.md.
 */
export const de = defineLanguage({
  code: 'de',
  cldr: 'de',
  messages: {
    dateTime: '{date} um {time} Uhr',
    venueTime: '{dateTime} (Ortszeit {city})',
    venueOffsetTime: '{dateTime} ({offset})',
    timeTba: '{date} (Uhrzeit folgt)',
    readerTime: '{time} Uhr in deiner Zeitzone ({zone})',

    countdownTitle: '⏳ {title}: noch {left}',
    liveTitle: '🚀 Jetzt live: {title}',
    launchDayTitle: '📅 Heute: {title}',
    reminderTitle: '🔔 Erinnerung: {title} – noch {left}',
    reminderNowTitle: '🔔 Es geht los: {title}',
    changedTitle: '✏️ Update: {title}',
    cancelledTitle: '❌ Abgesagt: {title}',
    postponedTitle: '⏸️ Verschoben: {title}',
    cancelledBody: 'Dieser Launch ist abgesagt. Countdown-Beiträge und Erinnerungen sind gestoppt.',
    postponedBody:
      'Dieser Launch ist verschoben. Der Countdown läuft weiter, sobald ein neuer Termin feststeht.',
    late: 'Verspätet gesendet: Dieser Beitrag war für {due} geplant.',
    fallbackDm: '{user}, deine Direktnachrichten sind geschlossen, deshalb kommt deine Erinnerung hier.',
    remindMe: '🔔 Erinnere mich',
    subscribeInPrivate:
      'Um Erinnerungen für {topic} per Direktnachricht zu bekommen, öffne einen privaten Chat mit mir und tippe auf Starten.',

    field: {
      when: 'Wann',
      where: 'Wo',
      status: 'Status',
      tags: 'Tags',
      title: 'Titel',
      id: 'ID',
      left: 'Verbleibende Zeit',
    },
    status: {
      scheduled: 'geplant',
      live: 'live',
      ended: 'beendet',
      postponed: 'verschoben',
      cancelled: 'abgesagt',
    },
    changeLine: '{label}: {before} → {after}',

    digestTitle:
      '{n, plural, one {🗓️ Demnächst (innerhalb von {window})} other {🗓️ Demnächst (die nächsten {window})}}',
    digestEmpty:
      '{n, plural, one {Innerhalb von {window} ist nichts geplant.} other {Für die nächsten {window} ist nichts geplant.}}',
    digestLine: '• {title} — {when} ({left})',
    digestMore:
      '{count, plural, one {…und ein weiterer in diesem Zeitraum} other {…und # weitere in diesem Zeitraum}}',

    catchupTitle: '⏱️ Herald war von {from} bis {to} offline',
    catchupIntro: '{count, plural, one {Du hast # Beitrag verpasst:} other {Du hast # Beiträge verpasst:}}',
    catchupItem: '• {what} (geplant für {due})',
    catchupNext: 'Als Nächstes: {title}, {when}',

    in: 'noch {left}',
    started: 'begonnen',

    cmd: {
      nextNone: 'Es ist kein Launch geplant.',
      nextTitle: 'Nächster Launch: {title}',
      eventsTitle: 'Kommende Launches',
      eventsTitleTagged: 'Kommende Launches mit dem Tag {tag}',
      eventsNone: 'Keine kommenden Launches.',
      eventsNoneTagged: 'Kein kommender Launch hat den Tag {tag}.',
      eventsMore:
        '{count, plural, one {…und ein weiterer: events <tag> zeigt die mit einem Tag} other {…und # weitere: events <tag> zeigt die mit einem Tag}}',
      eventsMoreTagged: '{count, plural, one {…und ein weiterer} other {…und # weitere}}',
      countdownTitle: '⏳ {title}',
      countdownLeft: 'Noch {left} bis zum Start.',
      countdownTba: 'Die Uhrzeit steht noch nicht fest; bis zum Tag des Launches sind es noch {days}.',
      subscribed: 'Du hast {topic} abonniert. Du bekommst {offsets} vor jedem Launch eine Direktnachricht.',
      alreadySubscribed: 'Du hast {topic} bereits abonniert.',
      unsubscribed: '{count, plural, one {# Abo entfernt.} other {# Abos entfernt.}}',
      notSubscribed: 'Du hast kein Abo, das sich entfernen ließe.',
      settingsShow: 'Sprache dieses Chats: {language} ({code}); Zeitzone: {zone}.',
      settingsSaved: 'Gespeichert. Sprache dieses Chats: {language} ({code}); Zeitzone: {zone}.',
      helpTitle: 'Herald zählt die Zeit bis zu Launches herunter. Befehle:',
      helpAdmin: 'Für Admins:',
      helpUsage:
        'Daten: 2027-05-22T14:00 oder „22. Mai 14:00“; es gilt die Zeitzone des Chats, außer du fügst zone:Europe/Berlin hinzu.',
      eventAdded: '{id} hinzugefügt: {when}. Wer ihm folgt, bekommt den Countdown.',
      eventEdited:
        '{count, plural, one {{id} aktualisiert (# Änderung); wer ihm folgt, wird benachrichtigt.} other {{id} aktualisiert (# Änderungen); wer ihm folgt, wird benachrichtigt.}}',
      eventUnchanged: 'An {id} hat sich nichts geändert.',
      eventCancelled:
        '{id} abgesagt; geplante Beiträge sind gestoppt und wer ihm folgt, wird benachrichtigt.',
      eventPostponed:
        '{id} verschoben; geplante Beiträge sind gestoppt und wer ihm folgt, wird benachrichtigt.',
      eventAlready: '{id} ist bereits {status}; nichts ändert sich und niemand wird erneut benachrichtigt.',
      followed:
        '{count, plural, one {Dieser Chat folgt jetzt {what} (# Beitrag geplant).} other {Dieser Chat folgt jetzt {what} (# Beiträge geplant).}}',
      unfollowed: 'Dieser Chat folgt {what} nicht mehr.',
      notFollowing: 'Dieser Chat folgt {what} nicht.',
      summaryQueued: 'Die Übersicht ist unterwegs.',
      auditTitle: 'Letzte Zustellungen',
      auditEmpty: 'Noch nichts zugestellt.',
      auditLine: '{when} {status} {what} → {target}',
      auditLineError: '{when} {status} {what} → {target} ({error})',
      auditTargetDisabled: '⚠️ {target} ist deaktiviert: {reason}',
    },

    err: {
      unknownCommand: 'Unbekannter Befehl: „{name}“. Versuch es mit help.',
      notAdmin: 'Das dürfen nur die Admins dieses Chats.',
      missingArg: '{name} fehlt. Verwendung: {usage}',
      tooManyArgs: 'Zu viele Argumente. Verwendung: {usage}',
      unclosedQuote:
        'Ein Anführungszeichen ist nicht geschlossen: Schließe es oder lass die Anführungszeichen weg. Verwendung: {usage}',
      argTooLong: 'Das Feld {name} ist zu lang: höchstens {max} Zeichen.',
      badArg: '„{value}“ ist kein gültiger Wert für {name}: {expected}.',
      unknownEvent: 'Kein Launch hat die ID „{id}“. Versuch es mit events.',
      unknownTopic: '„{topic}“ ist weder die ID eines Launches noch ein Tag. Versuch es mit events.',
      eventExists: 'Es gibt bereits einen Launch mit der ID „{id}“. Nutze event_edit.',
      idTaken: 'Die ID „{id}“ ist schon vergeben. Wähle eine andere.',
      notYourEvent:
        '„{id}“ gehört den Betreibern von Herald oder einer anderen Community: Nur sie können ihn ändern.',
      publishOperatorsOnly: 'Nur die Betreiber von Herald können einen Launch öffentlich machen.',
      unknownZone: '„{zone}“ ist keine Zeitzone. Nutze einen Namen wie Europe/Berlin.',
      unknownLocale: '„{locale}“ ist keine Sprache von Herald: Nutze {languages}.',
      time: {
        invalidDate: '„{text}“ ist kein gültiges Datum.',
        inGap:
          '{time} gibt es in {zone} nicht: Zu dieser Zeit wird die Uhr vorgestellt. Wähle eine andere Uhrzeit.',
        unparsed:
          '„{text}“ habe ich nicht als Datum verstanden. Versuch es mit 2027-05-22T14:00 oder „22. Mai 14:00“.',
        ambiguous: '„{text}“ ist mehrdeutig. Schreib den Monat aus oder nutze 2027-05-22.',
        past: '{when} liegt in der Vergangenheit.',
        noDate: '„{text}“ nennt keinen Tag. Füge das Datum hinzu, z. B. „22. Mai 14:00“.',
      },
      internal: 'Bei uns ist etwas schiefgelaufen; der Fehler wurde protokolliert.',
      slowDown: 'Langsam: Das sind viele Befehle. Bitte warte {wait}.',
      chatBusy: 'Zu viele Befehle in diesem Chat. Bitte wartet {wait}.',
    },

    commands: {
      next: { description: 'Der nächste Launch' },
      events: {
        description: 'Kommende Launches, auf Wunsch mit einem Tag',
        tag: 'Nur Launches mit diesem Tag',
      },
      event: { description: 'Details zu einem Launch' },
      countdown: { description: 'Die verbleibende Zeit bis zu einem Launch' },
      subscribe: { description: 'Erinnerungen per Direktnachricht für einen Launch oder einen Tag' },
      unsubscribe: {
        description: 'Erinnerungen per Direktnachricht beenden (alle oder für einen Launch oder Tag)',
        topic: 'Eine Launch-ID oder ein Tag; ohne Angabe alle',
      },
      settings: {
        description: 'Sprache und Zeitzone dieses Chats anzeigen oder ändern',
        language: '{languages}',
        zone: 'Zeitzone, z. B. Europe/Berlin',
      },
      help: { description: 'Was Herald kann' },
      event_add: {
        description: 'Einen Launch hinzufügen',
        id: 'Neue ID: a-z, 0-9, - und _',
        when: 'Datum und, falls bekannt, Uhrzeit: „22. Mai 14:00“',
        title: 'Titel',
      },
      event_edit: {
        description: 'Einen Launch ändern; wer ihm folgt, erfährt, was sich geändert hat',
        when: 'Neues Datum und neue Uhrzeit',
        title: 'Neuer Titel (in der Sprache des Chats)',
        status: 'scheduled, postponed, cancelled…',
        public: 'Betreiber: für alle Communitys sichtbar',
      },
      event_cancel: {
        description: 'Einen Launch absagen oder verschieben; wer ihm folgt, wird benachrichtigt',
        postpone: 'Verschieben statt absagen',
      },
      follow: { description: 'Dieser Chat folgt einem Launch oder einem Tag' },
      unfollow: { description: 'Dieser Chat folgt einem Launch oder einem Tag nicht mehr' },
      summary: { description: 'Jetzt eine Übersicht der kommenden Launches posten' },
      audit: { description: 'Letzte Zustellungen und Fehler', limit: 'Wie viele (Standard: 15)' },
    },
    options: {
      id: 'ID des Launches (siehe events)',
      topic: 'Eine Launch-ID oder ein Tag',
      zone: 'Zeitzone des Veranstaltungsorts (Standard: die des Chats)',
      city: 'Stadt des Veranstaltungsorts',
      tags: 'Tags, durch Kommas getrennt',
      image: 'Bild-URL',
      link: 'Link-URL',
    },
  },
});
