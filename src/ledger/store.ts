import type { Platform } from '../core/types.js';
import type { LedgerChange } from './diff.js';
import type { LedgerRow, LedgerStatus } from './row.js';

export interface ClaimRequest {
  readonly now: number;
  readonly platforms: readonly Platform[];
  readonly limit: number;
  /** The instance taking the rows. */
  readonly owner: string;
  readonly leaseMs: number;
  /** Several instances on one ledger: only the chats `owner` owns among the members. */
  readonly partition?: ClaimPartition;
}

/**
 * The chats are partitioned among the live instances (src/cluster/partition.ts: rendezvous
 * hashing on `<platform>:<chatId>`): an instance claims only the rows of its own chats, and a
 * row held by an instance that is no longer among `members` (it died, or left) is free at once,
 * whatever its lease says.
 */
export interface ClaimPartition {
  /** This instance (always one of `members`). */
  readonly self: string;
  /** The live instances (a row held by any other instance is free). */
  readonly members: readonly string[];
  /** Per platform, the members that run it, among which its chats are shared (default: all). */
  readonly byPlatform?: Partial<Record<Platform, readonly string[]>>;
  /**
   * At most this many rows per platform (what this instance's share of the platform's budget
   * sends in a few seconds), so that rows wait in the ledger, free for whoever owns their chat
   * by then, rather than in one instance's memory.
   */
  readonly perPlatform?: Partial<Record<Platform, number>>;
}

/** How a claimed row ends. */
export type Settlement =
  | { readonly status: 'sent'; readonly messageRef?: string; readonly late: boolean }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'skipped'; readonly reason: string };

export interface AuditQuery {
  /** Only rows for these targets (a chat's own audit); every target when absent. */
  readonly targetKeys?: readonly string[];
  readonly statuses?: readonly LedgerStatus[];
  readonly limit: number;
}

/** The ledger as the replanner and readers see it: plans in, rows out. */
export interface LedgerPlans {
  /** Inserts, moves, revives and cancels rows in one transaction; returns rows inserted. */
  apply(change: LedgerChange, now: number): Promise<number>;
  get(key: string): Promise<LedgerRow | undefined>;
  forEvent(eventId: string): Promise<LedgerRow[]>;
  forTarget(targetKey: string): Promise<LedgerRow[]>;
  /** The message a kind last put in a chat for an event (the pinned countdown to edit). */
  lastRef(eventId: string, kind: LedgerRow['kind'], targetKey: string): Promise<string | undefined>;
  /** Newest first. */
  audit(query: AuditQuery): Promise<LedgerRow[]>;
  count(): Promise<Record<LedgerStatus, number>>;
  /** Planned rows per platform whose next try comes by `until` (overdue ones included): the work just ahead. */
  dueBy(until: number): Promise<Record<Platform, number>>;
  /**
   * What the whole ledger was last planned from, as the replanner wrote it (its plan stamp);
   * undefined when never written or cleared (a re-plan began that may not have finished).
   */
  planStamp(): Promise<string | undefined>;
  setPlanStamp(stamp: string | undefined): Promise<void>;
}

/**
 * The ledger as the scheduler and dispatcher see it: rows claimed under a lease held by one
 * instance. Every transition out of `sending` names that instance, so a row whose lease
 * passed to another instance is never settled twice.
 */
export interface LedgerClaims {
  /**
   * Earliest next try of a planned row, or lease end of a row being sent, on these platforms;
   * with a partition, of this instance's chats only.
   */
  nextWake(platforms: readonly Platform[], partition?: ClaimPartition): Promise<number | undefined>;
  /** Marks planned rows whose next try has come (and rows whose lease ran out) `sending` for `owner`. */
  claim(request: ClaimRequest): Promise<LedgerRow[]>;
  /** Extends every lease `owner` holds to `until` (while a batch is still sending). */
  renew(owner: string, until: number, now: number): Promise<number>;
  /** Ends a claimed row. False when `owner` no longer holds it. */
  settle(key: string, owner: string, at: number, settlement: Settlement): Promise<boolean>;
  /** Back to planned, next try at `nextTry`; the slot (`due`) stays. */
  retry(
    key: string,
    owner: string,
    at: number,
    retry: { readonly nextTry: number; readonly error: string; readonly countAttempt: boolean },
  ): Promise<boolean>;
  /** Hands a claimed row back unchanged (a stop, a platform gone since the claim). */
  release(key: string, owner: string, at: number): Promise<boolean>;
  /**
   * Hands back every row `owner` holds (that instance restarted, or died), except the rows in
   * `keep`: those this process still has in hand (after a failed pass, the rows it let go of).
   */
  releaseAll(owner: string, at: number, keep?: readonly string[]): Promise<number>;
}

/**
 * The delivery ledger: one row per (event, kind, slot, target). Contract:
 * test/stores/stores-contract.ts, which every implementation passes.
 */
export interface LedgerStore extends LedgerPlans, LedgerClaims {}

/** References to what platforms keep for Herald (a Discord scheduled event's id per guild and launch). */
export interface RefStore {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}
