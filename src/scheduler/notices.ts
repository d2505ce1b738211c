import type { FieldChange, LaunchEvent, PostKind } from '../core/types.js';
import { ledgerKey } from '../ledger/key.js';
import type { LedgerRow, PlannedPost } from '../ledger/row.js';

export function noticeKind(changes: readonly FieldChange[]): PostKind {
  const status = changes.find((c) => c.field === 'status');
  if (status?.after === 'cancelled') return 'cancelled';
  if (status?.after === 'postponed') return 'postponed';
  return 'changed';
}

/** Where a notice goes now: the chat as it is today (moved, with its current language). */
export type NoticeRecipient = Pick<PlannedPost, 'targetKey' | 'platform' | 'chatId' | 'locale' | 'zone'>;

/**
 * One notice per chat that already heard of the event (a post for it was sent there) and
 * still wants notices about it, due now. `recipient` says where that chat is now, or
 * undefined when it no longer wants them (unfollowed, disabled, notices turned off). Keyed by
 * the event's revision, so a restart does not repeat it.
 */
export function planNotices(
  after: LaunchEvent,
  changes: readonly FieldChange[],
  history: readonly LedgerRow[],
  now: number,
  recipient: (heardAt: LedgerRow) => NoticeRecipient | undefined,
): PlannedPost[] {
  if (changes.length === 0) return [];
  const kind = noticeKind(changes);
  const to = new Map<string, NoticeRecipient>();
  for (const row of history) {
    if (row.status !== 'sent') continue;
    const current = recipient(row);
    if (current && !to.has(current.targetKey)) to.set(current.targetKey, current);
  }
  return [...to.values()].map((r) => ({
    ...r,
    key: ledgerKey(after.id, kind, `r${after.revision}`, r.targetKey),
    eventId: after.id,
    kind,
    slot: `r${after.revision}`,
    due: now,
    payload: { type: 'change', changes },
  }));
}
