import { type EventStatus, LOCALES, type Locale } from '../core/types.js';
import type { Language } from './language.js';
import { argsOf, type MessageKey, type MessageOverrides } from './messages.js';
import { cldrList, cldrUnit, type DurationUnit, Span } from './span.js';
import { compileTemplate, type Template, type TemplateValues } from './template.js';

export type { DurationUnit } from './span.js';
export { Span } from './span.js';

/**
 * Every text Herald shows, in one language, as functions of their values. Built from the
 * language's templates (./locales/<code>.ts) and the operator's overrides
 * (config/messages/<code>.yaml); callers never see a template.
 */
export interface Catalog {
  readonly locale: Locale;
  /** The CLDR locale of its dates, numbers and lists. */
  readonly cldr: string;
  /** "3 days", "1 heure", "15 minuti". */
  unit(n: number, unit: DurationUnit): Span;
  /** Joins parts of a duration: "2 days and 4 hours". */
  join(parts: readonly Span[]): Span;
  /** The day of the month as a written date shows it: CLDR's digits, or the language's own ("1er"). */
  dayOfMonth(day: number, cldrText: string): string;
  /** A date and an hour, each already formatted: "Tuesday, 22 May 2018, 14:00". */
  dateTime(date: string, time: string, hour: number): string;
  /** "… 14:00 Paris time" — `dateTime` is already formatted. */
  venueTime(dateTime: string, city: string): string;
  venueOffsetTime(dateTime: string, offset: string): string;
  timeTba(date: string): string;
  readerTime(time: string, zone: string): string;

  countdownTitle(title: string, left: Span): string;
  liveTitle(title: string): string;
  launchDayTitle(title: string): string;
  reminderTitle(title: string, left: Span): string;
  reminderNowTitle(title: string): string;
  changedTitle(title: string): string;
  cancelledTitle(title: string): string;
  postponedTitle(title: string): string;
  readonly cancelledBody: string;
  readonly postponedBody: string;
  late(dueTime: string): string;
  fallbackDm(user: string): string;
  /** Label of the button that opens a private chat to subscribe to reminders. */
  readonly remindMe: string;
  /** Said in a group when someone asks for DM reminders: the platform needs them to open the chat first. */
  subscribeInPrivate(topic: string): string;

  readonly field: {
    readonly when: string;
    readonly where: string;
    readonly status: string;
    readonly tags: string;
    readonly title: string;
    readonly id: string;
    readonly left: string;
  };
  readonly status: Readonly<Record<EventStatus, string>>;
  changeLine(label: string, before: string, after: string): string;

  digestTitle(window: Span): string;
  digestEmpty(window: Span): string;
  digestLine(title: string, when: string, left: string): string;
  /** The last line of a digest that lists only the first launches of its window. */
  digestMore(count: number): string;

  catchupTitle(from: string, to: string): string;
  catchupIntro(count: number): string;
  catchupItem(what: string, due: string): string;
  catchupNext(title: string, when: string): string;

  in(left: Span): string;
  readonly started: string;

  readonly cmd: {
    readonly nextNone: string;
    nextTitle(title: string): string;
    eventsTitle(tag: string | undefined): string;
    eventsNone(tag: string | undefined): string;
    /** After the first launches listed: how many more, and how to narrow the list. */
    eventsMore(count: number, tagged: boolean): string;
    countdownTitle(title: string): string;
    countdownLeft(left: Span): string;
    countdownTba(days: Span): string;
    subscribed(topic: string, offsets: Span): string;
    alreadySubscribed(topic: string): string;
    unsubscribed(count: number): string;
    readonly notSubscribed: string;
    /** `locale` is a language code (fr), `zone` an IANA zone. */
    settingsShow(locale: string, zone: string): string;
    settingsSaved(locale: string, zone: string): string;
    readonly helpTitle: string;
    readonly helpAdmin: string;
    readonly helpUsage: string;
    eventAdded(id: string, when: string): string;
    eventEdited(id: string, changes: number): string;
    eventUnchanged(id: string): string;
    eventCancelled(id: string): string;
    eventPostponed(id: string): string;
    /** Cancelling (or postponing) a launch that already is: nothing changes, nobody is told again. */
    eventAlready(id: string, status: string): string;
    followed(what: string, planned: number): string;
    unfollowed(what: string): string;
    notFollowing(what: string): string;
    readonly summaryQueued: string;
    readonly auditTitle: string;
    readonly auditEmpty: string;
    auditLine(when: string, status: string, what: string, target: string, error: string): string;
    auditTargetDisabled(target: string, reason: string): string;
  };

