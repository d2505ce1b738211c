/**
 * Every text Herald shows, as data: the key of each text and the values its template receives.
 * A language file (./locales/<code>.ts) gives one ICU MessageFormat template per key; its type,
 * `Messages`, is derived from this table, so a language that misses a key (or has one too many)
 * fails the typecheck. The same table tells the operators' overrides (config/messages/<code>.yaml)
 * which placeholders each key may use.
 *
 * Kinds of values:
 * - `text`: shown as it is (`{title}`).
 * - `number`: a count, for `{count, plural, one {…} other {…}}` or shown (`{count}`, `#`).
 * - `span`: a length of time in words ("2 days and 4 hours"): `{left}` shows it and `{n}` is
 *   the number in front of its first unit, for agreement ("manca 1 giorno", "mancano 2 giorni";
 *   "plus qu’un jour").
 */
export type ArgKind = 'text' | 'number' | 'span';

const text = 'text' as const;
const number = 'number' as const;
const span = 'span' as const;

export const MESSAGE_ARGS = {
  /**
   * How a length of time is written, per unit, where the CLDR unit names (Intl.NumberFormat)
   * do not read right: optional, `{n}` is the number.
   */
  units: { s: { n: number }, m: { n: number }, h: { n: number }, d: { n: number }, w: { n: number } },
  /**
   * The day of the month in a written date, where CLDR's digit alone does not read right
   * (French "1er mai"): optional, `{day}` is the day.
   */
  dayOfMonth: { day: number },
  /** A date with an hour: `{date}` and `{time}` are CLDR's; `{hour}` is the hour (0–23). */
  dateTime: { date: text, time: text, hour: number },
  /** When a launch starts, at the venue: "Tuesday, 22 May 2018, 14:00 Paris time". */
  venueTime: { dateTime: text, city: text },
  /** The same, for a zone that has no city (UTC, Etc/GMT+5): `{offset}` is "UTC", "GMT-05:00". */
  venueOffsetTime: { dateTime: text, offset: text },
  /** A date-only launch: the hour is not announced yet. */
  timeTba: { date: text },
  /** The reader's own time, beside the venue's when their zone differs. */
  readerTime: { time: text, zone: text },

  countdownTitle: { title: text, left: span },
  liveTitle: { title: text },
  launchDayTitle: { title: text },
  reminderTitle: { title: text, left: span },
  reminderNowTitle: { title: text },
  changedTitle: { title: text },
  cancelledTitle: { title: text },
  postponedTitle: { title: text },
  cancelledBody: {},
  postponedBody: {},
  /** The footer of a post sent after its time; `{due}` is a date and hour. */
  late: { due: text },
  fallbackDm: { user: text },
  /** The label of the button that opens a private chat to subscribe to reminders. */
  remindMe: {},
  /** Said in a group when someone asks for DM reminders: the platform needs them to open the chat first. */
  subscribeInPrivate: { topic: text },

  field: {
    when: {},
    where: {},
    status: {},
    tags: {},
    title: {},
    id: {},
    left: {},
  },
  status: {
    scheduled: {},
    live: {},
    ended: {},
    postponed: {},
    cancelled: {},
  },
  changeLine: { label: text, before: text, after: text },

  digestTitle: { window: span },
  digestEmpty: { window: span },
  digestLine: { title: text, when: text, left: text },
  /** The last line of a digest that lists only the first launches of its window. */
  digestMore: { count: number },

  catchupTitle: { from: text, to: text },
  catchupIntro: { count: number },
  catchupItem: { what: text, due: text },
  catchupNext: { title: text, when: text },

  /** Time left, in a list: "in 3 days". */
  in: { left: span },
  started: {},

  cmd: {
    nextNone: {},
    nextTitle: { title: text },
    eventsTitle: {},
    eventsTitleTagged: { tag: text },
    eventsNone: {},
    eventsNoneTagged: { tag: text },
    /** After the first launches listed: how many more, and how to narrow the list. */
    eventsMore: { count: number },
    /** The same, when the list is already of one tag. */
    eventsMoreTagged: { count: number },
    countdownTitle: { title: text },
    countdownLeft: { left: span },
    countdownTba: { days: span },
    subscribed: { topic: text, offsets: span },
    alreadySubscribed: { topic: text },
    unsubscribed: { count: number },
    notSubscribed: {},
    /** `{language}`: the language's name ("français"); `{code}`: what /settings takes (fr). */
    settingsShow: { language: text, code: text, zone: text },
    settingsSaved: { language: text, code: text, zone: text },
    helpTitle: {},
    helpAdmin: {},
    helpUsage: {},
    eventAdded: { id: text, when: text },
    eventEdited: { id: text, count: number },
    eventUnchanged: { id: text },
    eventCancelled: { id: text },
    eventPostponed: { id: text },
    /** Cancelling (or postponing) a launch that already is: nothing changes, nobody is told again. */
    eventAlready: { id: text, status: text },
    followed: { what: text, count: number },
    unfollowed: { what: text },
    notFollowing: { what: text },
    summaryQueued: {},
    auditTitle: {},
    auditEmpty: {},
    auditLine: { when: text, status: text, what: text, target: text },
    auditLineError: { when: text, status: text, what: text, target: text, error: text },
    auditTargetDisabled: { target: text, reason: text },
  },

  err: {
    unknownCommand: { name: text },
    notAdmin: {},
    missingArg: { name: text, usage: text },
    tooManyArgs: { usage: text },
    unclosedQuote: { usage: text },
    argTooLong: { name: text, max: number },
    badArg: { name: text, value: text, expected: text },
    unknownEvent: { id: text },
    unknownTopic: { topic: text },
    eventExists: { id: text },
    /** The id exists in a calendar this chat cannot see. */
    idTaken: { id: text },
    notYourEvent: { id: text },
    publishOperatorsOnly: {},
    unknownZone: { zone: text },
    /** `{languages}`: the codes Herald speaks, as a list ("en, fr, it, es or de"). */
    unknownLocale: { locale: text, languages: text },
    time: {
      invalidDate: { text: text },
      inGap: { time: text, zone: text },
      unparsed: { text: text },
      ambiguous: { text: text },
      past: { when: text },
      noDate: { text: text },
    },
    internal: {},
    /** One person sent too many commands here; `{wait}` is "45 seconds", "2 minutes". */
    slowDown: { wait: span },
    /** This chat as a whole sent too many commands. */
    chatBusy: { wait: span },
  },

  /**
   * What the command menus say (Discord ≤ 100 characters, Telegram ≤ 256): each command's
   * description and those of its own options.
   */
  commands: {
    next: { description: {} },
    events: { description: {}, tag: {} },
    event: { description: {} },
    countdown: { description: {} },
    subscribe: { description: {} },
    unsubscribe: { description: {}, topic: {} },
    settings: { description: {}, language: { languages: text }, zone: {} },
    help: { description: {} },
    event_add: { description: {}, id: {}, when: {}, title: {} },
    event_edit: { description: {}, when: {}, title: {}, status: {}, public: {} },
    event_cancel: { description: {}, postpone: {} },
    follow: { description: {} },
    unfollow: { description: {} },
    summary: { description: {} },
    audit: { description: {}, limit: {} },
  },
  /** Options several commands share. */
  options: {
    id: {},
    topic: {},
    zone: {},
    city: {},
    tags: {},
    image: {},
    link: {},
  },
} as const;

