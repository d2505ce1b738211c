import { type LedgerWakeups, NO_WAKEUPS } from '../../ledger/wakeups.js';
import type { Stores } from '../stores.js';
import { SqliteEventStore, SqliteSubscriptionStore, SqliteTargetStore } from './calendar-stores.js';
import { SqliteCheckpointer } from './checkpointer.js';
import { SqliteCoordinationStore } from './coordination.js';
import { SqliteDatabase } from './database.js';
import { SqliteInstanceStore, SqliteRefStore } from './instance-store.js';
import { SqliteLedgerStore } from './ledger-store.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteTables } from './tables.js';

/** The embedded stores: one SQLite file (or `:memory:`), WAL mode, synchronous API behind async interfaces. */
export class SqliteStores implements Stores {
  readonly events: SqliteEventStore;
  readonly targets: SqliteTargetStore;
  readonly subscriptions: SqliteSubscriptionStore;
  readonly ledger: SqliteLedgerStore;
  readonly instances: SqliteInstanceStore;
  readonly refs: SqliteRefStore;
  readonly coordination: SqliteCoordinationStore;
  /** Processes sharing one file hear nothing of each other's changes: they poll (the cluster's cap). */
  readonly wakeups: LedgerWakeups = NO_WAKEUPS;
  readonly tables: SqliteTables;
  private readonly d: SqliteDatabase;
  private readonly checkpointer: SqliteCheckpointer | undefined;

  constructor(file: string, options: { readonly narrowFollows?: number } = {}) {
    this.d = new SqliteDatabase(file);
    if (file !== ':memory:') {
      // Checkpoints run on a worker thread, never on a commit that is sending a post.
      this.d.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new SqliteCheckpointer(file);
    }
    this.events = new SqliteEventStore(this.d, options.narrowFollows);
    this.targets = new SqliteTargetStore(this.d);
    this.subscriptions = new SqliteSubscriptionStore(this.d);
    this.ledger = new SqliteLedgerStore(this.d);
    this.instances = new SqliteInstanceStore(this.d);
    this.refs = new SqliteRefStore(this.d);
    this.coordination = new SqliteCoordinationStore(this.d);
    this.tables = new SqliteTables(this.d);
  }

  async migrate(): Promise<void> {
    const db = this.d.db;
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)',
    );
    const done = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    for (const migration of SQLITE_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      this.d.transaction(() => {
        db.exec(migration.sql);
        migration.after?.(this.d);
        db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
          migration.version,
          Date.now(),
        );
      });
    }
  }

  async maintain(): Promise<void> {
    if (this.d.db.open) this.d.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.d.db.open) {
      this.d.db.pragma('wal_checkpoint(TRUNCATE)');
      this.d.db.close();
    }
  }
}