  readonly err: {
    unknownCommand(name: string): string;
    readonly notAdmin: string;
    missingArg(name: string, usage: string): string;
    tooManyArgs(usage: string): string;
    /** A quote opened in the command's text and never closed. */
    unclosedQuote(usage: string): string;
    /** A value longer than its option allows (the value itself is not repeated). */
    argTooLong(name: string, max: number): string;
    badArg(name: string, value: string, expected: string): string;
    unknownEvent(id: string): string;
    unknownTopic(topic: string): string;
    eventExists(id: string): string;
    /** The id exists in a calendar this chat cannot see. */
    idTaken(id: string): string;
    notYourEvent(id: string): string;
    readonly publishOperatorsOnly: string;
    unknownZone(zone: string): string;
    unknownLocale(locale: string): string;
    readonly time: {
      invalidDate(text: string): string;
      inGap(time: string, zone: string): string;
      unparsed(text: string): string;
      ambiguous(text: string): string;
      past(when: string): string;
      noDate(text: string): string;
    };
    readonly internal: string;
    /** One person sent too many commands here; `wait` is "45 seconds", "2 minutes". */
    slowDown(wait: Span): string;
    /** This chat as a whole sent too many commands. */
    chatBusy(wait: Span): string;
  };

  /**
   * What a command menu says: `command` alone is the command's description; with `option`,
   * that option's (its own, else the shared one of `options`; `command` undefined: only the
   * shared one). Undefined when there is no such text.
   */
  commandText(command: string | undefined, option?: string): string | undefined;
  /** A language's name in this language ("français", "Deutsch"), by code. */
  languageName(code: string): string;
}

/**
 * The catalog of a language, with the operator's overrides in place of its own templates.
 * Templates are compiled when first used.
 */
