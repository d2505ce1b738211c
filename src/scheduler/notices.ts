import {
  type FieldChange,
  type LaunchEvent,
  type Locale,
  type Localized,
  localized,
  type PostKind,
} from '../core/types.js';
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
  const to = new Map<string, NoticeRecipient>();
  for (const row of history) {
    // A post being sent as the event changes counts as heard: its chat gets the notice too.
    if (row.status !== 'sent' && row.status !== 'sending') continue;
    const current = recipient(row);
    if (current && !to.has(current.targetKey)) to.set(current.targetKey, current);
  }
  const notices: PlannedPost[] = [];
  for (const r of to.values()) {
    // Each chat hears only of what changed in what it reads (an English title edit is no news in French).
    const seen = changes.filter((change) => readsDifferently(change, r.locale));
    if (seen.length === 0) continue;
    const kind = noticeKind(seen);
    notices.push({
      ...r,
      key: ledgerKey(after.id, kind, `r${after.revision}`, r.targetKey),
      eventId: after.id,
      kind,
      slot: `r${after.revision}`,
      due: now,
      payload: { type: 'change', changes: seen },
    });
  }
  return notices;
}

/** Whether a reader of `locale` sees a different value after the change. */
export function readsDifferently(change: FieldChange, locale: Locale): boolean {
  if (change.field !== 'title') return change.before !== change.after;
  const before = JSON.parse(change.before) as Localized;
  const after = JSON.parse(change.after) as Localized;
  return localized(before, locale) !== localized(after, locale);
}