export type MessageArgs = typeof MESSAGE_ARGS;
type ArgSet = { readonly [name: string]: ArgKind };

/** The templates of one language: the same tree as MESSAGE_ARGS, with a template at each leaf. */
export type TemplatesOf<A> = {
  -readonly [K in keyof A]: A[K] extends ArgSet ? string : TemplatesOf<A[K]>;
};

/** Every leaf key of the table, dotted: `cmd.eventsMore`, `err.time.past`. */
export type MessageKey<T = MessageArgs, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends ArgSet ? `${P}${K}` : MessageKey<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Texts a language may leave out (it then uses CLDR's data as it is). */
export const OPTIONAL_KEYS = ['units', 'dayOfMonth'] as const;
type OptionalKey = (typeof OPTIONAL_KEYS)[number];

/** Everything a language file must give (a missing or unknown key fails the typecheck). */
export type Messages = Omit<TemplatesOf<MessageArgs>, OptionalKey> & {
  units?: Partial<TemplatesOf<MessageArgs['units']>>;
  dayOfMonth?: string;
};

/** What an operator's override file may give: any subset of the keys. */
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };
export type MessageOverrides = DeepPartial<TemplatesOf<MessageArgs>>;

/** The values of one key's template, by dotted key (`cmd.eventsMore`), or undefined for a group or nothing. */
export function argsOf(key: string): Readonly<Record<string, ArgKind>> | undefined {
  let node: unknown = MESSAGE_ARGS;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return isArgSet(node) ? (node as Readonly<Record<string, ArgKind>>) : undefined;
}

/** Every leaf key, dotted (`cmd.eventsMore`), in the table's order. */
export function messageKeys(): string[] {
  const out: string[] = [];
  const walk = (node: object, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isArgSet(value)) out.push(path);
      else walk(value as object, path);
    }
  };
  walk(MESSAGE_ARGS, '');
  return out;
}

/**
 * The placeholders a key's template may use: its values, and `n` beside each `span`.
 * Each maps to whether it is a number (usable in `plural`, `selectordinal` and `number`).
 */
export function placeholdersOf(args: Readonly<Record<string, ArgKind>>): Map<string, 'text' | 'number'> {
  const out = new Map<string, 'text' | 'number'>();
  for (const [name, kind] of Object.entries(args)) {
    out.set(name, kind === 'number' ? 'number' : 'text');
    if (kind === 'span') out.set('n', 'number');
  }
  return out;
}

function isArgSet(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  return Object.values(node).every((v) => v === 'text' || v === 'number' || v === 'span');
}
