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
  beat(id: string, at: number): Promise<void>;
  retire(id: string, at: number): Promise<void>;
  list(): Promise<InstanceRecord[]>;
}
