import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../core/errors.js';
import type { LaunchEvent, Locale, Platform, Subscription, Target } from '../core/types.js';
import {
  decodeEvent,
  decodeTarget,
  encodeEvent,
  encodeTarget,
  type LedgerRecord,
  rowFromRecord,
} from './row-codec.js';
import { SqliteCheckpointer } from './sqlite-checkpointer.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';
import {
  type AuditQuery,
  type ChatSettings,
  LEDGER_STATUSES,
  type LedgerChange,
  type LedgerRow,
  type LedgerStatus,
  type Store,
} from './store.js';

/** The embedded store: one SQLite file (or `:memory:`), WAL mode, synchronous API behind the async interface. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly checkpointer: SqliteCheckpointer | undefined;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    try {
      this.db = new Database(file);
    } catch (error) {
      throw new StoreError(
        `cannot open the SQLite database ${file}: ${String(error)}`,
        'check HERALD_DATABASE and that the folder is writable',
        { cause: error },
      );
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    if (file !== ':memory:') {
      // Checkpoints run on a worker thread, never on a commit that is sending a post.
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new SqliteCheckpointer(file);
    }
  }

  async maintain(): Promise<void> {
    if (this.db.open) this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async migrate(): Promise<void> {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
    );
    const done = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    for (const migration of SQLITE_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
          .run(migration.version, Date.now());
      })();
    }
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.db.open) {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.db.close();
    }
  }

  async getEvent(id: string): Promise<LaunchEvent | undefined> {
    const row = this.db.prepare('SELECT data FROM events WHERE id = ?').get(id) as
      | { data: string }
      | undefined;
    return row ? decodeEvent(row.data) : undefined;
  }

  async listEvents(): Promise<LaunchEvent[]> {
    return (this.db.prepare('SELECT data FROM events ORDER BY id').all() as { data: string }[]).map((r) =>
      decodeEvent(r.data),
    );
  }

  async putEvent(event: LaunchEvent): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO events (id, data, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
      )
      .run(event.id, encodeEvent(event), Date.now());
  }

  async deleteEvent(id: string): Promise<void> {
    this.db.prepare('DELETE FROM events WHERE id = ?').run(id);
  }

  async listTargets(): Promise<Target[]> {
    return (this.db.prepare('SELECT data FROM targets ORDER BY key').all() as { data: string }[]).map((r) =>
      decodeTarget(r.data),
    );
  }

  async getTarget(key: string): Promise<Target | undefined> {
    const row = this.db.prepare('SELECT data FROM targets WHERE key = ?').get(key) as
      | { data: string }
      | undefined;
    return row ? decodeTarget(row.data) : undefined;
  }

  async putTarget(target: Target): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO targets (key, data) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data',
      )
      .run(target.key, encodeTarget(target));
  }

  async deleteTarget(key: string): Promise<void> {
    this.db.prepare('DELETE FROM targets WHERE key = ?').run(key);
  }

  async getChatSettings(chatKey: string): Promise<ChatSettings> {
    const row = this.db.prepare('SELECT locale, zone FROM chat_settings WHERE chat_key = ?').get(chatKey) as
      | { locale: string | null; zone: string | null }
      | undefined;
    if (!row) return {};
    return {
      ...(row.locale === null ? {} : { locale: row.locale as Locale }),
      ...(row.zone === null ? {} : { zone: row.zone }),
    };
  }

  async putChatSettings(chatKey: string, settings: ChatSettings): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO chat_settings (chat_key, locale, zone) VALUES (?, ?, ?) ON CONFLICT (chat_key) DO UPDATE SET locale = excluded.locale, zone = excluded.zone',
      )
      .run(chatKey, settings.locale ?? null, settings.zone ?? null);
  }

  async addSubscription(sub: Subscription): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO subscriptions (platform, user_id, topic, origin_chat_id, locale, zone, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(sub.platform, sub.userId, sub.topic, sub.originChatId, sub.locale, sub.zone, sub.createdAt);
    return result.changes > 0;
  }

  async removeSubscriptions(platform: Platform, userId: string, topic?: string): Promise<number> {
    const result =
      topic === undefined
        ? this.db
            .prepare('DELETE FROM subscriptions WHERE platform = ? AND user_id = ?')
            .run(platform, userId)
        : this.db
            .prepare('DELETE FROM subscriptions WHERE platform = ? AND user_id = ? AND topic = ?')
            .run(platform, userId, topic);
    return result.changes;
  }

  async listSubscriptions(filter: { platform?: Platform; userId?: string } = {}): Promise<Subscription[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM subscriptions WHERE (@platform IS NULL OR platform = @platform)
         AND (@userId IS NULL OR user_id = @userId) ORDER BY created_at, topic`,
      )
      .all({ platform: filter.platform ?? null, userId: filter.userId ?? null }) as {
      platform: string;
      user_id: string;
      topic: string;
      origin_chat_id: string;
      locale: string;
      zone: string;
      created_at: number;
    }[];
    return rows.map((r) => ({
      platform: r.platform as Platform,
      userId: r.user_id,
      topic: r.topic,
      originChatId: r.origin_chat_id,
      locale: r.locale as Locale,
      zone: r.zone,
      createdAt: r.created_at,
    }));
  }

  async applyLedgerChange(change: LedgerChange, now: number): Promise<number> {
    const insert = this.db.prepare(
      `INSERT INTO ledger (key, event_id, kind, slot, target_key, platform, chat_id, locale, zone, mention, due, status, payload, updated_at)
       VALUES (@key, @eventId, @kind, @slot, @targetKey, @platform, @chatId, @locale, @zone, @mention, @due, 'planned', @payload, @now)
       ON CONFLICT (key) DO NOTHING`,
    );
    const move = this.db.prepare(
      `UPDATE ledger SET due = ?, status = 'planned', updated_at = ?, last_error = NULL
       WHERE key = ? AND status IN ('planned', 'cancelled')`,
    );
    const cancel = this.db.prepare(
      `UPDATE ledger SET status = 'cancelled', updated_at = ?, last_error = ? WHERE key = ? AND status = 'planned'`,
    );
    let inserted = 0;
    this.db.transaction(() => {
      for (const post of change.insert) {
        inserted += insert.run({
          ...post,
          mention: post.mention ?? null,
          payload: post.payload === undefined ? null : JSON.stringify(post.payload),
          now,
        }).changes;
      }
      for (const { key, due } of change.reschedule) move.run(due, now, key);
      for (const key of change.cancel) cancel.run(now, change.reason ?? 're-planned', key);
    })();
    return inserted;
  }

  async ledgerForEvent(eventId: string): Promise<LedgerRow[]> {
    return (
      this.db
        .prepare('SELECT * FROM ledger WHERE event_id = ? ORDER BY due, key')
        .all(eventId) as LedgerRecord[]
    ).map(rowFromRecord);
  }

  async getLedgerRow(key: string): Promise<LedgerRow | undefined> {
    const r = this.db.prepare('SELECT * FROM ledger WHERE key = ?').get(key) as LedgerRecord | undefined;
    return r ? rowFromRecord(r) : undefined;
  }

  async nextDue(platforms: readonly Platform[]): Promise<number | undefined> {
    let best: number | undefined;
    // One indexed probe per platform (status, platform, due) beats a scan over all planned rows.
    const stmt = this.db.prepare(
      `SELECT MIN(due) AS due FROM ledger WHERE status = 'planned' AND platform = ?`,
    );
    const leased = this.db.prepare(
      `SELECT MIN(lease_until) AS due FROM ledger WHERE status = 'sending' AND platform = ?`,
    );
    for (const platform of platforms) {
      for (const s of [stmt, leased]) {
        const row = s.get(platform) as { due: number | null };
        if (row.due !== null && (best === undefined || row.due < best)) best = row.due;
      }
    }
    return best;
  }

  async claimDue(opts: {
    now: number;
    platforms: readonly Platform[];
    limit: number;
    owner: string;
    leaseMs: number;
  }): Promise<LedgerRow[]> {
    const select = this.db.prepare(
      `SELECT * FROM ledger WHERE platform = ? AND ((status = 'planned' AND due <= ?) OR (status = 'sending' AND lease_until <= ?))
       ORDER BY due LIMIT ?`,
    );
    const lease = this.db.prepare(
      `UPDATE ledger SET status = 'sending', lease_owner = ?, lease_until = ?, updated_at = ? WHERE key = ?`,
    );
    return this.db
      .transaction(() => {
        const claimed: LedgerRow[] = [];
        for (const platform of opts.platforms) {
          const records = select.all(
            platform,
            opts.now,
            opts.now,
            opts.limit - claimed.length,
          ) as LedgerRecord[];
          for (const record of records) {
            lease.run(opts.owner, opts.now + opts.leaseMs, opts.now, record.key);
            claimed.push({ ...rowFromRecord(record), status: 'sending' });
          }
          if (claimed.length >= opts.limit) break;
        }
        return claimed.sort((a, b) => a.due - b.due);
      })
      .immediate();
  }

  async markSent(key: string, at: number, messageRef: string | undefined, late: boolean): Promise<void> {
    this.db
      .prepare(
        `UPDATE ledger SET status = 'sent', sent_at = ?, updated_at = ?, message_ref = ?, late = ?, attempts = attempts + 1,
         lease_owner = NULL, lease_until = NULL WHERE key = ?`,
      )
      .run(at, at, messageRef ?? null, late ? 1 : 0, key);
  }

  async markFailed(key: string, at: number, error: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE ledger SET status = 'failed', updated_at = ?, last_error = ?, attempts = attempts + 1,
         lease_owner = NULL, lease_until = NULL WHERE key = ?`,
      )
      .run(at, error, key);
  }

  async markSkipped(key: string, at: number, reason: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE ledger SET status = 'skipped', updated_at = ?, last_error = ?, lease_owner = NULL, lease_until = NULL WHERE key = ?`,
      )
      .run(at, reason, key);
  }

  async retryLater(
    key: string,
    at: number,
    due: number,
    error: string,
    countAttempt: boolean,
  ): Promise<void> {
    this.db
      .prepare(
        `UPDATE ledger SET status = 'planned', due = ?, updated_at = ?, last_error = ?, attempts = attempts + ?,
         lease_owner = NULL, lease_until = NULL WHERE key = ?`,
      )
      .run(due, at, error, countAttempt ? 1 : 0, key);
  }

  async audit(query: AuditQuery): Promise<LedgerRow[]> {
    const statuses = query.statuses ?? ['sent', 'failed', 'skipped', 'cancelled'];
    const rows = this.db
      .prepare(
        `SELECT * FROM ledger WHERE status IN (${statuses.map(() => '?').join(',')})
         AND (? IS NULL OR target_key = ?) ORDER BY updated_at DESC, key LIMIT ?`,
      )
      .all(...statuses, query.targetKey ?? null, query.targetKey ?? null, query.limit) as LedgerRecord[];
    return rows.map(rowFromRecord);
  }

  async countLedger(): Promise<Record<LedgerStatus, number>> {
    const counts = Object.fromEntries(LEDGER_STATUSES.map((s) => [s, 0])) as Record<LedgerStatus, number>;
    for (const row of this.db.prepare('SELECT status, COUNT(*) AS n FROM ledger GROUP BY status').all() as {
      status: LedgerStatus;
      n: number;
    }[]) {
      counts[row.status] = row.n;
    }
    return counts;
  }

  async getMeta(key: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  async putMeta(key: string, value: string): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }
}
