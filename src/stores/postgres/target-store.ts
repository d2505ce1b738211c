import type { ChatSettings, TargetStore } from '../../calendar/stores.js';
import { redact } from '../../core/redact.js';
import type { Locale, Target } from '../../core/types.js';
import type { PostgresDatabase } from './database.js';
import { asOf } from './instants.js';

export class PostgresTargetStore implements TargetStore {
  constructor(private readonly db: PostgresDatabase) {}

  async list(): Promise<Target[]> {
    return (await this.db.rows<{ data: string }>('SELECT data FROM targets ORDER BY key')).map(
      (r) => JSON.parse(r.data) as Target,
    );
  }

  async get(key: string): Promise<Target | undefined> {
    const [row] = await this.db.rows<{ data: string }>('SELECT data FROM targets WHERE key = $1', [key]);
    return row ? (JSON.parse(row.data) as Target) : undefined;
  }

  async put(target: Target): Promise<void> {
    // A disabled chat's reason is a platform's error: redacted at the store boundary.
    const stored =
      target.disabledReason === undefined
        ? target
        : { ...target, disabledReason: redact(target.disabledReason) };
    await this.db.exec(
      'INSERT INTO targets (key, data) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET data = excluded.data',
      [stored.key, JSON.stringify(stored)],
    );
  }

  async delete(key: string): Promise<void> {
    await this.db.exec('DELETE FROM targets WHERE key = $1', [key]);
  }

  async settings(chatKey: string): Promise<ChatSettings> {
    const [row] = await this.db.rows<{ locale: string | null; zone: string | null }>(
      'SELECT locale, zone FROM chat_settings WHERE chat_key = $1',
      [chatKey],
    );
    if (!row) return {};
    return {
      ...(row.locale === null ? {} : { locale: row.locale as Locale }),
      ...(row.zone === null ? {} : { zone: row.zone }),
    };
  }

  async putSettings(chatKey: string, settings: ChatSettings): Promise<void> {
    await this.db.exec(
      `INSERT INTO chat_settings (chat_key, locale, zone) VALUES ($1, $2, $3)
       ON CONFLICT (chat_key) DO UPDATE SET locale = excluded.locale, zone = excluded.zone`,
      [chatKey, settings.locale ?? null, settings.zone ?? null],
    );
  }

  async recordMove(from: string, to: string, at: number): Promise<void> {
    await this.db.transaction(async (sql) => {
      // A move back to an old id ends that id's own move; chains stay acyclic.
      await sql.query('DELETE FROM target_moves WHERE from_key = $1', [to]);
      await sql.query(
        `INSERT INTO target_moves (from_key, to_key, moved_at) VALUES ($1, $2, $3)
         ON CONFLICT (from_key) DO UPDATE SET to_key = excluded.to_key, moved_at = excluded.moved_at`,
        [from, to, asOf(at)],
      );
    });
  }

  async movedTo(key: string): Promise<string | undefined> {
    let current = key;
    const seen = new Set([key]);
    for (;;) {
      const [row] = await this.db.rows<{ to_key: string }>(
        'SELECT to_key FROM target_moves WHERE from_key = $1',
        [current],
      );
      if (!row || seen.has(row.to_key)) return current === key ? undefined : current;
      seen.add(row.to_key);
      current = row.to_key;
    }
  }
}
