import type { Catalog } from './catalog.js';
import { plural } from './plural.js';

const units = {
  s: { one: '# seconde', other: '# secondes' },
  m: { one: '# minute', other: '# minutes' },
  h: { one: '# heure', other: '# heures' },
  d: { one: '# jour', other: '# jours' },
  w: { one: '# semaine', other: '# semaines' },
};

export const fr: Catalog = {
  locale: 'fr',
  unit: (n, unit) => plural('fr', n, units[unit]),
  join: (parts) =>
    parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} et ${parts.at(-1)}`,
  venueTime: (dateTime, city) => `${dateTime} heure de ${city}`,
  timeTba: (date) => `${date} (heure à confirmer)`,
  readerTime: (time, zone) => `${time} dans votre fuseau (${zone})`,

  countdownTitle: (title, left) => `⏳ ${title} : plus que ${left}`,
  liveTitle: (title) => `🚀 C'est parti : ${title}`,
  launchDayTitle: (title) => `📅 C'est aujourd'hui : ${title}`,
  reminderTitle: (title, left) => `🔔 Rappel : ${title} commence dans ${left}`,
  reminderNowTitle: (title) => `🔔 Ça commence : ${title}`,
  changedTitle: (title) => `✏️ Mise à jour : ${title}`,
  cancelledTitle: (title) => `❌ Annulé : ${title}`,
  postponedTitle: (title) => `⏸️ Reporté : ${title}`,
  cancelledBody: 'Ce lancement est annulé. Le compte à rebours et les rappels sont arrêtés.',
  postponedBody: 'Ce lancement est reporté. Le compte à rebours reprendra dès l’annonce d’une nouvelle date.',
  late: (due) => `Envoyé en retard : ce message était prévu ${due}.`,
  fallbackDm: (user) => `${user}, vos messages privés sont fermés : voici votre rappel.`,
  remindMe: '🔔 Me le rappeler',
  subscribeInPrivate: (topic) =>
    `Pour recevoir les rappels de ${topic} en privé, ouvrez une conversation avec moi et appuyez sur Démarrer.`,

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
  changeLine: (label, before, after) => `${label} : ${before} → ${after}`,

  digestTitle: (window) => `🗓️ À venir dans les ${window}`,
  digestEmpty: (window) => `Rien n’est prévu dans les ${window}.`,
  digestLine: (title, when, left) => `• ${title} — ${when} (${left})`,
  digestMore: (count) =>
    count === 1 ? '…et un autre dans cette période' : `…et ${count} autres dans cette période`,

  catchupTitle: (from, to) => `⏱️ Herald était hors ligne de ${from} à ${to}`,
  catchupIntro: (count) =>
    plural('fr', count, { one: 'Vous avez manqué # message :', other: 'Vous avez manqué # messages :' }),
  catchupItem: (what, due) => `• ${what} (prévu ${due})`,
  catchupNext: (title, when) => `Prochain : ${title}, ${when}`,

  in: (left) => `dans ${left}`,
  ago: (left) => `il y a ${left}`,
  started: 'commencé',

  cmd: {
    nextNone: 'Aucun lancement n’est prévu.',
    nextTitle: (title) => `Prochain lancement : ${title}`,
    eventsTitle: (tag) => (tag ? `Lancements à venir avec le tag ${tag}` : 'Lancements à venir'),
    eventsNone: (tag) => (tag ? `Aucun lancement à venir n’a le tag ${tag}.` : 'Aucun lancement à venir.'),
    eventsMore: (count, tagged) =>
      `…et ${count === 1 ? 'un autre' : `${count} autres`}${tagged ? '' : ' : events <tag> montre ceux d’un tag'}`,
    countdownTitle: (title) => `⏳ ${title}`,
    countdownLeft: (left) => `Début dans ${left}.`,
    countdownTba: (days) => `L’heure n’est pas encore annoncée ; le jour J est dans ${days}.`,
    subscribed: (topic, offsets) =>
      `Abonné à ${topic}. Vous recevrez un message privé ${offsets} avant chaque lancement.`,
    alreadySubscribed: (topic) => `Vous êtes déjà abonné à ${topic}.`,
    unsubscribed: (count) =>
      plural('fr', count, { one: '# abonnement supprimé.', other: '# abonnements supprimés.' }),
    notSubscribed: 'Vous n’avez aucun abonnement à supprimer.',
    settingsShow: (locale, zone) => `Ce salon utilise la langue ${locale} et le fuseau ${zone}.`,
    settingsSaved: (locale, zone) =>
      `Enregistré : ce salon utilise désormais la langue ${locale} et le fuseau ${zone}.`,
    helpTitle: 'Herald fait le compte à rebours des lancements. Commandes :',
    helpAdmin: 'Pour les administrateurs :',
    helpUsage:
      'Dates : 2027-05-22T14:00, ou « 22 mai 14h » ; le fuseau du salon s’applique sauf si vous ajoutez zone:Europe/Paris.',
    eventAdded: (id, when) => `${id} ajouté, ${when}. Les abonnés auront son compte à rebours.`,
    eventEdited: (id, changes) =>
      plural('fr', changes, {
        one: `${id} mis à jour (# changement) ; les abonnés sont prévenus.`,
        other: `${id} mis à jour (# changements) ; les abonnés sont prévenus.`,
      }),
    eventUnchanged: (id) => `Rien n’a changé dans ${id}.`,
    eventCancelled: (id) => `${id} annulé ; les messages prévus sont arrêtés et les abonnés prévenus.`,
    eventPostponed: (id) => `${id} reporté ; les messages prévus sont arrêtés et les abonnés prévenus.`,
    eventAlready: (id, status) =>
      `${id} est déjà ${status} : rien ne change et personne n’est prévenu à nouveau.`,
    followed: (what, planned) =>
      plural('fr', planned, {
        one: `Ce salon suit désormais ${what} (# message prévu).`,
        other: `Ce salon suit désormais ${what} (# messages prévus).`,
      }),
    unfollowed: (what) => `Ce salon ne suit plus ${what}.`,
    notFollowing: (what) => `Ce salon ne suit pas ${what}.`,
    summaryQueued: 'Le résumé arrive.',
    auditTitle: 'Derniers envois',
    auditEmpty: 'Rien n’a encore été envoyé.',
    auditLine: (when, status, what, target, error) =>
      `${when} ${status} ${what} → ${target}${error ? ` (${error})` : ''}`,
    auditTargetDisabled: (target, reason) => `⚠️ ${target} est désactivé : ${reason}`,
  },

  err: {
    unknownCommand: (name) => `Commande inconnue « ${name} ». Essayez help.`,
    notAdmin: 'Seuls les administrateurs de ce salon peuvent faire cela.',
    missingArg: (name, usage) => `Il manque ${name}. Utilisation : ${usage}`,
    tooManyArgs: (usage) => `Trop d’arguments. Utilisation : ${usage}`,
    badArg: (name, value, expected) => `« ${value} » n’est pas un ${name} valide : ${expected}.`,
    unknownEvent: (id) => `Aucun lancement n’a l’id « ${id} ». Essayez events.`,
    unknownTopic: (topic) => `« ${topic} » n’est ni un id de lancement ni un tag. Essayez events.`,
    idTaken: (id) => `L’id « ${id} » est déjà pris. Choisissez-en un autre.`,
    notYourEvent: (id) =>
      `« ${id} » appartient aux opérateurs de Herald ou à une autre communauté : eux seuls peuvent le modifier.`,
    publishOperatorsOnly: 'Seuls les opérateurs de Herald peuvent rendre un lancement public.',
    eventExists: (id) => `Un lancement a déjà l’id « ${id} ». Utilisez event_edit.`,
    unknownZone: (zone) => `« ${zone} » n’est pas un fuseau horaire. Utilisez un nom comme Europe/Paris.`,
    unknownLocale: (locale) => `« ${locale} » n’est pas une langue de Herald : utilisez en, fr ou it.`,
    time: {
      invalidDate: (text) => `« ${text} » n’est pas une date réelle.`,
      inGap: (time, zone) =>
        `${time} n’existe pas dans ${zone} : on avance les horloges à ce moment. Choisissez une autre heure.`,
      unparsed: (text) =>
        `Je n’ai pas compris la date « ${text} ». Essayez 2027-05-22T14:00 ou « 22 mai 14h ».`,
      ambiguous: (text) => `« ${text} » est ambigu. Écrivez le mois en lettres ou utilisez 2027-05-22.`,
      past: (when) => `${when} est déjà passé.`,
      noDate: (text) => `« ${text} » n’a pas de jour. Ajoutez la date, par exemple « 22 mai 14h ».`,
    },
    internal: 'Un problème est survenu de notre côté ; il a été consigné.',
    slowDown: (wait) => `Doucement : cela fait beaucoup de commandes. Réessayez dans ${wait}.`,
    chatBusy: (wait) => `Trop de commandes dans ce salon. Réessayez dans ${wait}.`,
    unclosedQuote: (usage) =>
      `Un guillemet n’est pas fermé : fermez-le, ou retirez les guillemets. Utilisation : ${usage}`,
    argTooLong: (name, max) => `Le champ ${name} est trop long : ${max} caractères au plus.`,
  },
};
