import type { EventStatus, Locale } from '../core/types.js';

export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w';

/**
 * Every text Herald shows. en, fr and it each implement the whole interface:
 * a missing key fails the typecheck.
 */
export interface Catalog {
  readonly locale: Locale;
  /** "3 days", "1 heure", "15 minuti" */
  unit(n: number, unit: DurationUnit): string;
  /** Joins parts of a duration: "2 days and 4 hours". */
  join(parts: readonly string[]): string;
  /** "14:00 Paris time" — `time` is already formatted. */
  venueTime(dateTime: string, city: string): string;
  timeTba(date: string): string;
  readerTime(time: string, zone: string): string;

  countdownTitle(title: string, left: string): string;
  liveTitle(title: string): string;
  launchDayTitle(title: string): string;
  reminderTitle(title: string, left: string): string;
  reminderNowTitle(title: string): string;
  changedTitle(title: string): string;
  cancelledTitle(title: string): string;
  postponedTitle(title: string): string;
  cancelledBody: string;
  postponedBody: string;
  late(dueTime: string): string;
  fallbackDm(user: string): string;
  /** Label of the button that opens a private chat to subscribe to reminders. */
  remindMe: string;
  /** Said in a group when someone asks for DM reminders: the platform needs them to open the chat first. */
  subscribeInPrivate(topic: string): string;

  field: {
    when: string;
    where: string;
    status: string;
    tags: string;
    title: string;
    id: string;
    left: string;
  };
  status: Record<EventStatus, string>;
  changeLine(label: string, before: string, after: string): string;

  digestTitle(window: string): string;
  digestEmpty(window: string): string;
  digestLine(title: string, when: string, left: string): string;
  /** The last line of a digest that lists only the first launches of its window. */
  digestMore(count: number): string;

  catchupTitle(from: string, to: string): string;
  catchupIntro(count: number): string;
  catchupItem(what: string, due: string): string;
  catchupNext(title: string, when: string): string;

  in(left: string): string;
  ago(left: string): string;
  started: string;

  cmd: {
    nextNone: string;
    nextTitle(title: string): string;
    eventsTitle(tag: string | undefined): string;
    eventsNone(tag: string | undefined): string;
    /** After the first launches listed: how many more, and how to narrow the list. */
    eventsMore(count: number, tagged: boolean): string;
    countdownTitle(title: string): string;
    countdownLeft(left: string): string;
    countdownTba(days: string): string;
    subscribed(topic: string, offsets: string): string;
    alreadySubscribed(topic: string): string;
    unsubscribed(count: number): string;
    notSubscribed: string;
    settingsShow(locale: string, zone: string): string;
    settingsSaved(locale: string, zone: string): string;
    helpTitle: string;
    helpAdmin: string;
    helpUsage: string;
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
    summaryQueued: string;
    auditTitle: string;
    auditEmpty: string;
    auditLine(when: string, status: string, what: string, target: string, error: string): string;
    auditTargetDisabled(target: string, reason: string): string;
  };

  err: {
    unknownCommand(name: string): string;
    notAdmin: string;
    missingArg(name: string, usage: string): string;
    tooManyArgs(usage: string): string;
    badArg(name: string, value: string, expected: string): string;
    unknownEvent(id: string): string;
    unknownTopic(topic: string): string;
    eventExists(id: string): string;
    /** The id exists in a calendar this chat cannot see. */
    idTaken(id: string): string;
    notYourEvent(id: string): string;
    publishOperatorsOnly: string;
    unknownZone(zone: string): string;
    unknownLocale(locale: string): string;
    time: {
      invalidDate(text: string): string;
      inGap(time: string, zone: string): string;
      unparsed(text: string): string;
      ambiguous(text: string): string;
      past(when: string): string;
      noDate(text: string): string;
    };
    internal: string;
    /** One person sent too many commands here; `wait` is "45 seconds", "2 minutes". */
    slowDown(wait: string): string;
    /** This chat as a whole sent too many commands. */
    chatBusy(wait: string): string;
    /** A quote opened in the command's text and never closed. */
    unclosedQuote(usage: string): string;
    /** A value longer than its option allows (the value itself is not repeated). */
    argTooLong(name: string, max: number): string;
  };
}