export function buildCatalog(language: Language, overrides: MessageOverrides = {}): Catalog {
  const { cldr } = language;
  const compiled = new Map<string, Template>();
  const template = (key: string): Template | undefined => {
    let found = compiled.get(key);
    if (!found) {
      const source = lookup(overrides, key) ?? lookup(language.messages, key);
      if (source === undefined) return undefined;
      found = compileTemplate(source, cldr, language.elisions);
      compiled.set(key, found);
    }
    return found;
  };
  const f = (key: MessageKey, values: TemplateValues = {}): string => {
    const found = template(key);
    if (!found) throw new Error(`no template for ${key} in ${language.code}`);
    return found.format(values);
  };
  const withSpan = (key: MessageKey, name: string, value: Span, values: TemplateValues = {}) =>
    f(key, { ...values, [name]: value.text, n: value.n });
  const names = new Intl.DisplayNames(cldr, { type: 'language' });
  const languageName = (code: string) => names.of(code) ?? code;
  const languages = cldrList(cldr, LOCALES, 'disjunction');
  const fixed = (key: MessageKey) => f(key);

  return {
    locale: language.code,
    cldr,
    unit(n, unit) {
      const text = template(`units.${unit}`)?.format({ n }) ?? cldrUnit(cldr, n, unit);
      return new Span(text, n);
    },
    join(parts) {
      return new Span(
        cldrList(
          cldr,
          parts.map((p) => p.text),
          'conjunction',
        ),
        parts[0]?.n ?? 0,
      );
    },
    dayOfMonth: (day, cldrText) => template('dayOfMonth')?.format({ day }) ?? cldrText,
    dateTime: (date, time, hour) => f('dateTime', { date, time, hour }),
    venueTime: (dateTime, city) => f('venueTime', { dateTime, city }),
    venueOffsetTime: (dateTime, offset) => f('venueOffsetTime', { dateTime, offset }),
    timeTba: (date) => f('timeTba', { date }),
    readerTime: (time, zone) => f('readerTime', { time, zone }),

    countdownTitle: (title, left) => withSpan('countdownTitle', 'left', left, { title }),
    liveTitle: (title) => f('liveTitle', { title }),
    launchDayTitle: (title) => f('launchDayTitle', { title }),
    reminderTitle: (title, left) => withSpan('reminderTitle', 'left', left, { title }),
    reminderNowTitle: (title) => f('reminderNowTitle', { title }),
    changedTitle: (title) => f('changedTitle', { title }),
    cancelledTitle: (title) => f('cancelledTitle', { title }),
    postponedTitle: (title) => f('postponedTitle', { title }),
    get cancelledBody() {
      return fixed('cancelledBody');
    },
    get postponedBody() {
      return fixed('postponedBody');
    },
    late: (due) => f('late', { due }),
    fallbackDm: (user) => f('fallbackDm', { user }),
    get remindMe() {
      return fixed('remindMe');
    },
    subscribeInPrivate: (topic) => f('subscribeInPrivate', { topic }),

    field: group('field', ['when', 'where', 'status', 'tags', 'title', 'id', 'left'] as const, fixed),
    status: group('status', ['scheduled', 'live', 'ended', 'postponed', 'cancelled'] as const, fixed),
    changeLine: (label, before, after) => f('changeLine', { label, before, after }),

    digestTitle: (window) => withSpan('digestTitle', 'window', window),
    digestEmpty: (window) => withSpan('digestEmpty', 'window', window),
    digestLine: (title, when, left) => f('digestLine', { title, when, left }),
    digestMore: (count) => f('digestMore', { count }),

    catchupTitle: (from, to) => f('catchupTitle', { from, to }),
    catchupIntro: (count) => f('catchupIntro', { count }),
    catchupItem: (what, due) => f('catchupItem', { what, due }),
    catchupNext: (title, when) => f('catchupNext', { title, when }),

    in: (left) => withSpan('in', 'left', left),
    get started() {
      return fixed('started');
    },

    cmd: {
      get nextNone() {
        return fixed('cmd.nextNone');
      },
      nextTitle: (title) => f('cmd.nextTitle', { title }),
      eventsTitle: (tag) => (tag ? f('cmd.eventsTitleTagged', { tag }) : f('cmd.eventsTitle')),
      eventsNone: (tag) => (tag ? f('cmd.eventsNoneTagged', { tag }) : f('cmd.eventsNone')),
      eventsMore: (count, tagged) => f(tagged ? 'cmd.eventsMoreTagged' : 'cmd.eventsMore', { count }),
      countdownTitle: (title) => f('cmd.countdownTitle', { title }),
      countdownLeft: (left) => withSpan('cmd.countdownLeft', 'left', left),
      countdownTba: (days) => withSpan('cmd.countdownTba', 'days', days),
      subscribed: (topic, offsets) => withSpan('cmd.subscribed', 'offsets', offsets, { topic }),
      alreadySubscribed: (topic) => f('cmd.alreadySubscribed', { topic }),
      unsubscribed: (count) => f('cmd.unsubscribed', { count }),
      get notSubscribed() {
        return fixed('cmd.notSubscribed');
      },
      settingsShow: (code, zone) => f('cmd.settingsShow', { language: languageName(code), code, zone }),
      settingsSaved: (code, zone) => f('cmd.settingsSaved', { language: languageName(code), code, zone }),
      get helpTitle() {
        return fixed('cmd.helpTitle');
      },
      get helpAdmin() {
        return fixed('cmd.helpAdmin');
      },
      get helpUsage() {
        return fixed('cmd.helpUsage');
      },
      eventAdded: (id, when) => f('cmd.eventAdded', { id, when }),
      eventEdited: (id, count) => f('cmd.eventEdited', { id, count }),
      eventUnchanged: (id) => f('cmd.eventUnchanged', { id }),
      eventCancelled: (id) => f('cmd.eventCancelled', { id }),
      eventPostponed: (id) => f('cmd.eventPostponed', { id }),
      eventAlready: (id, status) => f('cmd.eventAlready', { id, status }),
      followed: (what, count) => f('cmd.followed', { what, count }),
      unfollowed: (what) => f('cmd.unfollowed', { what }),
      notFollowing: (what) => f('cmd.notFollowing', { what }),
      get summaryQueued() {
        return fixed('cmd.summaryQueued');
      },
      get auditTitle() {
        return fixed('cmd.auditTitle');
      },
      get auditEmpty() {
        return fixed('cmd.auditEmpty');
      },
      auditLine: (when, status, what, target, error) =>
        error
          ? f('cmd.auditLineError', { when, status, what, target, error })
          : f('cmd.auditLine', { when, status, what, target }),
      auditTargetDisabled: (target, reason) => f('cmd.auditTargetDisabled', { target, reason }),
    },

    err: {
      unknownCommand: (name) => f('err.unknownCommand', { name }),
      get notAdmin() {
        return fixed('err.notAdmin');
      },
      missingArg: (name, usage) => f('err.missingArg', { name, usage }),
      tooManyArgs: (usage) => f('err.tooManyArgs', { usage }),
      unclosedQuote: (usage) => f('err.unclosedQuote', { usage }),
      argTooLong: (name, max) => f('err.argTooLong', { name, max }),
      badArg: (name, value, expected) => f('err.badArg', { name, value, expected }),
      unknownEvent: (id) => f('err.unknownEvent', { id }),
      unknownTopic: (topic) => f('err.unknownTopic', { topic }),
      eventExists: (id) => f('err.eventExists', { id }),
      idTaken: (id) => f('err.idTaken', { id }),
      notYourEvent: (id) => f('err.notYourEvent', { id }),
      get publishOperatorsOnly() {
        return fixed('err.publishOperatorsOnly');
      },
      unknownZone: (zone) => f('err.unknownZone', { zone }),
      unknownLocale: (locale) => f('err.unknownLocale', { locale, languages }),
      time: {
        invalidDate: (text) => f('err.time.invalidDate', { text }),
        inGap: (time, zone) => f('err.time.inGap', { time, zone }),
        unparsed: (text) => f('err.time.unparsed', { text }),
        ambiguous: (text) => f('err.time.ambiguous', { text }),
        past: (when) => f('err.time.past', { when }),
        noDate: (text) => f('err.time.noDate', { text }),
      },
      get internal() {
        return fixed('err.internal');
      },
      slowDown: (wait) => withSpan('err.slowDown', 'wait', wait),
      chatBusy: (wait) => withSpan('err.chatBusy', 'wait', wait),
    },

    commandText(command, option) {
      const own =
        command === undefined
          ? undefined
          : option === undefined
            ? `commands.${command}.description`
            : `commands.${command}.${option}`;
      const key =
        own !== undefined && argsOf(own) ? own : option === undefined ? undefined : `options.${option}`;
      if (key === undefined || !argsOf(key)) return undefined;
      return f(key as MessageKey, key === 'commands.settings.language' ? { languages } : {});
    },
    languageName,
  };
}

/** A group of fixed texts, each read through its template when asked. */
function group<K extends string>(
  prefix: string,
  keys: readonly K[],
  read: (key: MessageKey) => string,
): Readonly<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (const key of keys)
    Object.defineProperty(out, key, { get: () => read(`${prefix}.${key}` as MessageKey), enumerable: true });
  return out;
}

/** The template at a dotted key of a template tree, if it is there. */
export function lookup(tree: object, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}
