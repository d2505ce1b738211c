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
import type { PostgresDatabase, Sql } from './database.js';
import { asOf, notBefore } from './instants.js';
import type { PostgresLedgerWakeups } from './ledger-wakeups.js';
import { heldByLeaver, mine } from './partition.js';

const CLAIMED = `status = 'sending' AND key = $1 AND lease_owner = $2`;
const UNLEASE = 'lease_owner = NULL, lease_until = NULL';
/** The plan stamp's key in the `meta` table (platform references there are under `ref:`). */
const PLAN_STAMP = 'ledger:plan-stamp';
/** Rows per statement when a change is large (the start-up sync of a big calendar). */
const CHUNK = 5_000;

const INSERT = `INSERT INTO ledger (key, event_id, kind, slot, target_key, platform, chat_id, locale, zone, mention,
    due, next_try, status, payload, updated_at)
  SELECT k, e, ki, s, t, p, c, l, z, m, d, d, 'planned', pl, $13
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
    $9::text[], $10::text[], $11::bigint[], $12::text[]) WITH ORDINALITY AS u(k, e, ki, s, t, p, c, l, z, m, d, pl, n)
  ORDER BY n
  ON CONFLICT (key) DO NOTHING`;
const MOVE = `UPDATE ledger l SET due = m.due, next_try = m.due, updated_at = $3, last_error = NULL
  FROM unnest($1::text[], $2::bigint[]) AS m(key, due) WHERE l.key = m.key AND l.status = 'planned'`;
const REVIVE = `UPDATE ledger l SET due = m.due, next_try = m.due, status = 'planned', reason = NULL, updated_at = $3,
    last_error = NULL
  FROM unnest($1::text[], $2::bigint[]) AS m(key, due) WHERE l.key = m.key AND l.status = 'cancelled'`;
const CANCEL = `UPDATE ledger l SET status = 'cancelled', reason = c.reason, updated_at = $3
  FROM unnest($1::text[], $2::text[]) AS c(key, reason) WHERE l.key = c.key AND l.status = 'planned'`;

// Due rows, and rows another instance leased and did not renew, taken in one statement each:
// rows another transaction holds (a re-plan moving them, another instance claiming them) are
// skipped, not waited for, and never taken twice.
const CLAIM_PLANNED = `WITH picked AS (
    SELECT key FROM ledger WHERE status = 'planned' AND platform = $1 AND next_try <= $2
    ORDER BY next_try, key LIMIT $3 FOR UPDATE SKIP LOCKED)
  UPDATE ledger l SET status = 'sending', lease_owner = $4, lease_until = $5, updated_at = $2
  FROM picked WHERE l.key = picked.key RETURNING l.*`;
// Never this instance's own expired claims (after a stall its rows may still be queued in
// memory, and its next renewal keeps them).
const CLAIM_EXPIRED = `WITH picked AS (
    SELECT key FROM ledger WHERE status = 'sending' AND platform = $1 AND lease_until <= $2 AND lease_owner <> $4
    ORDER BY next_try, key LIMIT $3 FOR UPDATE SKIP LOCKED)
  UPDATE ledger l SET status = 'sending', lease_owner = $4, lease_until = $5, updated_at = $2
  FROM picked WHERE l.key = picked.key RETURNING l.*`;

// Among several instances (src/cluster): only the chats $6 owns among the members running the
// platform ($7), and rows held by an instance that left the members ($8) are free at once.
const CLAIM_PLANNED_MINE = `WITH picked AS (
    SELECT key FROM ledger WHERE status = 'planned' AND platform = $1 AND next_try <= $2 AND ${mine(6, 7)}
    ORDER BY next_try, key LIMIT $3 FOR UPDATE SKIP LOCKED)
  UPDATE ledger l SET status = 'sending', lease_owner = $4, lease_until = $5, updated_at = $2
  FROM picked WHERE l.key = picked.key RETURNING l.*`;
const CLAIM_EXPIRED_MINE = `WITH picked AS (
    SELECT key FROM ledger WHERE status = 'sending' AND platform = $1 AND lease_owner <> $4
    AND (lease_until <= $2 OR ${heldByLeaver(8)}) AND ${mine(6, 7)}
    ORDER BY next_try, key LIMIT $3 FOR UPDATE SKIP LOCKED)
  UPDATE ledger l SET status = 'sending', lease_owner = $4, lease_until = $5, updated_at = $2
  FROM picked WHERE l.key = picked.key RETURNING l.*`;
