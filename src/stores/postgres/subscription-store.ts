import type { SubscriptionStore } from '../../calendar/stores.js';
import type { Locale, Platform, Subscription } from '../../core/types.js';
import type { PostgresDatabase } from './database.js';
import { asOf } from './instants.js';

interface SubscriptionRow {
  platform: string;
  user_id: string;
  topic: string;
  origin_chat_id: string;
  locale: string;
  zone: string;
  created_at: number;
  community: string | null;
}

export class PostgresSubscriptionStore implements SubscriptionStore {
  constructor(private readonly db: PostgresDatabase) {}

  async add(sub: Subscription): Promise<boolean> {
    const added = await this.db.exec(
      `INSERT INTO subscriptions (platform, user_id, topic, origin_chat_id, locale, zone, created_at, community)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        sub.platform,
        sub.userId,
        sub.topic,
        sub.originChatId,
        sub.locale,
        sub.zone,
        asOf(sub.createdAt),
        sub.community ?? null,
      ],
    );
    return added > 0;
  }

  async remove(platform: Platform, userId: string, topic?: string): Promise<number> {
    return topic === undefined
      ? this.db.exec('DELETE FROM subscriptions WHERE platform = $1 AND user_id = $2', [platform, userId])
      : this.db.exec('DELETE FROM subscriptions WHERE platform = $1 AND user_id = $2 AND topic = $3', [
          platform,
          userId,
          topic,
        ]);
  }

  async removeTopic(topic: string): Promise<number> {
    return this.db.exec('DELETE FROM subscriptions WHERE topic = $1', [topic]);
  }

  async list(filter: { platform?: Platform; userId?: string } = {}): Promise<Subscription[]> {
    const rows = await this.db.rows<SubscriptionRow>(
      `SELECT * FROM subscriptions WHERE ($1::text IS NULL OR platform = $1)
       AND ($2::text IS NULL OR user_id = $2) ORDER BY created_at, topic`,
      [filter.platform ?? null, filter.userId ?? null],
    );
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
