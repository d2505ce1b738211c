import type {
  ChatSettings,
  EventStore,
  SubscriptionStore,
  TagQuery,
  TargetStore,
} from '../../calendar/stores.js';
import { bySoonest, type UpcomingQuery } from '../../calendar/upcoming.js';
import { redact } from '../../core/redact.js';
import {
  type Follows,
  type LaunchEvent,
  type Locale,
  ownerOf,
  type Platform,
  type Subscription,
  type Target,
} from '../../core/types.js';
import type { SqliteDatabase } from './database.js';
import { writeEvent } from './event-index.js';

// A date-only launch counts as ahead until its day ends: it starts at most a (long) day before.
const DAY_SLACK_MS = 3 * 86_400_000;

// The filters every upcoming query shares.
const FILTERS = `removed = 0 AND status NOT IN ('cancelled', 'ended')
  AND (@viewer IS NULL OR owner IS NULL OR public = 1 OR owner = @viewer)
  AND (@followerOwner IS NULL OR owner IS NULL OR public = 1 OR owner = @followerOwner)
  AND (@followsAll = 1 OR id IN (SELECT value FROM json_each(@followsIds))
       OR EXISTS (SELECT 1 FROM event_tags t WHERE t.event_id = events.id AND t.tag IN (SELECT value FROM json_each(@followsTags))))
  AND (@tag IS NULL OR EXISTS (SELECT 1 FROM event_tags t WHERE t.tag = @tag AND t.event_id = events.id))
  AND (@text IS NULL OR instr(search, @text) > 0)`;

// Launches whose start (or day) is ahead, walked along the start index.
const AHEAD = `SELECT data FROM events WHERE start_at >= @aheadFrom AND start_at <= @startsBy AND until_at >= @now
  AND ${FILTERS} ORDER BY start_at, id LIMIT @limit`;

// Timed launches still live after their start instant (few: a launch is live for hours).
const STILL_LIVE = `SELECT data FROM events WHERE status = 'live' AND date_only = 0 AND until_at < @now
  AND start_at <= @startsBy AND ${FILTERS} ORDER BY start_at, id LIMIT @limit`;

// A chat that follows a few launches or small tags: its launches found from its follows (the
// event_tags index), then ordered; walking the start index would visit every launch ahead when
// none of them is followed.
const AHEAD_OR_LIVE = `((+start_at >= @aheadFrom AND until_at >= @now) OR (status = 'live' AND date_only = 0 AND until_at < @now))
  AND +start_at <= @startsBy`;
const FOLLOWED_ROWS = `FROM events WHERE id IN (SELECT value FROM json_each(@followsIds)
    UNION SELECT event_id FROM event_tags WHERE tag IN (SELECT value FROM json_each(@followsTags)))
  AND ${AHEAD_OR_LIVE} AND ${FILTERS}`;
const FOLLOWED = `SELECT data ${FOLLOWED_ROWS} ORDER BY start_at, id LIMIT @limit`;
const FOLLOWED_COUNT = `SELECT count(*) AS n ${FOLLOWED_ROWS}`;
const FOLLOWED_SIZE = `SELECT (SELECT count(*) FROM event_tags WHERE tag IN (SELECT value FROM json_each(?)))
  + json_array_length(?) AS n`;

/** Above this many followed launches (counted in the tag index), walking the start index is faster. */
export const NARROW_FOLLOWS = 1_000;

const COUNT = `SELECT (SELECT count(*) FROM events WHERE start_at >= @aheadFrom AND start_at <= @startsBy
    AND until_at >= @now AND ${FILTERS})
  + (SELECT count(*) FROM events WHERE status = 'live' AND date_only = 0 AND until_at < @now
    AND start_at <= @startsBy AND ${FILTERS}) AS n`;

const TAGS = `SELECT d.tag FROM (SELECT DISTINCT tag FROM event_tags WHERE @text IS NULL OR instr(tag, @text) > 0) d
  WHERE EXISTS (SELECT 1 FROM event_tags t JOIN events e ON e.id = t.event_id WHERE t.tag = d.tag
    AND e.removed = 0 AND (@viewer IS NULL OR e.owner IS NULL OR e.public = 1 OR e.owner = @viewer)
    AND (@aheadOf IS NULL OR (e.status NOT IN ('cancelled', 'ended')
      AND (e.until_at >= @aheadOf OR (e.status = 'live' AND e.date_only = 0)))))
  ORDER BY d.tag LIMIT @limit`;

