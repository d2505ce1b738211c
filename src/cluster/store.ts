/**
 * What several instances on one database coordinate through, beside the instances table and
 * the ledger: who holds each inbound connection, and which inbound deliveries were taken.
 * SQLite: src/stores/sqlite/coordination.ts; PostgreSQL: src/stores/postgres/coordination.ts.
 */
export interface CoordinationStore {
  /**
   * Takes the lease `name` for `holder`, or keeps it: true while `holder` holds it. Another
   * holder gets it once this one resigned or is gone (its lease ran `ttlMs` past its last
   * renewal; on PostgreSQL, at once when its session ends: a session advisory lock).
   */
  lead(name: string, holder: string, now: number, ttlMs: number): Promise<boolean>;
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
