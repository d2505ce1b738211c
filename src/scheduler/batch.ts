import type { LedgerChange } from '../ledger/diff.js';
import type { PlanRules } from './plan.js';

/** Events re-planned per ledger transaction when many are (a start on a new store, a resync). */
export const PLAN_BATCH = 500;

/**
 * Bump when what the planner makes of the same calendar changes (plan.ts, the diff, the keys
 * of rows): the next start then re-plans every event, as it does for new rules.
 */
const PLANNER_VERSION = 1;

/**
 * What the ledger is planned from, beside the calendar itself: the planner, its rules, and the
 * time-zone data dates are computed with. The replanner records it once a start is planned; a
 * start that finds another re-plans every event.
 */
export function planStamp(rules: PlanRules): string {
  return JSON.stringify({ planner: PLANNER_VERSION, tz: process.versions.tz ?? '', rules });
}

/** Several events' changes as one, applied in one transaction (their keys never overlap). */
export function mergeChanges(changes: readonly LedgerChange[]): LedgerChange {
  return {
    insert: changes.flatMap((c) => c.insert),
    move: changes.flatMap((c) => c.move),
    revive: changes.flatMap((c) => c.revive),
    cancel: changes.flatMap((c) => c.cancel),
  };
}