function queryParams(q: UpcomingQuery) {
  const follows = q.follower?.follows;
  return {
    viewer: q.viewer ?? null,
    followerOwner: q.follower ? ownerOf(q.follower) : null,
    followsAll: follows === undefined || follows.tags.includes('*') ? 1 : 0,
    followsIds: JSON.stringify(follows?.events ?? []),
    followsTags: JSON.stringify(follows?.tags ?? []),
    tag: q.tag ?? null,
    text: q.text === undefined ? null : q.text.toLowerCase(),
    aheadFrom: q.now - DAY_SLACK_MS,
    startsBy: q.windowMs === undefined ? Number.MAX_SAFE_INTEGER : q.now + q.windowMs,
    now: q.now,
    limit: q.limit ?? -1,
  };
}

export class SqliteEventStore implements EventStore {
  constructor(
    private readonly d: SqliteDatabase,
    private readonly narrowFollows = NARROW_FOLLOWS,
  ) {}

  /** Whether the follower's launches are few enough to be found from its follows. */
  private narrow(q: Pick<UpcomingQuery, 'follower'>): boolean {
    const follows = q.follower?.follows;
    if (!follows || follows.tags.includes('*')) return false;
    const size = this.d
      .sql(FOLLOWED_SIZE)
      .get(JSON.stringify(follows.tags), JSON.stringify(follows.events)) as { n: number };
    return size.n <= this.narrowFollows;
  }

  async get(id: string): Promise<LaunchEvent | undefined> {
    const row = this.d.sql('SELECT data FROM events WHERE id = ?').get(id) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as LaunchEvent) : undefined;
  }

  async list(): Promise<LaunchEvent[]> {
    return (this.d.sql('SELECT data FROM events ORDER BY id').all() as { data: string }[]).map(
      (r) => JSON.parse(r.data) as LaunchEvent,
    );
  }

  async put(event: LaunchEvent): Promise<void> {
    this.d.transaction(() => writeEvent(this.d, event, JSON.stringify(event), Date.now()));
  }

  async delete(id: string): Promise<void> {
    this.d.transaction(() => {
      this.d.sql('DELETE FROM events WHERE id = ?').run(id);
      this.d.sql('DELETE FROM event_tags WHERE event_id = ?').run(id);
    });
  }

  async upcoming(q: UpcomingQuery): Promise<LaunchEvent[]> {
    const params = queryParams(q);
    if (this.narrow(q))
      return (this.d.sql(FOLLOWED).all(params) as { data: string }[]).map(
        (r) => JSON.parse(r.data) as LaunchEvent,
      );
    const ahead = this.d.sql(AHEAD).all(params) as { data: string }[];
    const { aheadFrom: _, ...live } = params;
    const still = this.d.sql(STILL_LIVE).all(live) as { data: string }[];
    // Both lists are in order; merged, since a date-only launch whose day has begun started
    // before a launch still live from earlier today.
    const events = [...still, ...ahead].map((r) => JSON.parse(r.data) as LaunchEvent).sort(bySoonest);
    return q.limit === undefined ? events : events.slice(0, q.limit);
  }

  async count(q: Omit<UpcomingQuery, 'limit'>): Promise<number> {
    const { limit: _, ...params } = queryParams(q);
    return (this.d.sql(this.narrow(q) ? FOLLOWED_COUNT : COUNT).get(params) as { n: number }).n;
  }

  async matching(follows: Follows): Promise<LaunchEvent[]> {
    if (follows.tags.includes('*')) return this.list();
    const rows = this.d
      .sql(
        `SELECT data FROM events WHERE id IN (SELECT value FROM json_each(?))
           OR id IN (SELECT event_id FROM event_tags WHERE tag IN (SELECT value FROM json_each(?)))
         ORDER BY id`,
      )
      .all(JSON.stringify(follows.events), JSON.stringify(follows.tags)) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as LaunchEvent);
  }

  async writtenSince(at: number): Promise<LaunchEvent[]> {
    const rows = this.d.sql('SELECT data FROM events WHERE updated_at > ? ORDER BY id').all(at) as {
      data: string;
    }[];
    return rows.map((r) => JSON.parse(r.data) as LaunchEvent);
  }

  async tags(q: TagQuery): Promise<string[]> {
    const rows = this.d.sql(TAGS).all({
      text: q.text?.toLowerCase() ?? null,
      viewer: q.viewer ?? null,
      aheadOf: q.aheadOf ?? null,
      limit: q.limit ?? -1,
    }) as {
      tag: string;
    }[];
    return rows.map((r) => r.tag);
  }
}

export class SqliteTargetStore implements TargetStore {
  constructor(private readonly d: SqliteDatabase) {}

  async list(): Promise<Target[]> {
    return (this.d.sql('SELECT data FROM targets ORDER BY key').all() as { data: string }[]).map(
      (r) => JSON.parse(r.data) as Target,
    );
  }

