import { StoreError } from '../core/errors.js';
import type { Stores } from '../stores/stores.js';
import type { TableReader, TableWriter } from '../stores/tables.js';

export interface CopyOptions {
  /** Replace what the target holds (refused otherwise when it holds anything). */
  readonly force: boolean;
  /** Rows per read and per insert. */
  readonly batch?: number;
}

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
  await from.migrate();
  await to.migrate();
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
