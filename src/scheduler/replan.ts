import type { LedgerChange, LedgerRow, PlannedPost } from '../calendar/store.js';

/** Kinds the planner owns; notices, digests and catch-up posts are never touched by a re-plan. */
const PLANNED_KINDS = new Set(['countdown', 'live', 'reminder', 'pinned', 'native']);

/**
 * The diff between what the ledger holds for an event and what the planner wants now.
 * - a wanted post not in the ledger is inserted if it is still ahead (a milestone that had
 *   passed before the event was known was never promised to anyone);
 * - a pending post whose due time changed moves; if it moves into the past it is cancelled
 *   (the change notice tells people instead);
 * - a cancelled post that is wanted again (an event un-cancelled) is revived if still ahead;
 * - a pending post no longer wanted is cancelled. Sent posts are history and never change.
 */
export function diffPlan(
  existing: readonly LedgerRow[],
  wanted: readonly PlannedPost[],
  now: number,
): LedgerChange {
  const byKey = new Map(existing.map((row) => [row.key, row]));
  const wantedKeys = new Set<string>();
  const insert: PlannedPost[] = [];
  const reschedule: { key: string; due: number }[] = [];
  const cancel: string[] = [];
  for (const post of wanted) {
    wantedKeys.add(post.key);
    const row = byKey.get(post.key);
    if (!row) {
      if (post.due >= now) insert.push(post);
      else if (post.catchUp) insert.push({ ...post, due: now });
      continue;
    }
    if (row.status === 'planned') {
      if (post.catchUp && post.due < now) continue;
      if (row.due !== post.due) {
        if (post.due >= now) reschedule.push({ key: post.key, due: post.due });
        else cancel.push(post.key);
      }
    } else if (row.status === 'cancelled' && post.due >= now) {
      reschedule.push({ key: post.key, due: post.due });
    }
  }
  for (const row of existing) {
    if (!wantedKeys.has(row.key) && row.status === 'planned' && PLANNED_KINDS.has(row.kind))
      cancel.push(row.key);
  }
  return { insert, reschedule, cancel };
}
