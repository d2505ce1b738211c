import { StoreError } from '../core/errors.js';
/** One running Herald process, as the store knows it. */
export interface InstanceRecord {
  /** Stable across restarts (HERALD_INSTANCE_ID, else the host name). */
  readonly id: string;
  /** Random per process start: tells a restart apart from a second live process. */
  readonly incarnation: string;
  readonly startedAt: number;
  readonly beatAt: number;
  readonly stoppedAt?: number;
}

/**
 * Instances and their heartbeats. Leases are short and renewed while an instance sends, so
 * the claims of an instance that died pass to others within one lease; an instance that
 * restarts under the same id takes its own claims back at once.
 */
export interface InstanceStore {
  /** Records this process; returns what the store knew of the id before (a previous run). */
  register(id: string, incarnation: string, at: number): Promise<InstanceRecord | undefined>;
  /**
   * This process's heartbeat. Fails (an error naming the other process) once another process
   * registered under the same id: that one is the instance now, and this one must stop acting.
   */
  beat(id: string, at: number): Promise<void>;
  /** Marks a clean stop, of this process's registration only. */
  retire(id: string, at: number): Promise<void>;
  list(): Promise<InstanceRecord[]>;
  /**
   * The database's clock, where it has one of its own (PostgreSQL): heartbeats written by
   * several hosts are compared across their clocks, so each instance checks its own against it.
   */
  serverTime?(): Promise<number>;
}

/** Another process registered under this process's instance id: this one must stop acting. */
export class InstanceIdTaken extends StoreError {}

/** The error a beat gets once another process registered under this process's instance id. */
export function idTaken(id: string, records: readonly InstanceRecord[]): InstanceIdTaken {
  const other = records.find((r) => r.id === id)?.incarnation.split(':')[0];
  return new InstanceIdTaken(
    `another process${other ? ` on host ${other}` : ''} started as instance "${id}"; this process stops claiming and sending`,
    'give each instance its own HERALD_INSTANCE_ID (docker compose --scale cannot: declare each service)',
  );
}
