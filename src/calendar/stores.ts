import type { Follows, LaunchEvent, Locale, Owner, Platform, Subscription, Target } from '../core/types.js';
import type { UpcomingQuery } from './upcoming.js';

/**
 * The launch calendar. Readers (commands, digests, autocomplete) ask `upcoming` and `tags`,
 * which indexed queries answer without decoding the calendar; `list` is for the start-up sync
 * and operators' tools.
 */
export interface EventStore {
  get(id: string): Promise<LaunchEvent | undefined>;
  /** Every event, removed ones included (they wait for their cancellation notices). */
  list(): Promise<LaunchEvent[]>;
  put(event: LaunchEvent): Promise<void>;
  delete(id: string): Promise<void>;
  /** Launches ahead, soonest first: exactly `upcoming(list(), q.now, q)` of calendar/upcoming.ts. */
  upcoming(query: UpcomingQuery): Promise<LaunchEvent[]>;
  /** How many launches `upcoming` would give without its limit. */
  count(query: Omit<UpcomingQuery, 'limit'>): Promise<number>;
  /**
   * Every event (any state, removed ones included) with one of these ids or tags (`*`: all):
   * what re-planning one chat or one person's reminders has to look at.
   */
  matching(follows: Follows): Promise<LaunchEvent[]>;
  /** Events written after this instant (system time): a start re-plans them (see replanner). */
  writtenSince(at: number): Promise<LaunchEvent[]>;
  /** Tags of the calendar's launches (removed ones aside), sorted; see `TagQuery`. */
  tags(query: TagQuery): Promise<string[]>;
}

export interface TagQuery {
  /** Only tags of launches this community sees (omitted: every launch). */
  readonly viewer?: Owner;
  /** Only tags of launches still ahead at this instant. */
  readonly aheadOf?: number;
  /** Only tags containing this text. */
  readonly text?: string;
  readonly limit?: number;
}

/** A chat's own choices (the `settings` command); they win over the target's config. */
export interface ChatSettings {
  readonly locale?: Locale;
  readonly zone?: string;
}

/** Chats that follow events, their settings, and where chats moved (Telegram supergroups). */
export interface TargetStore {
  list(): Promise<Target[]>;
  get(key: string): Promise<Target | undefined>;
  put(target: Target): Promise<void>;
  delete(key: string): Promise<void>;
  settings(chatKey: string): Promise<ChatSettings>;
  putSettings(chatKey: string, settings: ChatSettings): Promise<void>;
  /** Records that a chat now lives at another key; kept for good, so the config's old id maps to it. */
  recordMove(from: string, to: string, at: number): Promise<void>;
  /** Where a chat lives now, following every recorded move; undefined when it never moved. */
  movedTo(key: string): Promise<string | undefined>;
}

/** People who asked for DM reminders. */
export interface SubscriptionStore {
  add(sub: Subscription): Promise<boolean>;
  remove(platform: Platform, userId: string, topic?: string): Promise<number>;
  list(filter?: { platform?: Platform; userId?: string }): Promise<Subscription[]>;
  /** Ends everyone's subscription to a topic (a removed launch: its id may be reused). */
  removeTopic(topic: string): Promise<number>;
}
