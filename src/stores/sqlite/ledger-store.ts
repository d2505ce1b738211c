import { redact } from '../../core/redact.js';
import { PLATFORMS, type Platform, type PostKind } from '../../core/types.js';
import type { LedgerChange } from '../../ledger/diff.js';
import { LEDGER_STATUSES, type LedgerRow, type LedgerStatus } from '../../ledger/row.js';
import type {
  AuditQuery,
  ClaimPartition,
  ClaimRequest,
  LedgerStore,
  Settlement,
} from '../../ledger/store.js';
import { type LedgerRecord, rowFromRecord } from '../ledger-record.js';
import type { SqliteDatabase } from './database.js';
import { HELD_BY_LEAVER, MINE, partitionParams, withPartitionFunctions } from './partition.js';

const CLAIMED = `status = 'sending' AND key = ? AND lease_owner = ?`;
const UNLEASE = 'lease_owner = NULL, lease_until = NULL';
/** The plan stamp's key in the `meta` table (platform references there are under `ref:`). */
const PLAN_STAMP = 'ledger:plan-stamp';

/**
 * Reasons and errors are redacted here, at the store boundary (src/core/redact.ts): whatever
 * path a platform's error takes to a row, no token is written to the file.
 */
export class SqliteLedgerStore implements LedgerStore {
  constructor(private readonly d: SqliteDatabase) {}

  async apply(change: LedgerChange, now: number): Promise<number> {
    const insert = this.d.sql(
      `INSERT INTO ledger (key, event_id, kind, slot, target_key, platform, chat_id, locale, zone, mention, due, next_try, status, payload, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?) ON CONFLICT (key) DO NOTHING`,
    );
    const move = this.d.sql(
      `UPDATE ledger SET due = ?, next_try = ?, updated_at = ?, last_error = NULL WHERE key = ? AND status = 'planned'`,
    );
    const revive = this.d.sql(
      `UPDATE ledger SET due = ?, next_try = ?, status = 'planned', reason = NULL, updated_at = ?, last_error = NULL
       WHERE key = ? AND status = 'cancelled'`,
    );
    const cancel = this.d.sql(
      `UPDATE ledger SET status = 'cancelled', reason = ?, updated_at = ? WHERE key = ? AND status = 'planned'`,
    );
    return this.d.transaction(() => {
      let inserted = 0;
      for (const p of change.insert) {
        inserted += insert.run(
          p.key,
          p.eventId,
          p.kind,
          p.slot,
          p.targetKey,
          p.platform,
          p.chatId,
          p.locale,
          p.zone,
          p.mention ?? null,
          p.due,
          p.due,
          p.payload === undefined ? null : JSON.stringify(p.payload),
          now,
        ).changes;
      }
      for (const m of change.move) move.run(m.due, m.due, now, m.key);
      for (const r of change.revive) revive.run(r.due, r.due, now, r.key);
      for (const c of change.cancel) cancel.run(c.reason, now, c.key);
      return inserted;
    });
  }

  async get(key: string): Promise<LedgerRow | undefined> {
    const r = this.d.sql('SELECT * FROM ledger WHERE key = ?').get(key) as LedgerRecord | undefined;
    return r ? rowFromRecord(r) : undefined;
  }

  async forEvent(eventId: string): Promise<LedgerRow[]> {
    return (
      this.d.sql('SELECT * FROM ledger WHERE event_id = ? ORDER BY due, key').all(eventId) as LedgerRecord[]
    ).map(rowFromRecord);
  }

  async forTarget(targetKey: string): Promise<LedgerRow[]> {
    return (
      this.d
        .sql('SELECT * FROM ledger WHERE target_key = ? ORDER BY due, key')
        .all(targetKey) as LedgerRecord[]
    ).map(rowFromRecord);
  }

  async lastRef(eventId: string, kind: PostKind, targetKey: string): Promise<string | undefined> {
    const row = this.d
      .sql(
        `SELECT message_ref FROM ledger WHERE target_key = ? AND event_id = ? AND kind = ? AND status = 'sent'
         AND message_ref IS NOT NULL ORDER BY sent_at DESC LIMIT 1`,
      )
      .get(targetKey, eventId, kind) as { message_ref: string } | undefined;
    return row?.message_ref;
  }

  async nextWake(platforms: readonly Platform[], partition?: ClaimPartition): Promise<number | undefined> {
    if (partition) return this.nextWakeOf(platforms, partition);
    let best: number | undefined;
    // One indexed probe per platform and state beats a scan over every pending row.
    const planned = this.d.sql(
      `SELECT MIN(next_try) AS at FROM ledger WHERE status = 'planned' AND platform = ?`,
    );
    const leased = this.d.sql(
      `SELECT MIN(lease_until) AS at FROM ledger WHERE status = 'sending' AND platform = ?`,
    );
    for (const platform of platforms) {
      for (const statement of [planned, leased]) {
        const row = statement.get(platform) as { at: number | null };
        if (row.at !== null && (best === undefined || row.at < best)) best = row.at;
      }
    }
    return best;
  }

