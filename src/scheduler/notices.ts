import type { FieldChange, LaunchEvent, PostKind } from '../core/types.js';
import { ledgerKey } from '../ledger/key.js';
import type { LedgerRow, PlannedPost } from '../ledger/row.js';

export function noticeKind(changes: readonly FieldChange[]): PostKind {
  const status = changes.find((c) => c.field === 'status');
  if (status?.after === 'cancelled') return 'cancelled';
  if (status?.after === 'postponed') return 'postponed';
  return 'changed';
}

/**
 * One notice per target that already heard of the event (a post for it was sent there),
 * due now. Keyed by the event's revision, so a restart does not repeat it.
 */
export function planNotices(
  after: LaunchEvent,
  changes: readonly FieldChange[],
  history: readonly LedgerRow[],
  now: number,
): PlannedPost[] {
  if (changes.length === 0) return [];
  const kind = noticeKind(changes);
  const heard = new Map<string, LedgerRow>();
  for (const row of history) {
    if (row.status === 'sent' && !heard.has(row.targetKey)) heard.set(row.targetKey, row);
  }
  return [...heard.values()].map((row) => ({
    key: ledgerKey(after.id, kind, `r${after.revision}`, row.targetKey),
    eventId: after.id,
    kind,
    slot: `r${after.revision}`,
    targetKey: row.targetKey,
    platform: row.platform,
    chatId: row.chatId,
    locale: row.locale,
    zone: row.zone,
    due: now,
    payload: { type: 'change', changes },
  }));
}
