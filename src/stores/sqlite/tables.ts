import {
  identifier,
  type StoreTables,
  type TableReader,
  type TableRow,
  type TableWriter,
} from '../tables.js';
import type { SqliteDatabase } from './database.js';
import { SQLITE_MIGRATIONS } from './migrations.js';

/** The SQLite store's tables (`herald db status`, `herald db copy`). */
export class SqliteTables implements StoreTables {
  constructor(private readonly d: SqliteDatabase) {}

  async schema(): Promise<{ applied: number[]; latest: number }> {
    const db = this.d.db;
    const tracked = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .get();
    const applied = tracked
      ? (
          db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]
        ).map((r) => r.version)
      : [];
    return { applied, latest: Math.max(0, ...SQLITE_MIGRATIONS.map((m) => m.version)) };
  }

  async tables(): Promise<string[]> {
    const rows = this.d.db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
         AND name <> 'schema_migrations' ORDER BY name`,
      )
      .all() as { name: string }[];
    return rows.map((r) => r.name);
  }

  async columns(table: string): Promise<string[]> {
    const rows = this.d.db.prepare(`PRAGMA table_info(${identifier(table)})`).all() as { name: string }[];
    return rows.map((r) => r.name);
  }

  private count(table: string): number {
    return (this.d.db.prepare(`SELECT count(*) AS n FROM ${identifier(table)}`).get() as { n: number }).n;
  }

  /** A read transaction: in WAL mode it reads one snapshot until it ends, whoever writes meanwhile. */
  async snapshot<T>(work: (reader: TableReader) => Promise<T>): Promise<T> {
    const db = this.d.db;
    db.exec('BEGIN');
    try {
      const reader: TableReader = {
        count: async (table) => this.count(table),
        async *rows(table, columns, batch) {
          const statement = db
            .prepare(`SELECT ${columns.map(identifier).join(', ')} FROM ${identifier(table)}`)
            .raw(true);
          let rows: TableRow[] = [];
          for (const row of statement.iterate() as IterableIterator<TableRow>) {
            rows.push(row);
            if (rows.length >= batch) {
              yield rows;
              rows = [];
            }
          }
          if (rows.length > 0) yield rows;
        },
      };
      const result = await work(reader);
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }

  async write<T>(work: (writer: TableWriter) => Promise<T>): Promise<T> {
    const db = this.d.db;
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work({
        count: async (table) => this.count(table),
        clear: async (table) => {
          db.prepare(`DELETE FROM ${identifier(table)}`).run();
        },
        insert: async (table, columns, rows) => {
          const insert = db.prepare(
            `INSERT INTO ${identifier(table)} (${columns.map(identifier).join(', ')})
             VALUES (${columns.map(() => '?').join(', ')})`,
          );
          for (const row of rows) insert.run(...row);
        },
      });
      db.exec('COMMIT');
      return result;
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}
