import type { EventStore, SubscriptionStore, TargetStore } from '../calendar/stores.js';
import type { CoordinationStore } from '../cluster/store.js';
import type { InstanceStore } from '../ledger/instances.js';
import type { LedgerStore, RefStore } from '../ledger/store.js';
import type { LedgerWakeups } from '../ledger/wakeups.js';
import type { StoreTables } from './tables.js';

/**
 * Everything Herald keeps, as several small stores over one database. SQLite (stores/sqlite)
 * and PostgreSQL (stores/postgres) implement them; the contract suites in test/ say what any
 * implementation must do.
 */
export interface Stores {
  readonly events: EventStore;
  readonly targets: TargetStore;
  readonly subscriptions: SubscriptionStore;
  readonly ledger: LedgerStore;
  readonly instances: InstanceStore;
  readonly refs: RefStore;
  /** Leases and inbound deliveries shared by several instances (src/cluster). */
  readonly coordination: CoordinationStore;
  /** Word of ledger changes other processes commit (PostgreSQL LISTEN/NOTIFY; none on SQLite). */
  readonly wakeups: LedgerWakeups;
  /** The tables themselves, for the operator's tools (`herald db status`, `herald db copy`). */
  readonly tables: StoreTables;
  /** Brings the schema up to date (versioned migrations). */
  migrate(): Promise<void>;
  /** Housekeeping after bulk work such as the start-up sync (SQLite: fold the WAL into the database). */
  maintain(): Promise<void>;
  close(): Promise<void>;
}
