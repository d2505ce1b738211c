import { toIsoUtc } from '../core/zone.js';
import { ledgerKey, NO_EVENT } from '../ledger/key.js';
import { KIND_RULES } from '../ledger/kinds.js';
import type { LedgerRow, MissedPost, PlannedPost } from '../ledger/row.js';

export interface CatchUpPolicy {
  /** A post found this late or less is still sent, marked late. */
  readonly graceMs: number;
  /** Past the grace window: fold missed posts into one catch-up post per chat, or skip them. */
  readonly stale: 'digest' | 'skip';
  /**
   * Up to this late a post is on time and carries no "sent late" line (default ON_TIME_MS). A
   * rehearsal at 7200× widens it: a quarter of a real second of work is 30 virtual minutes.
   */
  readonly onTimeMs?: number;
}

/** Below this, a post is on time (timer jitter, a busy event loop). */
export const ON_TIME_MS = 60_000;

export type Verdict =
  | { readonly action: 'send'; readonly late: boolean }
  | { readonly action: 'skip'; readonly reason: string; readonly fold: boolean };

/**
 * What to do with a claimed row found `now`, measured from its slot (`due`), not from its
 * next try. Invariant: every row ends sent, or skipped with a reason the audit shows; stale
 * countdowns are folded into a catch-up post (policy `digest`), never sent as a flood.
 * Notices still go out late: they carry news. Each kind's rule is in ledger/kinds.ts.
 */
export function judge(row: Pick<LedgerRow, 'kind' | 'due'>, now: number, policy: CatchUpPolicy): Verdict {
  const lateness = now - row.due;
  const onTime = policy.onTimeMs ?? ON_TIME_MS;
  if (lateness <= Math.max(policy.graceMs, onTime)) return { action: 'send', late: lateness > onTime };
  const rule = KIND_RULES[row.kind];
  switch (rule.whenStale) {
    case 'send':
      return { action: 'send', late: true };
    case 'skip':
      return { action: 'skip', reason: rule.staleReason ?? 'stale', fold: false };
    case 'fold':
      return {
        action: 'skip',
        reason: `stale: ${Math.round(lateness / 60_000)} min past due`,
        fold: policy.stale === 'digest',
      };
  }
}

/** One catch-up post per chat, listing what it missed; keyed by the outage start so it is made once. */
export function planCatchUps(stale: readonly LedgerRow[], since: number, now: number): PlannedPost[] {
  const byTarget = new Map<string, LedgerRow[]>();
  for (const row of stale) {
    const list = byTarget.get(row.targetKey) ?? [];
    list.push(row);
    byTarget.set(row.targetKey, list);
  }
  const slot = toIsoUtc(since);
  return [...byTarget.entries()].map(([targetKey, rows]) => {
    const first = rows[0] as LedgerRow;
    const missed: MissedPost[] = rows
      .map((r) => ({ eventId: r.eventId, kind: r.kind, slot: r.slot, due: r.due }))
      .sort((a, b) => a.due - b.due);
    return {
      key: ledgerKey(NO_EVENT, 'catchup', slot, targetKey),
      eventId: NO_EVENT,
      kind: 'catchup',
      slot,
      targetKey,
      platform: first.platform,
      chatId: first.chatId,
      locale: first.locale,
      zone: first.zone,
      due: now,
      payload: { type: 'catchup', missed, since },
    };
  });
}
