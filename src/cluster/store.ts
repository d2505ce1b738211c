/**
 * What `lead` may do when another instance holds the lease. On PostgreSQL a stopped or hung
 * holder keeps its lock session open (its kernel still answers the TCP keepalives), so the lock
 * would never pass: when the cluster says the holder left (its heartbeat stopped, or it retired)
 * and its lock session has been idle a whole lease (`ttlMs`), that session is ended and the lease
 * taken. SQLite's leases run out by time and need none of it.
 */
export interface TakeOver {
  /** Whether `holder` (as the leases table names it) is no longer a live member of the cluster. */
  readonly left: (holder: string) => boolean;
  /** The lease was taken from `holder`, whose lock session was ended. */
  readonly took: (holder: string) => void;
  /** `holder` left, but its lock session could not be ended: why, and the fix. */
  readonly refused: (holder: string, why: string) => void;
}

/**
 * What several instances on one database coordinate through, beside the instances table and
 * the ledger: who holds each inbound connection, and which inbound deliveries were taken.
 * SQLite: src/stores/sqlite/coordination.ts; PostgreSQL: src/stores/postgres/coordination.ts.
 */
export interface CoordinationStore {
  /**
   * Takes the lease `name` for `holder`, or keeps it: true while `holder` holds it. Another
   * holder gets it once this one resigned or is gone (its lease ran `ttlMs` past its last
   * renewal; on PostgreSQL, at once when its session ends: a session advisory lock; or, with
   * `takeOver`, once the cluster says its holder left while its session stays open).
   */
  lead(name: string, holder: string, now: number, ttlMs: number, takeOver?: TakeOver): Promise<boolean>;
  /** Gives the lease up (a stop, or the inbound connection ended). */
  resign(name: string, holder: string): Promise<void>;
  /** Who holds each lease, as last written (for `herald db status` and the logs). */
  leaders(now: number): Promise<{ readonly name: string; readonly holder: string; readonly since: number }[]>;
  /**
   * Records that an inbound delivery (a Telegram update, a Discord interaction) is being
   * handled: true for the first instance to ask, false for every later one. Entries older
   * than `keepMs` are forgotten on the way.
   */
  firstDelivery(id: string, at: number, keepMs: number): Promise<boolean>;
  /** Records which platforms an instance runs (it sends only those platforms' chats). */
  announce(id: string, platforms: readonly string[]): Promise<void>;
  /** The platforms each instance announced. */
  platforms(): Promise<Map<string, readonly string[]>>;
}
