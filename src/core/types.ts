/** Domain types shared by every layer. No SDK type may appear here. */

/** The languages Herald speaks (each has its file in src/i18n/locales/); English is the fallback. */
export const LOCALES = ['en', 'fr', 'it', 'es', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

export const PLATFORMS = ['console', 'telegram', 'discord'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const EVENT_STATUSES = ['scheduled', 'live', 'ended', 'postponed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** Text given per locale; at least one locale is present. */
export type Localized = Partial<Record<Locale, string>>;

/**
 * When a launch starts. `instant`: the hour is known (stored as UTC epoch ms,
 * shown in the venue's zone). `date`: only the day is announced ("time to be announced").
 */
export type EventStart =
  | { readonly kind: 'instant'; readonly at: number }
  | { readonly kind: 'date'; readonly date: string };

export interface EventLink {
  readonly label: string;
  readonly url: string;
}

export type EventSource = 'config' | 'command' | 'import';

export interface LaunchEvent {
  readonly id: string;
  readonly title: Localized;
  readonly description: Localized;
  readonly start: EventStart;
  /** End instant (UTC epoch ms), when known. */
  readonly end?: number;
  /** IANA zone of the venue, e.g. Europe/Paris. */
  readonly zone: string;
  /** The venue's city, as the operator wrote it. */
  readonly city?: string;
  /** The city's name per language, when the config gives it (`city: { it: Milano, de: Mailand }`). */
  readonly cityNames?: Localized;
  readonly venue?: string;
  readonly links: readonly EventLink[];
  readonly image?: string;
  readonly tags: readonly string[];
  readonly status: EventStatus;
  readonly source: EventSource;
  /** Grows by one on every change that users should hear about. */
  readonly revision: number;
  /**
   * Grows by one when a postponed or cancelled event is scheduled again: its countdown starts
   * over (milestones already sent for the old date are posted again for the new one).
   */
  readonly cycle?: number;
  /**
   * Grows by one on every edit of what the event says (any field of its entry, its status),
   * also those nobody is told of (a new description, image or end): the ICS feeds' SEQUENCE.
   * Absent until the first such edit, and on events stored before it was kept: read it with
   * calendar/changes.ts `sequenceOf`.
   */
  readonly sequence?: number;
  /**
   * Who may change it, and who sees it: the operators (absent: config, imports, events
   * operators add) or the community that created it (a community key).
   */
  readonly owner?: Owner;
  /** A community's event that an operator made visible to every community. */
  readonly public?: boolean;
  /**
   * Config events: the hash of the `events.yaml` entry the event last came from
   * (calendar/changes.ts `configHash`). While the entry keeps this hash, the start-up sync
   * keeps the stored event as it is, operators' changes included.
   */
  readonly configHash?: string;
  /**
   * The config no longer has this event: it stays in the store, cancelled, only so that the
   * cancellation notices sent to its followers can be written; lists and commands ignore it.
   */
  readonly removed?: true;
  /** Imported from a calendar file or URL: where from, and what it was there (docs/calendar-files.md). */
  readonly imported?: ImportOrigin;
}

/** Where an imported event came from (kept in the event's JSON; no store column). */
export interface ImportOrigin {
  /** The import's name (`imports[].name` in config/herald.yaml; a file's path for a one-off import). */
  readonly from: string;
  /** The iCalendar UID of its VEVENT. */
  readonly uid: string;
  /** An occurrence of a recurring series (its id ends with the day it was planned for). */
  readonly series?: true;
  /**
   * A hash of what the source last said of the event. While the source says the same, a
   * refresh keeps the stored event as it is, an operator's changes included.
   */
  readonly hash: string;
}

/**
 * Tenancy (docs/tenancy.md). A *community* is a Discord server or a Telegram chat (group,
 * supergroup or channel): `discord:guild:<id>`, `telegram:chat:<id>`. The *operators* are the
 * configured owners. Events and targets belong to one of them.
 */
export const OPERATORS = 'operators';
export type Owner = string;

export function communityKey(platform: Platform, kind: 'chat' | 'guild', id: string): Owner {
  return `${platform}:${kind}:${id}`;
}

/** The owner of an event (operators when none is recorded). */
export function ownerOf(item: { readonly owner?: Owner }): Owner {
  return item.owner ?? OPERATORS;
}

/**
 * Whether a community (or the operators' own chats) sees an event: the operators' events and
 * public ones everywhere; a community's own events in that community only.
 */
export function visibleTo(event: Pick<LaunchEvent, 'owner' | 'public'>, viewer: Owner): boolean {
  const owner = ownerOf(event);
  return owner === OPERATORS || event.public === true || owner === viewer;
}

/** Whether the event should count down at all. */
export function isPlannable(event: Pick<LaunchEvent, 'status'>): boolean {
  return event.status === 'scheduled' || event.status === 'live';
}

/** Post kinds a target can receive. */
export const POST_KINDS = [
  'countdown',
  'live',
  'reminder',
  'changed',
  'cancelled',
  'postponed',
  'digest',
  'catchup',
  'pinned',
  'native',
] as const;
export type PostKind = (typeof POST_KINDS)[number];

/**
 * The post kinds a target chooses from in config (`kinds`). `pinned`: one pinned message per
 * launch, edited in place (daily, hourly on the last day, each minute in the last hour).
 */
export const TARGET_KINDS = ['countdown', 'live', 'notice', 'digest', 'pinned', 'native'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
/**
 * What a target gets when its config says nothing: every kind but the pinned countdown.
 * `native` (a Discord Guild Scheduled Event per launch) only applies on Discord.
 */
export const DEFAULT_TARGET_KINDS: readonly TargetKind[] = [
  'countdown',
  'live',
  'notice',
  'digest',
  'native',
];

/** Platforms with native calendar events (Discord's Guild Scheduled Events). */
export const NATIVE_EVENT_PLATFORMS: readonly Platform[] = ['discord'];

export interface Follows {
  readonly tags: readonly string[];
  readonly events: readonly string[];
}

/** A chat or channel that follows events and receives posts. */
export interface Target {
  /** `${platform}:${chatId}` */
  readonly key: string;
  readonly platform: Platform;
  readonly chatId: string;
  readonly locale: Locale;
  readonly zone: string;
  readonly follows: Follows;
  readonly kinds: readonly TargetKind[];
  /** Platform-specific mention to add to "live now" posts (a role id, `@channel`). */
  readonly mention?: string;
  readonly enabled: boolean;
  readonly disabledReason?: string;
  readonly source: 'config' | 'command';
  /** Whose chat it is: the operators' (config targets) or a community's (absent: the operators'). */
  readonly owner?: Owner;
}

/** A person who asked for DM reminders about an event or a tag. */
export interface Subscription {
  readonly platform: Platform;
  readonly userId: string;
  /** `event:<id>` or `tag:<tag>` */
  readonly topic: string;
  /** The chat where the person subscribed (fallback when DMs fail). */
  readonly originChatId: string;
  readonly locale: Locale;
  readonly zone: string;
  readonly createdAt: number;
  /** The community it was made in: reminders only come for launches it sees (absent: the operators'). */
  readonly community?: Owner;
}

export function targetKey(platform: Platform, chatId: string): string {
  return `${platform}:${chatId}`;
}

export function dmKey(platform: Platform, userId: string): string {
  return `${platform}:dm:${userId}`;
}

/** A target key read back: which platform, which chat or person, and whether it is a DM. */
export interface TargetAddress {
  readonly platform: Platform;
  readonly chatId: string;
  readonly dm: boolean;
}

/** The one reader of target keys (`telegram:-100`, `discord:dm:42`); nothing else splits them. */
export function parseTargetKey(key: string): TargetAddress {
  const colon = key.indexOf(':');
  const platform = key.slice(0, colon) as Platform;
  const rest = key.slice(colon + 1);
  return rest.startsWith('dm:')
    ? { platform, chatId: rest.slice(3), dm: true }
    : { platform, chatId: rest, dm: false };
}

/** One field of an event that changed, as a "what changed" notice shows it. */
export interface FieldChange {
  readonly field: 'start' | 'title' | 'city' | 'venue' | 'status';
  readonly before: string;
  readonly after: string;
}

/**
 * Whether a target wants an event: it follows the event or one of its tags, and the event is
 * visible to the target's owner (a tag never brings another community's launches).
 */
export function follows(
  target: Pick<Target, 'follows' | 'owner'>,
  event: Pick<LaunchEvent, 'id' | 'tags' | 'owner' | 'public'>,
): boolean {
  if (!visibleTo(event, ownerOf(target))) return false;
  return (
    target.follows.events.includes(event.id) ||
    target.follows.tags.includes('*') ||
    event.tags.some((tag) => target.follows.tags.includes(tag))
  );
}

/** A platform's language code (`fr`, `it-IT`, `en-US`) as a Herald locale, when Herald speaks it. */
export function localeFromCode(code: string | undefined): Locale | undefined {
  const base = code?.slice(0, 2).toLowerCase();
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : undefined;
}

/** The text in a language, else in English, else in the first language that has it. */
export function localized(text: Localized, locale: Locale): string {
  const found = text[locale] ?? text.en;
  if (found !== undefined) return found;
  for (const other of LOCALES) {
    const value = text[other];
    if (value !== undefined) return value;
  }
  return '';
}
