import { identifier, type StoreTables, type TableReader, type TableWriter } from '../tables.js';
import type { PostgresDatabase, Sql } from './database.js';
import { notBefore } from './instants.js';
import { appliedVersions } from './migrate.js';
import type { PostgresMigration } from './migrations.js';

async function count(sql: Sql, table: string): Promise<number> {
  const result = await sql.query<{ n: number }>(`SELECT count(*) AS n FROM ${identifier(table)}`);
  return result.rows[0]?.n ?? 0;
}

/** The PostgreSQL store's tables (`herald db status`, `herald db copy`). */
export class PostgresTables implements StoreTables {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly migrations: readonly PostgresMigration[],
  ) {}

  async schema(): Promise<{ applied: number[]; latest: number }> {
    return {
      applied: await appliedVersions(this.db),
      latest: Math.max(0, ...this.migrations.map((m) => m.version)),
    };
  }

  async tables(): Promise<string[]> {
    const rows = await this.db.rows<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
       ORDER BY table_name COLLATE "C"`,
    );
    return rows.map((r) => r.name);
  }

  async columns(table: string): Promise<string[]> {
    const rows = await this.db.rows<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
      [table],
    );
    return rows.map((r) => r.name);
  }

  /** A read-only REPEATABLE READ transaction: one snapshot for every table; rows through a cursor. */
  async snapshot<T>(work: (reader: TableReader) => Promise<T>): Promise<T> {
    return this.db.withClient(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const reader: TableReader = {
          count: (table) => count(client, table),
          async *rows(table, columns, batch) {
            await client.query(
              `DECLARE herald_copy NO SCROLL CURSOR FOR SELECT ${columns.map(identifier).join(', ')} FROM ${identifier(table)}`,
            );
            try {
              for (;;) {
                const result = await client.query<(string | number | null)[]>({
                  text: `FETCH ${Math.max(1, Math.floor(batch))} FROM herald_copy`,
                  rowMode: 'array',
                });
                if (result.rows.length === 0) break;
                yield result.rows;
              }
            } finally {
              await client.query('CLOSE herald_copy');
            }
          },
        };
        const result = await work(reader);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * One transaction; rows go in as JSON turned into the table's own row type
   * (`json_populate_recordset`), so each value takes its column's type, one statement a batch.
   * A fraction in an integer column (SQLite keeps a next try 5000.4 ms as it is) is rounded up,
   * as the store rounds a time something may happen at (instants.ts).
   */
  async write<T>(work: (writer: TableWriter) => Promise<T>): Promise<T> {
    const integers = new Map<string, Set<string>>();
    return this.db.transaction((sql) =>
      work({
        count: (table) => count(sql, table),
        async clear(table) {
          await sql.query(`DELETE FROM ${identifier(table)}`);
        },
        async insert(table, columns, rows) {
          if (rows.length === 0) return;
          let whole = integers.get(table);
          if (!whole) {
            const result = await sql.query<{ name: string }>(
              `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema()
               AND table_name = $1 AND data_type IN ('bigint', 'integer', 'smallint')`,
              [table],
            );
            whole = new Set(result.rows.map((r) => r.name));
            integers.set(table, whole);
          }
          const names = columns.map(identifier).join(', ');
          const value = (column: string, v: string | number | null | undefined) =>
            typeof v === 'number' && whole.has(column) ? notBefore(v) : (v ?? null);
          const records = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, value(c, row[i])])));
          await sql.query(
            `INSERT INTO ${identifier(table)} (${names})
             SELECT ${names} FROM json_populate_recordset(NULL::${identifier(table)}, $1::json)`,
            [JSON.stringify(records)],
          );
        },
      }),
    );
  }
}
