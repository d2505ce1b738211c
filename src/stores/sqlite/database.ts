import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../core/errors.js';

/** One SQLite connection and its prepared statements, each prepared once and reused. */
export class SqliteDatabase {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly file: string) {
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
    // A 2 MB page cache (SQLite's default; better-sqlite3 raises it to 16 MB per connection): the
    // operating system caches the file anyway, and the hot pages (the ledger's next-try index,
    // the calendar's start index) stay in it. Measured in docs/benchmarks.md (start-up RSS).
    this.db.pragma('cache_size = -2000');
  }

  /** The statement for `sql`, prepared on first use (tables exist only after migrating). */
  sql(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }
}
