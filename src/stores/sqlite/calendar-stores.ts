import type { ChatSettings, EventStore, SubscriptionStore, TargetStore } from '../../calendar/stores.js';
import { redact } from '../../core/redact.js';
import type { LaunchEvent, Locale, Platform, Subscription, Target } from '../../core/types.js';
import type { SqliteDatabase } from './database.js';

export class SqliteEventStore implements EventStore {
  constructor(private readonly d: SqliteDatabase) {}

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
    this.d
      .sql(
        'INSERT INTO events (id, data, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
      )
      .run(event.id, JSON.stringify(event), Date.now());
  }

  async delete(id: string): Promise<void> {
    this.d.sql('DELETE FROM events WHERE id = ?').run(id);
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