  async get(key: string): Promise<Target | undefined> {
    const row = this.d.sql('SELECT data FROM targets WHERE key = ?').get(key) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as Target) : undefined;
  }

  async put(target: Target): Promise<void> {
    // A disabled chat's reason is a platform's error: redacted at the store boundary.
    const stored =
      target.disabledReason === undefined
        ? target
        : { ...target, disabledReason: redact(target.disabledReason) };
    this.d
      .sql(
        'INSERT INTO targets (key, data) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data',
      )
      .run(stored.key, JSON.stringify(stored));
  }

  async delete(key: string): Promise<void> {
    this.d.sql('DELETE FROM targets WHERE key = ?').run(key);
  }

  async settings(chatKey: string): Promise<ChatSettings> {
    const row = this.d.sql('SELECT locale, zone FROM chat_settings WHERE chat_key = ?').get(chatKey) as
      | { locale: string | null; zone: string | null }
      | undefined;
    if (!row) return {};
    return {
      ...(row.locale === null ? {} : { locale: row.locale as Locale }),
      ...(row.zone === null ? {} : { zone: row.zone }),
    };
  }

  async putSettings(chatKey: string, settings: ChatSettings): Promise<void> {
    this.d
      .sql(
        'INSERT INTO chat_settings (chat_key, locale, zone) VALUES (?, ?, ?) ON CONFLICT (chat_key) DO UPDATE SET locale = excluded.locale, zone = excluded.zone',
      )
      .run(chatKey, settings.locale ?? null, settings.zone ?? null);
  }

  async recordMove(from: string, to: string, at: number): Promise<void> {
    this.d.transaction(() => {
      // A move back to an old id ends that id's own move; chains stay acyclic.
      this.d.sql('DELETE FROM target_moves WHERE from_key = ?').run(to);
      this.d
        .sql(
          'INSERT INTO target_moves (from_key, to_key, moved_at) VALUES (?, ?, ?) ON CONFLICT (from_key) DO UPDATE SET to_key = excluded.to_key, moved_at = excluded.moved_at',
        )
        .run(from, to, at);
    });
  }

  async movedTo(key: string): Promise<string | undefined> {
    let current = key;
    const seen = new Set([key]);
    for (;;) {
      const row = this.d.sql('SELECT to_key FROM target_moves WHERE from_key = ?').get(current) as
        | { to_key: string }
        | undefined;
      if (!row || seen.has(row.to_key)) return current === key ? undefined : current;
      seen.add(row.to_key);
      current = row.to_key;
    }
  }
}

export class SqliteSubscriptionStore implements SubscriptionStore {
  constructor(private readonly d: SqliteDatabase) {}

  async add(sub: Subscription): Promise<boolean> {
    const result = this.d
      .sql(
        `INSERT INTO subscriptions (platform, user_id, topic, origin_chat_id, locale, zone, created_at, community)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(
        sub.platform,
        sub.userId,
        sub.topic,
        sub.originChatId,
        sub.locale,
        sub.zone,
        sub.createdAt,
        sub.community ?? null,
      );
    return result.changes > 0;
  }

  async remove(platform: Platform, userId: string, topic?: string): Promise<number> {
    const result =
      topic === undefined
        ? this.d.sql('DELETE FROM subscriptions WHERE platform = ? AND user_id = ?').run(platform, userId)
        : this.d
            .sql('DELETE FROM subscriptions WHERE platform = ? AND user_id = ? AND topic = ?')
            .run(platform, userId, topic);
    return result.changes;
  }

  async removeTopic(topic: string): Promise<number> {
    return this.d.sql('DELETE FROM subscriptions WHERE topic = ?').run(topic).changes;
  }

  async list(filter: { platform?: Platform; userId?: string } = {}): Promise<Subscription[]> {
    const rows = this.d
      .sql(
        `SELECT * FROM subscriptions WHERE (? IS NULL OR platform = ?)
         AND (? IS NULL OR user_id = ?) ORDER BY created_at, topic`,
      )
      .all(
        filter.platform ?? null,
        filter.platform ?? null,
        filter.userId ?? null,
        filter.userId ?? null,
      ) as {
      platform: string;
      user_id: string;
      topic: string;
      origin_chat_id: string;
      locale: string;
      zone: string;
      created_at: number;
      community: string | null;
    }[];
    return rows.map((r) => ({
      platform: r.platform as Platform,
      userId: r.user_id,
      topic: r.topic,
      originChatId: r.origin_chat_id,
      locale: r.locale as Locale,
      zone: r.zone,
      createdAt: r.created_at,
      ...(r.community === null ? {} : { community: r.community }),
    }));
  }
}
