import type { Catalog } from './catalog.js';
import { plural } from './plural.js';

const units = {
  s: { one: '# second', other: '# seconds' },
  m: { one: '# minute', other: '# minutes' },
  h: { one: '# hour', other: '# hours' },
  d: { one: '# day', other: '# days' },
  w: { one: '# week', other: '# weeks' },
};

export const en: Catalog = {
  locale: 'en',
  unit: (n, unit) => plural('en', n, units[unit]),
  join: (parts) =>
    parts.length < 2 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`,
  venueTime: (dateTime, city) => `${dateTime} ${city} time`,
  timeTba: (date) => `${date} (time to be announced)`,
  readerTime: (time, zone) => `${time} in your zone (${zone})`,

  countdownTitle: (title, left) => `⏳ ${title}: ${left} to go`,
  liveTitle: (title) => `🚀 Live now: ${title}`,
  launchDayTitle: (title) => `📅 Today: ${title}`,
  reminderTitle: (title, left) => `🔔 Reminder: ${title} starts in ${left}`,
  reminderNowTitle: (title) => `🔔 Starting now: ${title}`,
  changedTitle: (title) => `✏️ Update: ${title}`,
  cancelledTitle: (title) => `❌ Cancelled: ${title}`,
  postponedTitle: (title) => `⏸️ Postponed: ${title}`,
  cancelledBody: 'This launch is cancelled. Its countdown posts and reminders are stopped.',
  postponedBody: 'This launch is postponed. The countdown resumes as soon as a new date is announced.',
  late: (due) => `Sent late: this post was due ${due}.`,
  fallbackDm: (user) => `${user}, your direct messages are closed, so here is your reminder.`,
  remindMe: '🔔 Remind me',
  subscribeInPrivate: (topic) =>
    `To get reminders for ${topic} by direct message, open a private chat with me and press Start.`,

  field: {
    when: 'When',
    where: 'Where',
    status: 'Status',
    tags: 'Tags',
    title: 'Title',
    id: 'Id',
    left: 'Time left',
  },
  status: {
    scheduled: 'scheduled',
    live: 'live',
    ended: 'ended',
    postponed: 'postponed',
    cancelled: 'cancelled',
  },
  changeLine: (label, before, after) => `${label}: ${before} → ${after}`,

  digestTitle: (window) => `🗓️ Coming up in the next ${window}`,
  digestEmpty: (window) => `Nothing is scheduled in the next ${window}.`,
  digestLine: (title, when, left) => `• ${title} — ${when} (${left})`,
  digestMore: (count) => `…and ${count} more in this window`,

  catchupTitle: (from, to) => `⏱️ Herald was offline from ${from} to ${to}`,
  catchupIntro: (count) => plural('en', count, { one: 'You missed # post:', other: 'You missed # posts:' }),
  catchupItem: (what, due) => `• ${what} (due ${due})`,
  catchupNext: (title, when) => `Next: ${title}, ${when}`,

  in: (left) => `in ${left}`,
  ago: (left) => `${left} ago`,
  started: 'started',

  cmd: {
    nextNone: 'No launch is scheduled.',
    nextTitle: (title) => `Next launch: ${title}`,
    eventsTitle: (tag) => (tag ? `Upcoming launches tagged ${tag}` : 'Upcoming launches'),
    eventsNone: (tag) => (tag ? `No upcoming launch is tagged ${tag}.` : 'No upcoming launch.'),
    eventsMore: (count, tagged) =>
      `…and ${count} more${tagged ? '' : ': events <tag> shows those with a tag'}`,
    countdownTitle: (title) => `⏳ ${title}`,
    countdownLeft: (left) => `Starts in ${left}.`,
    countdownTba: (days) => `The hour is not announced yet; the day is ${days} away.`,
    subscribed: (topic, offsets) =>
      `Subscribed to ${topic}. You will get a direct message ${offsets} before each launch.`,
    alreadySubscribed: (topic) => `You are already subscribed to ${topic}.`,
    unsubscribed: (count) =>
      plural('en', count, { one: 'Removed # subscription.', other: 'Removed # subscriptions.' }),
    notSubscribed: 'You have no subscription to remove.',
    settingsShow: (locale, zone) => `This chat uses language ${locale} and time zone ${zone}.`,
    settingsSaved: (locale, zone) => `Saved: this chat now uses language ${locale} and time zone ${zone}.`,
    helpTitle: 'Herald counts down to launches. Commands:',
    helpAdmin: 'For administrators:',
    helpUsage:
      'Dates: 2027-05-22T14:00, or "May 22 2pm"; the chat\'s time zone applies unless you add zone:Europe/Paris.',
    eventAdded: (id, when) => `Added ${id}, ${when}. Followers get its countdown.`,
    eventEdited: (id, changes) =>
      plural('en', changes, {
        one: `Updated ${id} (# change); followers are told.`,
        other: `Updated ${id} (# changes); followers are told.`,
      }),
    eventUnchanged: (id) => `Nothing changed in ${id}.`,
    eventCancelled: (id) => `Cancelled ${id}; pending posts are stopped and followers are told.`,
    eventPostponed: (id) => `Postponed ${id}; pending posts are stopped and followers are told.`,
    eventAlready: (id, status) => `${id} is already ${status}; nothing changed and nobody is told again.`,
    followed: (what, planned) =>
      plural('en', planned, {
        one: `This chat now follows ${what} (# post planned).`,
        other: `This chat now follows ${what} (# posts planned).`,
      }),
    unfollowed: (what) => `This chat no longer follows ${what}.`,
    notFollowing: (what) => `This chat does not follow ${what}.`,
    summaryQueued: 'Summary on its way.',
    auditTitle: 'Recent deliveries',
    auditEmpty: 'Nothing delivered yet.',
    auditLine: (when, status, what, target, error) =>
      `${when} ${status} ${what} → ${target}${error ? ` (${error})` : ''}`,
    auditTargetDisabled: (target, reason) => `⚠️ ${target} is disabled: ${reason}`,
  },

  err: {
    unknownCommand: (name) => `Unknown command "${name}". Try help.`,
    notAdmin: 'Only administrators of this chat can do that.',
    missingArg: (name, usage) => `Missing ${name}. Usage: ${usage}`,
    tooManyArgs: (usage) => `Too many arguments. Usage: ${usage}`,
    badArg: (name, value, expected) => `"${value}" is not a valid ${name}: ${expected}.`,
    unknownEvent: (id) => `No launch has the id "${id}". Try events.`,
    unknownTopic: (topic) => `"${topic}" is neither a launch id nor a tag. Try events.`,
    idTaken: (id) => `The id "${id}" is taken. Pick another one.`,
    notYourEvent: (id) =>
      `"${id}" belongs to Herald’s operators or to another community: only they can change it.`,
    publishOperatorsOnly: 'Only Herald’s operators can make a launch public.',
    eventExists: (id) => `A launch with the id "${id}" exists already. Use event_edit.`,
    unknownZone: (zone) => `"${zone}" is not a time zone. Use a name like Europe/Paris.`,
    unknownLocale: (locale) => `"${locale}" is not a language Herald speaks: use en, fr or it.`,
    time: {
      invalidDate: (text) => `"${text}" is not a real date.`,
      inGap: (time, zone) =>
        `${time} does not exist in ${zone}: the clocks move forward then. Pick another time.`,
      unparsed: (text) => `I could not read "${text}" as a date. Try 2027-05-22T14:00 or "May 22 2pm".`,
      ambiguous: (text) => `"${text}" is ambiguous. Write the month as a word or use 2027-05-22.`,
      past: (when) => `${when} is in the past.`,
      noDate: (text) => `"${text}" has no day. Add the date, e.g. "May 22 2pm".`,
    },
    internal: 'Something went wrong on our side; it has been logged.',
    slowDown: (wait) => `Slow down: that is a lot of commands. Try again in ${wait}.`,
    chatBusy: (wait) => `Too many commands in this chat. Try again in ${wait}.`,
    unclosedQuote: (usage) => `A quote is not closed: close it, or leave the quotes out. Usage: ${usage}`,
    argTooLong: (name, max) => `The ${name} is too long: at most ${max} characters.`,
  },
};
