import type { Stores } from '../stores.js';
import { PostgresCoordinationStore } from './coordination.js';
import { PostgresDatabase, type PostgresOptions } from './database.js';
import { PostgresEventStore } from './event-store.js';
import { PostgresInstanceStore, PostgresRefStore } from './instance-store.js';
import { PostgresLedgerStore } from './ledger-store.js';
import { PostgresLedgerWakeups } from './ledger-wakeups.js';
import { migrate } from './migrate.js';
import { POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations.js';
import { PostgresSubscriptionStore } from './subscription-store.js';
import { PostgresTables } from './tables.js';
import { PostgresTargetStore } from './target-store.js';

export interface PostgresStoresOptions extends PostgresOptions {
  /** Launches followed above which a chat's launches are found by walking the start index. */
  readonly narrowFollows?: number;
  /** The schema's migrations (default: POSTGRES_MIGRATIONS). */
  readonly migrations?: readonly PostgresMigration[];
}

/**
 * The stores on one PostgreSQL database (`HERALD_DATABASE=postgres://…`), shared by every
 * Herald instance that names it. `db` is the pool, for code that keeps its own tables there
 * (declared as migrations appended to POSTGRES_MIGRATIONS).
 */
export class PostgresStores implements Stores {
  readonly db: PostgresDatabase;
  readonly events: PostgresEventStore;
  readonly targets: PostgresTargetStore;
  readonly subscriptions: PostgresSubscriptionStore;
  readonly ledger: PostgresLedgerStore;
  readonly instances: PostgresInstanceStore;
  readonly refs: PostgresRefStore;
  readonly tables: PostgresTables;
  readonly coordination: PostgresCoordinationStore;
  readonly wakeups: PostgresLedgerWakeups;
  private readonly migrations: readonly PostgresMigration[];

  constructor(url: string, options: PostgresStoresOptions = {}) {
    this.db = new PostgresDatabase(url, options);
    this.migrations = options.migrations ?? POSTGRES_MIGRATIONS;
    this.events = new PostgresEventStore(this.db, options.narrowFollows);
    this.targets = new PostgresTargetStore(this.db);
    this.subscriptions = new PostgresSubscriptionStore(this.db);
    this.wakeups = new PostgresLedgerWakeups(this.db);
    this.ledger = new PostgresLedgerStore(this.db, this.wakeups);
    this.instances = new PostgresInstanceStore(this.db);
    this.refs = new PostgresRefStore(this.db);
    this.tables = new PostgresTables(this.db, this.migrations);
    this.coordination = new PostgresCoordinationStore(this.db);
  }

  async migrate(): Promise<void> {
    await migrate(this.db, this.migrations);
  }

  /** PostgreSQL's autovacuum does the housekeeping. */
  async maintain(): Promise<void> {}

  async close(): Promise<void> {
    await this.wakeups.close();
    await this.coordination.close();
    await this.db.close();
  }
}