  async claim(request: ClaimRequest): Promise<LedgerRow[]> {
    if (request.partition) return this.claimPartitioned(request, request.partition);
    const planned = this.d.sql(
      `SELECT * FROM ledger WHERE status = 'planned' AND platform = ? AND next_try <= ? ORDER BY next_try LIMIT ?`,
    );
    const expired = this.d.sql(
      // Another instance's claims whose lease ran out; never this instance's own (after a stall
      // its rows may still be queued in memory, and its next renewal keeps them).
      `SELECT * FROM ledger WHERE status = 'sending' AND platform = ? AND lease_until <= ? AND lease_owner <> ?
       ORDER BY next_try LIMIT ?`,
    );
    const lease = this.d.sql(
      `UPDATE ledger SET status = 'sending', lease_owner = ?, lease_until = ?, updated_at = ? WHERE key = ?`,
    );
    const { now, owner, limit } = request;
    return this.d.transaction(() => {
      const claimed: LedgerRow[] = [];
      for (const platform of request.platforms) {
        for (const select of [expired, planned]) {
          if (claimed.length >= limit) break;
          const records = (
            select === expired
              ? select.all(platform, now, owner, limit - claimed.length)
              : select.all(platform, now, limit - claimed.length)
          ) as LedgerRecord[];
          for (const record of records) {
            lease.run(owner, now + request.leaseMs, now, record.key);
            claimed.push({ ...rowFromRecord(record), status: 'sending', leaseOwner: owner });
          }
        }
      }
      return claimed.sort((a, b) => a.nextTry - b.nextTry);
    });
  }

  /** nextWake over the chats this instance owns: the first of its rows in next-try order. */
  private nextWakeOf(platforms: readonly Platform[], partition: ClaimPartition): number | undefined {
    withPartitionFunctions(this.d.db);
    const planned = this.d.sql(
      `SELECT next_try AS at FROM ledger WHERE status = 'planned' AND platform = @platform AND ${MINE}
       ORDER BY next_try LIMIT 1`,
    );
    const leased = this.d.sql(
      `SELECT CASE WHEN ${HELD_BY_LEAVER} THEN 0 ELSE lease_until END AS at FROM ledger
       WHERE status = 'sending' AND platform = @platform AND lease_owner <> @self AND ${MINE}
       ORDER BY at LIMIT 1`,
    );
    let best: number | undefined;
    for (const platform of platforms) {
      for (const statement of [planned, leased]) {
        const row = statement.get({ ...partitionParams(partition, platform), platform }) as
          | { at: number }
          | undefined;
        if (row !== undefined && (best === undefined || row.at < best)) best = row.at;
      }
    }
    return best;
  }

  /**
   * A claim among several instances: only the chats this instance owns, and rows held by an
   * instance that left the members are free at once (src/cluster).
   */
  private claimPartitioned(request: ClaimRequest, partition: ClaimPartition): LedgerRow[] {
    withPartitionFunctions(this.d.db);
    const planned = this.d.sql(
      `SELECT * FROM ledger WHERE status = 'planned' AND platform = @platform AND next_try <= @now AND ${MINE}
       ORDER BY next_try LIMIT @limit`,
    );
    const expired = this.d.sql(
      `SELECT * FROM ledger WHERE status = 'sending' AND platform = @platform AND lease_owner <> @self
       AND (lease_until <= @now OR ${HELD_BY_LEAVER}) AND ${MINE} ORDER BY next_try LIMIT @limit`,
    );
    const lease = this.d.sql(
      `UPDATE ledger SET status = 'sending', lease_owner = ?, lease_until = ?, updated_at = ? WHERE key = ?`,
    );
    const { now, owner } = request;
    return this.d.transaction(() => {
      const claimed: LedgerRow[] = [];
      for (const platform of request.platforms) {
        const params = partitionParams(partition, platform);
        const cap = partition.perPlatform?.[platform] ?? Number.POSITIVE_INFINITY;
        let taken = 0;
        for (const select of [expired, planned]) {
          const limit = Math.min(request.limit - claimed.length, cap - taken);
          if (limit <= 0) break;
          for (const record of select.all({ ...params, platform, now, limit }) as LedgerRecord[]) {
            taken += 1;
            lease.run(owner, now + request.leaseMs, now, record.key);
            claimed.push({ ...rowFromRecord(record), status: 'sending', leaseOwner: owner });
          }
        }
      }
      return claimed.sort((a, b) => a.nextTry - b.nextTry);
    });
  }

