/** At most `commands` commands in any sliding window of `windowMs`. */
export interface CooldownLimit {
  readonly commands: number;
  readonly windowMs: number;
}

export interface CooldownOptions {
  /** One person in one chat. */
  readonly perUser: CooldownLimit;
  /** Everyone in one chat together. */
  readonly perChat: CooldownLimit;
  /** Most people (and, apart, most chats) remembered at once; the least recently seen go first. */
  readonly maxEntries?: number;
}

/**
 * What to do with a command:
 * - `run`: under both limits; it counts against them.
 * - `warn`: this command crossed a limit: answer it with one "slow down" (nothing else), and
 *   stay silent until `until`, when the window has room again.
 * - `ignore`: the person (or the chat) already had its "slow down": no answer at all.
 */
export type CooldownVerdict =
  | { readonly action: 'run' }
  | { readonly action: 'warn' | 'ignore'; readonly scope: 'user' | 'chat'; readonly until: number };

interface Entry {
  /** When its last commands ran, oldest first; at most the limit's count. */
  hits: number[];
  /** Silent until then (a "slow down" was given); 0 when not cooling down. */
  until: number;
}

export const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * Per-person and per-chat command cooldowns: sliding windows kept as the times of the last
 * few commands. Pure bookkeeping on the instants it is given (the injected clock's `now`),
 * no timers. Memory stays bounded: entries whose window and cooldown are over are swept
 * once a window, and past `maxEntries` the least recently seen entry is forgotten (which
 * can only make Herald more lenient with that one person or chat, never silent).
 */
export class CommandCooldown {
  private readonly users = new Map<string, Entry>();
  private readonly chats = new Map<string, Entry>();
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly maxEntries: number;

  constructor(private readonly opts: CooldownOptions) {
    this.maxEntries = Math.max(1, opts.maxEntries ?? DEFAULT_MAX_ENTRIES);
  }

  /** Judges a command typed by `user` in `chat` at `now`; a command that runs is counted. */
  check(now: number, chat: string, user: string): CooldownVerdict {
    this.sweepIfDue(now);
    const userKey = `${chat}\u0000${user}`;
    const person = this.touch(this.users, userKey);
    const room = this.touch(this.chats, chat);
    if (now < person.until) return { action: 'ignore', scope: 'user', until: person.until };
    if (now < room.until) return { action: 'ignore', scope: 'chat', until: room.until };
    const full = (entry: Entry, limit: CooldownLimit) => {
      entry.hits = entry.hits.filter((t) => t > now - limit.windowMs);
      const oldest = entry.hits[entry.hits.length - limit.commands];
      return entry.hits.length >= limit.commands && oldest !== undefined
        ? oldest + limit.windowMs
        : undefined;
    };
    const userUntil = full(person, this.opts.perUser);
    if (userUntil !== undefined) {
      person.until = userUntil;
      return { action: 'warn', scope: 'user', until: userUntil };
    }
    const chatUntil = full(room, this.opts.perChat);
    if (chatUntil !== undefined) {
      room.until = chatUntil;
      return { action: 'warn', scope: 'chat', until: chatUntil };
    }
    person.until = 0;
    room.until = 0;
    record(person, now, this.opts.perUser.commands);
    record(room, now, this.opts.perChat.commands);
    return { action: 'run' };
  }

  /** How many people and chats are remembered (for tests of the memory bound). */
  size(): { readonly users: number; readonly chats: number } {
    return { users: this.users.size, chats: this.chats.size };
  }

  /** The entry for `key`, moved to the most recently seen end; the oldest goes past the bound. */
  private touch(map: Map<string, Entry>, key: string): Entry {
    const entry = map.get(key) ?? { hits: [], until: 0 };
    map.delete(key);
    map.set(key, entry);
    if (map.size > this.maxEntries) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    return entry;
  }

  /** Once a window: forgets entries with no command in their window and no cooldown running. */
  private sweepIfDue(now: number): void {
    const every = Math.min(this.opts.perUser.windowMs, this.opts.perChat.windowMs);
    if (now - this.lastSweep < every) return;
    this.lastSweep = now;
    sweep(this.users, now, this.opts.perUser.windowMs);
    sweep(this.chats, now, this.opts.perChat.windowMs);
  }
}

function record(entry: Entry, now: number, keep: number): void {
  entry.hits.push(now);
  if (entry.hits.length > keep) entry.hits.splice(0, entry.hits.length - keep);
}

function sweep(map: Map<string, Entry>, now: number, windowMs: number): void {
  for (const [key, entry] of map) {
    const last = entry.hits[entry.hits.length - 1] ?? Number.NEGATIVE_INFINITY;
    if (last <= now - windowMs && entry.until <= now) map.delete(key);
  }
}
