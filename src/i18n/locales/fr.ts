import { defineLanguage } from '../language.js';

/**
 * French: vouvoiement, « guillemets », a space before : and ;. "de" and "que" elide before a
 * value that starts with a vowel ("heure d’Amsterdam", "plus qu’un jour"). One of a unit is
 * written out ("un jour", "une heure"), as French prose does and as the elision needs; other
 * numbers stay in digits. The first of a month is "1er" ("vendredi 1er janvier 2027").
 */
export const fr = defineLanguage({
  code: 'fr',
  cldr: 'fr',
  elisions: { 'de ': 'd’', 'que ': 'qu’' },
  messages: {
    units: {
      s: '{n, plural, =1 {une seconde} one {# seconde} many {# de secondes} other {# secondes}}',
      m: '{n, plural, =1 {une minute} one {# minute} many {# de minutes} other {# minutes}}',
      h: '{n, plural, =1 {une heure} one {# heure} many {# d’heures} other {# heures}}',
      d: '{n, plural, =1 {un jour} one {# jour} many {# de jours} other {# jours}}',
      w: '{n, plural, =1 {une semaine} one {# semaine} many {# de semaines} other {# semaines}}',
    },
    dayOfMonth: '{day, selectordinal, one {1er} other {#}}',
    dateTime: '{date} à {time}',
    venueTime: '{dateTime}, heure de {city}',
    venueOffsetTime: '{dateTime} ({offset})',
    timeTba: '{date} (heure à confirmer)',
    readerTime: '{time} chez vous ({zone})',

    countdownTitle: '⏳ {title} : plus que {left}',
    liveTitle: '🚀 C’est parti : {title}',
    launchDayTitle: '📅 C’est aujourd’hui : {title}',
    reminderTitle: '🔔 Rappel : {title} commence dans {left}',
    reminderNowTitle: '🔔 Ça commence : {title}',
    changedTitle: '✏️ Mise à jour : {title}',
    cancelledTitle: '❌ Annulé : {title}',
    postponedTitle: '⏸️ Reporté : {title}',
    cancelledBody: 'Ce lancement est annulé. Le compte à rebours et les rappels sont arrêtés.',
    postponedBody:
      'Ce lancement est reporté. Le compte à rebours reprendra dès l’annonce d’une nouvelle date.',
    late: 'Envoyé en retard : ce message était prévu le {due}.',
    fallbackDm: '{user}, vos messages privés sont fermés : voici votre rappel.',
    remindMe: '🔔 Me le rappeler',
    subscribeInPrivate:
      'Pour recevoir en privé les rappels de {topic}, ouvrez une conversation avec moi et appuyez sur Démarrer.',

    field: {
      when: 'Quand',
      where: 'Où',
      status: 'État',
      tags: 'Tags',
      title: 'Titre',
      id: 'Id',
      left: 'Temps restant',
    },
    status: {
      scheduled: 'prévu',
      live: 'en cours',
      ended: 'terminé',
      postponed: 'reporté',
      cancelled: 'annulé',
    },
    changeLine: '{label} : {before} → {after}',

    digestTitle:
      '{n, plural, =1 {🗓️ Au programme d’ici {window}} other {🗓️ Au programme des {window} à venir}}',
    digestEmpty:
      '{n, plural, =1 {Rien n’est prévu d’ici {window}.} other {Rien n’est prévu dans les {window} à venir.}}',
    digestLine: '• {title} — {when} ({left})',
    digestMore:
      '{count, plural, =1 {…et un autre dans cette période} other {…et # autres dans cette période}}',

    catchupTitle: '⏱️ Herald était hors ligne du {from} au {to}',
    catchupIntro:
      '{count, plural, one {Vous avez manqué # message :} many {Vous avez manqué # de messages :} other {Vous avez manqué # messages :}}',
    catchupItem: '• {what} (prévu le {due})',
    catchupNext: 'Prochain : {title}, {when}',

    in: 'dans {left}',
    started: 'commencé',

    cmd: {
      nextNone: 'Aucun lancement n’est prévu.',
      nextTitle: 'Prochain lancement : {title}',
      eventsTitle: 'Lancements à venir',
      eventsTitleTagged: 'Lancements à venir avec le tag {tag}',
      eventsNone: 'Aucun lancement à venir.',
      eventsNoneTagged: 'Aucun lancement à venir n’a le tag {tag}.',
      eventsMore:
        '{count, plural, =1 {…et un autre : events <tag> montre ceux d’un tag} other {…et # autres : events <tag> montre ceux d’un tag}}',
      eventsMoreTagged: '{count, plural, =1 {…et un autre} other {…et # autres}}',
      countdownTitle: '⏳ {title}',
      countdownLeft: 'Début dans {left}.',
      countdownTba: 'L’heure n’est pas encore annoncée ; le jour J est dans {days}.',
      subscribed:
        'Abonnement à {topic} enregistré : vous recevrez un message privé {offsets} avant chaque lancement.',
      alreadySubscribed: 'Vous avez déjà un abonnement à {topic}.',
      unsubscribed:
        '{count, plural, one {# abonnement supprimé.} many {# d’abonnements supprimés.} other {# abonnements supprimés.}}',
      notSubscribed: 'Vous n’avez aucun abonnement à supprimer.',
      settingsShow: 'Langue de cette conversation : {language} ({code}) ; fuseau horaire : {zone}.',
      settingsSaved:
        'Enregistré. Langue de cette conversation : {language} ({code}) ; fuseau horaire : {zone}.',
      helpTitle: 'Herald fait le compte à rebours des lancements. Commandes :',
      helpAdmin: 'Pour les administrateurs :',
      helpUsage:
        'Dates : 2027-05-22T14:00, ou « 22 mai 14h » ; le fuseau de la conversation s’applique, sauf si vous ajoutez zone:Europe/Paris.',
      eventAdded: '{id} ajouté : {when}. Ceux qui le suivent recevront son compte à rebours.',
      eventEdited:
        '{count, plural, one {{id} mis à jour (# modification) ; ceux qui le suivent sont prévenus.} many {{id} mis à jour (# de modifications) ; ceux qui le suivent sont prévenus.} other {{id} mis à jour (# modifications) ; ceux qui le suivent sont prévenus.}}',
      eventUnchanged: 'Rien n’a changé pour {id}.',
      eventCancelled:
        '{id} est annulé ; les messages prévus sont arrêtés et ceux qui le suivent sont prévenus.',
      eventPostponed:
        '{id} est reporté ; les messages prévus sont arrêtés et ceux qui le suivent sont prévenus.',
      eventAlready: '{id} est déjà {status} : rien ne change et personne n’est prévenu à nouveau.',
      followed:
        '{count, plural, one {Cette conversation suit désormais {what} (# message prévu).} many {Cette conversation suit désormais {what} (# de messages prévus).} other {Cette conversation suit désormais {what} (# messages prévus).}}',
      unfollowed: 'Cette conversation ne suit plus {what}.',
      notFollowing: 'Cette conversation ne suit pas {what}.',
      summaryQueued: 'Le résumé arrive.',
      auditTitle: 'Derniers envois',
      auditEmpty: 'Rien n’a encore été envoyé.',
      auditLine: '{when} {status} {what} → {target}',
      auditLineError: '{when} {status} {what} → {target} ({error})',
      auditTargetDisabled: '⚠️ {target} est désactivé : {reason}',
    },

    err: {
      unknownCommand: 'Commande inconnue : « {name} ». Essayez help.',
      notAdmin: 'Seuls les administrateurs de cette conversation peuvent faire cela.',
      missingArg: 'Il manque {name}. Utilisation : {usage}',
      tooManyArgs: 'Trop d’arguments. Utilisation : {usage}',
      unclosedQuote:
        'Un guillemet n’est pas fermé : fermez-le, ou retirez les guillemets. Utilisation : {usage}',
      argTooLong: 'Le champ {name} est trop long : {max} caractères au plus.',
      badArg: '« {value} » n’est pas une valeur valide pour {name} : {expected}.',
      unknownEvent: 'Aucun lancement n’a l’id « {id} ». Essayez events.',
      unknownTopic: '« {topic} » n’est ni un id de lancement ni un tag. Essayez events.',
      eventExists: 'Un lancement a déjà l’id « {id} ». Utilisez event_edit.',
      idTaken: 'L’id « {id} » est déjà pris. Choisissez-en un autre.',
      notYourEvent:
        '« {id} » appartient aux opérateurs de Herald ou à une autre communauté : eux seuls peuvent le modifier.',
      publishOperatorsOnly: 'Seuls les opérateurs de Herald peuvent rendre un lancement public.',
      unknownZone: '« {zone} » n’est pas un fuseau horaire. Utilisez un nom comme Europe/Paris.',
      unknownLocale: '« {locale} » n’est pas une langue de Herald : utilisez {languages}.',
      time: {
        invalidDate: '« {text} » n’est pas une date qui existe.',
        inGap:
          '{time} n’existe pas dans le fuseau {zone} : on avance les horloges à ce moment-là. Choisissez une autre heure.',
        unparsed: 'Je n’ai pas compris la date « {text} ». Essayez 2027-05-22T14:00 ou « 22 mai 14h ».',
        ambiguous: '« {text} » est ambigu. Écrivez le mois en lettres ou utilisez 2027-05-22.',
        past: '{when} est déjà passé.',
        noDate: '« {text} » ne donne pas de jour. Ajoutez la date, par exemple « 22 mai 14h ».',
      },
      internal: 'Un problème est survenu de notre côté ; il a été consigné.',
      slowDown: 'Doucement : cela fait beaucoup de commandes. Réessayez dans {wait}.',
      chatBusy: 'Trop de commandes dans cette conversation. Réessayez dans {wait}.',
    },

    commands: {
      next: { description: 'Le prochain lancement' },
      events: {
        description: 'Les lancements à venir, éventuellement par tag',
        tag: 'Seulement les lancements avec ce tag',
      },
      event: { description: 'Les détails d’un lancement' },
      countdown: { description: 'Le temps restant avant un lancement' },
      subscribe: { description: 'Recevoir des rappels en privé pour un lancement ou un tag' },
      unsubscribe: {
        description: 'Arrêter les rappels en privé (tous, ou un lancement ou un tag)',
        topic: 'Un id ou un tag ; tous si omis',
      },
      settings: {
        description: 'Voir ou changer la langue et le fuseau horaire de cette conversation',
        language: '{languages}',
        zone: 'Fuseau horaire, par ex. Europe/Paris',
      },
      help: { description: 'Ce que Herald sait faire' },
      event_add: {
        description: 'Ajouter un lancement',
        id: 'Nouvel id : a-z, 0-9, - et _',
        when: 'Date, et heure si elle est connue : « 22 mai 14h »',
        title: 'Titre',
      },
      event_edit: {
        description: 'Modifier un lancement ; ceux qui le suivent sont prévenus',
        when: 'Nouvelles date et heure',
        title: 'Nouveau titre (dans la langue de la conversation)',
        status: 'scheduled, postponed, cancelled…',
        public: 'Opérateurs : visible de toutes les communautés',
      },
      event_cancel: {
        description: 'Annuler ou reporter un lancement ; ceux qui le suivent sont prévenus',
        postpone: 'Reporter au lieu d’annuler',
      },
      follow: { description: 'Cette conversation suit un lancement ou un tag' },
      unfollow: { description: 'Cette conversation ne suit plus un lancement ou un tag' },
      summary: { description: 'Publier maintenant un résumé des lancements à venir' },
      audit: { description: 'Derniers envois et échecs', limit: 'Combien (15 par défaut)' },
    },
    options: {
      id: 'Id du lancement (voir events)',
      topic: 'Un id de lancement ou un tag',
      zone: 'Fuseau horaire du lieu (par défaut : celui de la conversation)',
      city: 'Ville du lieu',
      tags: 'Tags, séparés par des virgules',
      image: 'URL de l’image',
      link: 'URL du lien',
    },
  },
});