  async renew(owner: string, until: number, _now: number): Promise<number> {
    return this.d
      .sql(`UPDATE ledger SET lease_until = MAX(lease_until, ?) WHERE lease_owner = ? AND status = 'sending'`)
      .run(until, owner).changes;
  }

  async settle(key: string, owner: string, at: number, s: Settlement): Promise<boolean> {
    const result =
      s.status === 'sent'
        ? this.d
            .sql(
              `UPDATE ledger SET status = 'sent', reason = NULL, last_error = NULL, sent_at = ?, updated_at = ?, message_ref = ?, late = ?,
               attempts = attempts + 1, ${UNLEASE} WHERE ${CLAIMED}`,
            )
            .run(at, at, s.messageRef ?? null, s.late ? 1 : 0, key, owner)
        : this.d
            .sql(
              `UPDATE ledger SET status = ?, reason = ?, updated_at = ?, attempts = attempts + ?, ${UNLEASE}
               WHERE ${CLAIMED}`,
            )
            .run(s.status, redact(s.reason), at, s.status === 'failed' ? 1 : 0, key, owner);
    return result.changes > 0;
  }

  async retry(
    key: string,
    owner: string,
    at: number,
    r: { nextTry: number; error: string; countAttempt: boolean },
  ): Promise<boolean> {
    return (
      this.d
        .sql(
          `UPDATE ledger SET status = 'planned', next_try = ?, updated_at = ?, last_error = ?, attempts = attempts + ?,
           ${UNLEASE} WHERE ${CLAIMED}`,
        )
        .run(r.nextTry, at, redact(r.error), r.countAttempt ? 1 : 0, key, owner).changes > 0
    );
  }

  async release(key: string, owner: string, at: number): Promise<boolean> {
    return (
      this.d
        .sql(`UPDATE ledger SET status = 'planned', updated_at = ?, ${UNLEASE} WHERE ${CLAIMED}`)
        .run(at, key, owner).changes > 0
    );
  }

  async releaseAll(owner: string, at: number, keep: readonly string[] = []): Promise<number> {
    return this.d
      .sql(
        `UPDATE ledger SET status = 'planned', updated_at = ?, ${UNLEASE}
         WHERE lease_owner = ? AND status = 'sending' AND key NOT IN (SELECT value FROM json_each(?))`,
      )
      .run(at, owner, JSON.stringify(keep)).changes;
  }

  async audit(query: AuditQuery): Promise<LedgerRow[]> {
    const statuses = query.statuses ?? ['sent', 'failed', 'skipped', 'cancelled'];
    const targets = query.targetKeys;
    if (targets && targets.length === 0) return [];
    const sql = `SELECT * FROM ledger WHERE status IN (${statuses.map(() => '?').join(',')})
      ${targets ? `AND target_key IN (${targets.map(() => '?').join(',')})` : ''}
      ORDER BY updated_at DESC, key LIMIT ?`;
    return (this.d.sql(sql).all(...statuses, ...(targets ?? []), query.limit) as LedgerRecord[]).map(
      rowFromRecord,
    );
  }

  async planStamp(): Promise<string | undefined> {
    const row = this.d.sql('SELECT value FROM meta WHERE key = ?').get(PLAN_STAMP) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  async setPlanStamp(stamp: string | undefined): Promise<void> {
    if (stamp === undefined) this.d.sql('DELETE FROM meta WHERE key = ?').run(PLAN_STAMP);
    else
      this.d
        .sql(
          'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        )
        .run(PLAN_STAMP, stamp);
  }

  async count(): Promise<Record<LedgerStatus, number>> {
    const counts = Object.fromEntries(LEDGER_STATUSES.map((s) => [s, 0])) as Record<LedgerStatus, number>;
    for (const row of this.d.sql('SELECT status, COUNT(*) AS n FROM ledger GROUP BY status').all() as {
      status: LedgerStatus;
      n: number;
    }[]) {
      counts[row.status] = row.n;
    }
    return counts;
  }

  async dueBy(until: number): Promise<Record<Platform, number>> {
    // One probe per platform on the (status, platform, next_try) index, like nextWake.
    const due = this.d.sql(
      `SELECT COUNT(*) AS n FROM ledger WHERE status = 'planned' AND platform = ? AND next_try <= ?`,
    );
    return Object.fromEntries(
      PLATFORMS.map((platform) => [platform, (due.get(platform, until) as { n: number }).n]),
    ) as Record<Platform, number>;
  }
}
