import type { InstanceRecord } from '../ledger/instances.js';

/** The clocks of a cluster. Defaults in DEFAULT_TIMINGS; docs/cluster.md explains each. */
export interface ClusterTimings {
  /** Every instance beats (and re-reads the members) this often. */
  readonly beatMs: number;
  /** A member whose last beat is older than this is dead: its chats and claims pass on. */
  readonly deadAfterMs: number;
  /**
   * How long an instance that joins a cluster (or comes back after losing its heartbeat) waits
   * before it claims or sends: every other member has seen it by then, and the chats it takes
   * over have had a quiet second.
   */
  readonly settleMs: number;
  /** A member that stopped cleanly keeps its chats this much longer (a quiet gap before they move). */
  readonly stopGraceMs: number;
  /** An inbound lease (the poller) lasts this long past its holder's last renewal. */
  readonly leaseTtlMs: number;
}

export const DEFAULT_TIMINGS: ClusterTimings = {
  beatMs: 1_000,
  deadAfterMs: 5_000,
  settleMs: 6_000,
  stopGraceMs: 2_000,
  leaseTtlMs: 5_000,
};

/**
 * How long an instance may act on its last successful beat: one beat less than the others wait
 * before they call it dead, so it always stops before anyone takes over its chats.
 */
export function validityMs(t: ClusterTimings): number {
  return t.deadAfterMs - t.beatMs;
}

/** The live members as this instance sees them at `now` (sorted; `self` included). */
export function liveMembers(
  records: readonly InstanceRecord[],
  self: string,
  now: number,
  t: ClusterTimings,
): string[] {
  const live = new Set([self]);
  for (const r of records) {
    const beating = r.beatAt > now - t.deadAfterMs;
    const stillHere = r.stoppedAt === undefined || r.stoppedAt > now - t.stopGraceMs;
    if (beating && stillHere) live.add(r.id);
  }
  return [...live].sort();
}

/**
 * Whether this instance may claim and send, from its own successful beats alone (pure):
 * - it is in *standing* while its last successful beat is younger than validityMs, so it stops
 *   acting before the others see it dead (a stall, a lost database);
 * - when it gains standing (at start, or after losing it) with other members alive, it waits
 *   `settleMs` first: by then every member has seen it and handed over its chats.
 */
export class Standing {
  private lastOk: number | undefined;
  private settledAt = Number.POSITIVE_INFINITY;

  constructor(private readonly t: ClusterTimings) {}

  /** A beat that began at `at` succeeded; `others`: members alive beside this one. */
  beat(at: number, others: number): void {
    if (!this.inStanding(at)) this.settledAt = others > 0 ? at + this.t.settleMs : at;
    this.lastOk = Math.max(this.lastOk ?? at, at);
  }

  inStanding(now: number): boolean {
    return this.lastOk !== undefined && now < this.lastOk + validityMs(this.t);
  }

  /** May claim and send now. */
  mayAct(now: number): boolean {
    return this.inStanding(now) && now >= this.settledAt;
  }

  /** When acting becomes possible without another beat (the end of settling), if it will. */
  actsFrom(): number | undefined {
    return Number.isFinite(this.settledAt) ? this.settledAt : undefined;
  }

  /** The time of the last successful beat. */
  lastBeat(): number | undefined {
    return this.lastOk;
  }
}
