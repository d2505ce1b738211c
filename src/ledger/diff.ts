import { KIND_RULES } from './kinds.js';
import type { CancelReason } from './reasons.js';
import type { LedgerRow, PlannedPost } from './row.js';

/** A change to the ledger, applied in one transaction. */
export interface LedgerChange {
  /** New rows (a key that exists is left as it is). */
  readonly insert: readonly PlannedPost[];
  /** Planned rows whose slot moved: their due time and next try both move. */
  readonly move: readonly { readonly key: string; readonly due: number }[];
  /** Cancelled rows wanted again (an event back on schedule, a chat re-enabled). */
  readonly revive: readonly { readonly key: string; readonly due: number }[];
  /** Planned rows no one wants any more, each with the reason `audit` shows. */
  readonly cancel: readonly { readonly key: string; readonly reason: CancelReason }[];
}

/** The slot of a row migrated from a version that overwrote it with a retry time. */
export const UNKNOWN_SLOT = 0;

export const NO_CHANGE: LedgerChange = { insert: [], move: [], revive: [], cancel: [] };

export function inserting(posts: readonly PlannedPost[]): LedgerChange {
  return { ...NO_CHANGE, insert: posts };
}

export function isEmpty(change: LedgerChange): boolean {
  return change.insert.length + change.move.length + change.revive.length + change.cancel.length === 0;
}

/**
 * The diff between the ledger's rows and what the planner wants now. Compares slots (`due`),
 * never next-try times: a row waiting for a retry or a rate-limit slot is still the same post.
 * - a wanted post not in the ledger is inserted if its slot is still ahead (a milestone that
 *   passed before the event was known was never promised to anyone), or at once if it catches up;
 * - a planned row whose slot moved follows it; if the slot moved into the past the row is
 *   cancelled (`milestone passed`: the change notice tells people instead);
 * - a cancelled row wanted again is revived if its slot is ahead;
 * - a planned row of a planner-made kind that is no longer wanted is cancelled, with the reason
 *   `whyUnwanted` gives (the event or the target no longer wants it);
 * - rows being sent, and terminal rows, are never touched.
 */
export function diffPlan(
  existing: readonly LedgerRow[],
  wanted: readonly PlannedPost[],
  now: number,
  whyUnwanted: (row: LedgerRow) => CancelReason,
): LedgerChange {
  const byKey = new Map(existing.map((row) => [row.key, row]));
  const wantedKeys = new Set<string>();
  const insert: PlannedPost[] = [];
  const move: { key: string; due: number }[] = [];
  const revive: { key: string; due: number }[] = [];
  const cancel: { key: string; reason: CancelReason }[] = [];
  for (const post of wanted) {
    wantedKeys.add(post.key);
    const row = byKey.get(post.key);
    if (!row) {
      if (post.due >= now) insert.push(post);
      else if (post.catchUp) insert.push({ ...post, due: now });
      continue;
    }
    if (row.status === 'planned') {
      // A row from an older Herald whose slot was overwritten by a retry gets its slot back.
      if (row.due === UNKNOWN_SLOT) {
        move.push({ key: post.key, due: post.due });
        continue;
      }
      if (row.due === post.due || (post.catchUp && post.due < now)) continue;
      if (post.due >= now) move.push({ key: post.key, due: post.due });
      else cancel.push({ key: post.key, reason: 'milestone passed' });
    } else if (row.status === 'cancelled' && post.due >= now) {
      revive.push({ key: post.key, due: post.due });
    }
  }
  for (const row of existing) {
    if (row.status === 'planned' && !wantedKeys.has(row.key) && KIND_RULES[row.kind].planned)
      cancel.push({ key: row.key, reason: whyUnwanted(row) });
  }
  return { insert, move, revive, cancel };
}