const WAKE_PLANNED_MINE = `SELECT next_try AS at FROM ledger
  WHERE status = 'planned' AND platform = $1 AND ${mine(2, 3)} ORDER BY next_try LIMIT 1`;
const WAKE_LEASED_MINE = `SELECT CASE WHEN ${heldByLeaver(4)} THEN 0 ELSE lease_until END AS at FROM ledger
  WHERE status = 'sending' AND platform = $1 AND lease_owner <> $2 AND ${mine(2, 3)} ORDER BY at LIMIT 1`;

/** The last entry of each key, sorted by key: every instance locks rows in one order. */
function lastByKey<T extends { readonly key: string }>(items: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) byKey.set(item.key, item);
  return [...byKey.values()].sort(byKeyOrder);
}

/** The first entry of each key (an insert keeps the row already there), sorted by key. */
function firstByKey<T extends { readonly key: string }>(items: readonly T[]): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) if (!byKey.has(item.key)) byKey.set(item.key, item);
  return [...byKey.values()].sort(byKeyOrder);
}

function byKeyOrder(a: { readonly key: string }, b: { readonly key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const byNextTry = (a: LedgerRow, b: LedgerRow) => a.nextTry - b.nextTry || (a.key < b.key ? -1 : 1);

/**
 * The ledger in PostgreSQL, shared by every instance on the database. A change is one
 * transaction (all its rows or none); claims lock with `FOR UPDATE SKIP LOCKED`; every
 * transition out of `sending` names its owner, and PostgreSQL's row locks order it against a
 * claim by another instance. Reasons and errors are redacted here, at the store boundary.
 */
export class PostgresLedgerStore implements LedgerStore {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly wakeups?: PostgresLedgerWakeups,
  ) {}

  async apply(change: LedgerChange, now: number): Promise<number> {
    return this.db.transaction(async (sql) => {
      let inserted = 0;
      // Of two posts with one key, the first stays (as a second insert would leave it).
      for (const part of chunks(firstByKey(change.insert))) {
        const result = await sql.query(INSERT, [
          part.map((p) => p.key),
          part.map((p) => p.eventId),
          part.map((p) => p.kind),
          part.map((p) => p.slot),
          part.map((p) => p.targetKey),
          part.map((p) => p.platform),
          part.map((p) => p.chatId),
          part.map((p) => p.locale),
          part.map((p) => p.zone),
          part.map((p) => p.mention ?? null),
          part.map((p) => notBefore(p.due)),
          part.map((p) => (p.payload === undefined ? null : JSON.stringify(p.payload))),
          asOf(now),
        ]);
        inserted += result.rowCount ?? 0;
      }
      await updateEach(sql, MOVE, lastByKey(change.move), (m) => notBefore(m.due), asOf(now));
      await updateEach(sql, REVIVE, lastByKey(change.revive), (r) => notBefore(r.due), asOf(now));
      await updateEach(sql, CANCEL, lastByKey(change.cancel), (c) => c.reason, asOf(now));
      // A post that may fall due sooner: the other instances look again when this commits.
      if (inserted > 0 || change.move.length > 0 || change.revive.length > 0) await this.wakeups?.notify(sql);
      return inserted;
    });
  }

  async get(key: string): Promise<LedgerRow | undefined> {
    const [r] = await this.db.rows<LedgerRecord>('SELECT * FROM ledger WHERE key = $1', [key]);
    return r ? rowFromRecord(r) : undefined;
  }

  async forEvent(eventId: string): Promise<LedgerRow[]> {
    return (
      await this.db.rows<LedgerRecord>('SELECT * FROM ledger WHERE event_id = $1 ORDER BY due, key', [
        eventId,
      ])
    ).map(rowFromRecord);
  }

  async forTarget(targetKey: string): Promise<LedgerRow[]> {
    return (
      await this.db.rows<LedgerRecord>('SELECT * FROM ledger WHERE target_key = $1 ORDER BY due, key', [
        targetKey,
      ])
    ).map(rowFromRecord);
  }

  async lastRef(eventId: string, kind: PostKind, targetKey: string): Promise<string | undefined> {
    const [row] = await this.db.rows<{ message_ref: string }>(
      `SELECT message_ref FROM ledger WHERE target_key = $1 AND event_id = $2 AND kind = $3 AND status = 'sent'
       AND message_ref IS NOT NULL ORDER BY sent_at DESC LIMIT 1`,
      [targetKey, eventId, kind],
    );
    return row?.message_ref;
  }

  async nextWake(platforms: readonly Platform[], partition?: ClaimPartition): Promise<number | undefined> {
    if (platforms.length === 0) return undefined;
    if (partition) return this.nextWakeOf(platforms, partition);
    // One indexed probe per platform and state (a MIN over `platform = ANY(…)` would scan
    // every pending row), in one statement; LEAST ignores the NULLs of empty probes.
    const probes = platforms.flatMap((_, i) => [
      `(SELECT min(next_try) FROM ledger WHERE status = 'planned' AND platform = $${i + 1})`,
      `(SELECT min(lease_until) FROM ledger WHERE status = 'sending' AND platform = $${i + 1})`,
    ]);
    const [row] = await this.db.rows<{ at: number | null }>(`SELECT LEAST(${probes.join(', ')}) AS at`, [
      ...platforms,
    ]);
    return row?.at ?? undefined;
  }

  /** nextWake over the chats this instance owns: the first of its rows in next-try order. */
  private async nextWakeOf(
    platforms: readonly Platform[],
    partition: ClaimPartition,
  ): Promise<number | undefined> {
    let best: number | undefined;
    for (const platform of platforms) {
      for (const statement of [WAKE_PLANNED_MINE, WAKE_LEASED_MINE]) {
        const params = [
          platform,
          partition.self,
          [...(partition.byPlatform?.[platform] ?? partition.members)],
          [...partition.members],
        ];
        // Each statement takes the parameters it names (PostgreSQL types every one it is given).
        const [row] = await this.db.rows<{ at: number }>(
          statement,
          statement === WAKE_PLANNED_MINE ? params.slice(0, 3) : params,
        );
        if (row !== undefined && (best === undefined || row.at < best)) best = row.at;
      }
    }
    return best;
  }

  async dueBy(until: number): Promise<Record<Platform, number>> {
    // One indexed count per platform on (status, platform, next_try), in one statement.
    const counts = PLATFORMS.map(
      (_, i) =>
        `(SELECT count(*) FROM ledger WHERE status = 'planned' AND platform = $${i + 1} AND next_try <= $${PLATFORMS.length + 1})::int AS p${i}`,
    );
    const [row] = await this.db.rows<Record<string, number>>(`SELECT ${counts.join(', ')}`, [
      ...PLATFORMS,
      asOf(until),
    ]);
    return Object.fromEntries(PLATFORMS.map((platform, i) => [platform, row?.[`p${i}`] ?? 0])) as Record<
      Platform,
      number
    >;
  }

  async claim(request: ClaimRequest): Promise<LedgerRow[]> {
    if (request.partition) return this.claimPartitioned(request, request.partition);
    const { now, owner, limit } = request;
    return this.db.transaction(async (sql) => {
      const claimed: LedgerRow[] = [];
      for (const platform of request.platforms) {
        for (const statement of [CLAIM_EXPIRED, CLAIM_PLANNED]) {
          const room = limit - claimed.length;
          if (room <= 0) break;
          const taken = await sql.query<LedgerRecord>(statement, [
            platform,
            asOf(now),
            room,
            owner,
            notBefore(now + request.leaseMs),
          ]);
          claimed.push(...taken.rows.map(rowFromRecord).sort(byNextTry));
        }
      }
      return claimed.sort((a, b) => a.nextTry - b.nextTry);
    });
  }

  /** A claim among several instances: this instance's chats, and rows of members that left. */
  private async claimPartitioned(request: ClaimRequest, partition: ClaimPartition): Promise<LedgerRow[]> {
    const { now, owner, limit } = request;
    return this.db.transaction(async (sql) => {
      const claimed: LedgerRow[] = [];
      for (const platform of request.platforms) {
        const cap = partition.perPlatform?.[platform] ?? Number.POSITIVE_INFINITY;
        let taken = 0;
        for (const statement of [CLAIM_EXPIRED_MINE, CLAIM_PLANNED_MINE]) {
          const room = Math.min(limit - claimed.length, cap - taken);
          if (room <= 0) break;
          const params = [
            platform,
            asOf(now),
            room,
            owner,
            notBefore(now + request.leaseMs),
            partition.self,
            [...(partition.byPlatform?.[platform] ?? partition.members)],
            [...partition.members],
          ];
          const rows = await sql.query<LedgerRecord>(
            statement,
            statement === CLAIM_PLANNED_MINE ? params.slice(0, 7) : params,
          );
          taken += rows.rows.length;
          claimed.push(...rows.rows.map(rowFromRecord).sort(byNextTry));
        }
      }
      return claimed.sort((a, b) => a.nextTry - b.nextTry);
    });
  }

  async renew(owner: string, until: number, _now: number): Promise<number> {
    return this.db.exec(
      `UPDATE ledger SET lease_until = GREATEST(lease_until, $1) WHERE lease_owner = $2 AND status = 'sending'`,
      [notBefore(until), owner],
    );
  }

  async settle(key: string, owner: string, at: number, s: Settlement): Promise<boolean> {
    const changed =
      s.status === 'sent'
        ? await this.db.exec(
            `UPDATE ledger SET status = 'sent', reason = NULL, last_error = NULL, sent_at = $3, updated_at = $3,
             message_ref = $4, late = $5, attempts = attempts + 1, ${UNLEASE} WHERE ${CLAIMED}`,
            [key, owner, asOf(at), s.messageRef ?? null, s.late ? 1 : 0],
          )
        : await this.db.exec(
            `UPDATE ledger SET status = $3, reason = $4, updated_at = $5, attempts = attempts + $6, ${UNLEASE}
             WHERE ${CLAIMED}`,
            [key, owner, s.status, redact(s.reason), asOf(at), s.status === 'failed' ? 1 : 0],
          );
    return changed > 0;
  }

  async retry(
    key: string,
    owner: string,
    at: number,
    r: { nextTry: number; error: string; countAttempt: boolean },
  ): Promise<boolean> {
    const changed = await this.db.exec(
      `UPDATE ledger SET status = 'planned', next_try = $3, updated_at = $4, last_error = $5,
       attempts = attempts + $6, ${UNLEASE} WHERE ${CLAIMED}`,
      [key, owner, notBefore(r.nextTry), asOf(at), redact(r.error), r.countAttempt ? 1 : 0],
    );
    return changed > 0;
  }

  async release(key: string, owner: string, at: number): Promise<boolean> {
    const changed = await this.db.exec(
      `UPDATE ledger SET status = 'planned', updated_at = $3, ${UNLEASE} WHERE ${CLAIMED}`,
      [key, owner, asOf(at)],
    );
    return changed > 0;
  }

  async releaseAll(owner: string, at: number, keep: readonly string[] = []): Promise<number> {
    return this.db.exec(
      `UPDATE ledger SET status = 'planned', updated_at = $1, ${UNLEASE}
       WHERE lease_owner = $2 AND status = 'sending' AND NOT (key = ANY($3::text[]))`,
      [asOf(at), owner, [...keep]],
    );
  }

  async audit(query: AuditQuery): Promise<LedgerRow[]> {
    const statuses = query.statuses ?? ['sent', 'failed', 'skipped', 'cancelled'];
    const targets = query.targetKeys;
    if (targets && targets.length === 0) return [];
    const rows = await this.db.rows<LedgerRecord>(
      `SELECT * FROM ledger WHERE status = ANY($1::text[]) AND ($2::text[] IS NULL OR target_key = ANY($2::text[]))
       ORDER BY updated_at DESC, key LIMIT $3`,
      [[...statuses], targets ? [...targets] : null, query.limit],
    );
    return rows.map(rowFromRecord);
  }

  async planStamp(): Promise<string | undefined> {
    const [row] = await this.db.rows<{ value: string }>('SELECT value FROM meta WHERE key = $1', [
      PLAN_STAMP,
    ]);
    return row?.value;
  }

  async setPlanStamp(stamp: string | undefined): Promise<void> {
    if (stamp === undefined) await this.db.exec('DELETE FROM meta WHERE key = $1', [PLAN_STAMP]);
    else
      await this.db.exec(
        'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [PLAN_STAMP, stamp],
      );
  }

  async count(): Promise<Record<LedgerStatus, number>> {
    const counts = Object.fromEntries(LEDGER_STATUSES.map((s) => [s, 0])) as Record<LedgerStatus, number>;
    for (const row of await this.db.rows<{ status: LedgerStatus; n: number }>(
      'SELECT status, count(*) AS n FROM ledger GROUP BY status',
    ))
      counts[row.status] = row.n;
    return counts;
  }
}

/** One bulk UPDATE … FROM unnest(keys, values) per chunk. */
async function updateEach<T extends { readonly key: string }>(
  sql: Sql,
  statement: string,
  items: readonly T[],
  value: (item: T) => string | number,
  now: number,
): Promise<void> {
  for (const part of chunks(items))
    await sql.query(statement, [part.map((i) => i.key), part.map(value), now]);
}
