import { randomInt } from 'node:crypto';
import { StoreError } from '../core/errors.js';
import type { InstanceRecord } from '../ledger/instances.js';
import { PostgresStores } from '../stores/postgres/postgres-stores.js';
import type { Stores } from '../stores/stores.js';
import type { TableReader, TableWriter } from '../stores/tables.js';

export interface CopyOptions {
  /** Replace what the target holds (refused otherwise when it holds anything). */
  readonly force: boolean;
  /** Rows per read and per insert. */
  readonly batch?: number;
  /** The time the instances' last beats are compared with (default: now). */
  readonly now?: number;
  /** Told what the copy goes on despite (instances running on the source). */
  readonly warn?: (message: string) => void;
}

/**
 * An instance that beat this recently may be running: a running instance beats at least once
 * per scheduler pass, passes are at most 30 s apart (a cluster member: every second).
 */
export const RUNNING_WITHIN_MS = 30_000;

export interface CopiedTable {
  readonly table: string;
  readonly rows: number;
}

/**
 * Copies every table of one store into another (SQLite → PostgreSQL, or back), both migrated
 * to the newest schema first. The source is read in one snapshot; the target is written in one
 * transaction, which also checks that each table holds as many rows as the source's before it
 * commits: a copy that fails or does not add up leaves the target as it was.
 */
export async function copyStores(from: Stores, to: Stores, options: CopyOptions): Promise<CopiedTable[]> {
  if (await sameDatabase(from, to))
    throw new StoreError(
      '--from and --to name the same database (under two spellings): a copy would delete it and write it back',
      'name two databases',
    );
  await from.migrate();
  await to.migrate();
  const now = options.now ?? Date.now();
  const runningOnTarget = running(await to.instances.list(), now);
  if (runningOnTarget.length > 0)
    throw new StoreError(
      `instances are running on the target (${describe(runningOnTarget, now)}): a copy would replace their data under them`,
      `stop them first (herald db status shows them; an instance counts as running for ${RUNNING_WITHIN_MS / 1000} s after its last beat), then copy again; --force does not override this`,
    );
  const runningOnSource = running(await from.instances.list(), now);
  if (runningOnSource.length > 0)
    options.warn?.(
      `instances are running on the source (${describe(runningOnSource, now)}): the copy is a snapshot; copy a stopped source, or what they send after it may be sent again from the target`,
    );
  const sourceTables = await from.tables.tables();
  const targetTables = new Set(await to.tables.tables());
  const plan: { table: string; columns: string[] }[] = [];
  for (const table of sourceTables) {
    const columns = await from.tables.columns(table);
    const known = new Set(targetTables.has(table) ? await to.tables.columns(table) : []);
    const missing = columns.filter((c) => !known.has(c));
    if (!targetTables.has(table) || missing.length > 0)
      throw new StoreError(
        targetTables.has(table)
          ? `the target's table ${table} has no column ${missing.join(', ')}`
          : `the target has no table ${table}`,
        'copy between stores of the same Herald version (run `herald db migrate` on both with this version)',
      );
    plan.push({ table, columns });
  }
  const batch = options.batch ?? 2_000;
  return from.tables.snapshot((reader) =>
    to.tables.write(async (writer) => {
      await makeRoom(writer, [...targetTables], options.force);
      const copied: CopiedTable[] = [];
      for (const { table, columns } of plan) {
        for await (const rows of reader.rows(table, columns, batch))
          await writer.insert(table, columns, rows);
        copied.push({ table, rows: await verify(reader, writer, table) });
      }
      return copied;
    }),
  );
}

/** Refuses a target that holds anything, unless forced: then empties every table of it. */
async function makeRoom(writer: TableWriter, tables: readonly string[], force: boolean): Promise<void> {
  const held: string[] = [];
  for (const table of tables) {
    const n = await writer.count(table);
    if (n > 0) held.push(`${table} (${n})`);
  }
  if (held.length === 0) return;
  if (!force)
    throw new StoreError(
      `the target is not empty: ${held.join(', ')}`,
      'copy into an empty database, or pass --force to replace everything it holds',
    );
  for (const table of tables) await writer.clear(table);
}

async function verify(reader: TableReader, writer: TableWriter, table: string): Promise<number> {
  const [read, written] = [await reader.count(table), await writer.count(table)];
  if (read !== written)
    throw new StoreError(
      `copying ${table}: the source holds ${read} rows, the target ${written} after the copy`,
      'nothing was copied (the target was rolled back); check both databases and run the copy again',
    );
  return written;
}

function running(instances: readonly InstanceRecord[], now: number): InstanceRecord[] {
  return instances.filter((i) => i.stoppedAt === undefined && now - i.beatAt < RUNNING_WITHIN_MS);
}

function describe(instances: readonly InstanceRecord[], now: number): string {
  return instances
    .map((i) => `${i.id}, last beat ${Math.max(0, Math.round((now - i.beatAt) / 1000))} s ago`)
    .join('; ');
}

/**
 * Whether two PostgreSQL stores are one database, however their URLs spell it (127.0.0.1 and
 * localhost, postgres:// and postgresql://, a default port written or not): the source's
 * session takes an advisory lock of a random key, and the target's session looks for that lock
 * among its own database's locks. Two schemas of one database are two stores.
 */
async function sameDatabase(from: Stores, to: Stores): Promise<boolean> {
  if (!(from instanceof PostgresStores && to instanceof PostgresStores)) return false;
  if (from.db.schema !== to.db.schema) return false;
  return from.db.withClient(async (client) => {
    let key: [number, number] | undefined;
    for (let attempt = 0; attempt < 5 && key === undefined; attempt++) {
      const candidate: [number, number] = [randomInt(1, 2 ** 31 - 1), randomInt(1, 2 ** 31 - 1)];
      const { rows } = await client.query<{ taken: boolean }>(
        'SELECT pg_try_advisory_lock($1::int4, $2::int4) AS taken',
        candidate,
      );
      if (rows[0]?.taken === true) key = candidate;
    }
    if (key === undefined) throw new StoreError('could not take an advisory lock on the source', 'try again');
    try {
      const found = await to.db.rows<{ same: boolean }>(
        `SELECT EXISTS (
           SELECT 1 FROM pg_locks
            WHERE locktype = 'advisory' AND objsubid = 2
              AND classid::bigint = $1 AND objid::bigint = $2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
         ) AS same`,
        key,
      );
      return found[0]?.same === true;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::int4, $2::int4)', key);
    }
  });
}
