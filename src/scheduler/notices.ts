import type { FieldChange, LedgerRow, PlannedPost } from '../calendar/store.js';
import type { EventStart, LaunchEvent, PostKind } from '../core/types.js';
import { ledgerKey } from './ledger-key.js';

/** A start as recorded in a change (JSON, so each reader's language can render it). */
export interface RecordedStart {
  readonly start: EventStart;
  readonly zone: string;
  readonly city?: string;
}

export function describeStart(event: Pick<LaunchEvent, 'start' | 'zone' | 'city'>): string {
  const recorded: RecordedStart = {
    start: event.start,
    zone: event.zone,
    ...(event.city === undefined ? {} : { city: event.city }),
  };
  return JSON.stringify(recorded);
}

/** What changed between two versions of an event, in the fields people care about. */
export function changesBetween(before: LaunchEvent, after: LaunchEvent): FieldChange[] {
  const changes: FieldChange[] = [];
  const startBefore = describeStart(before);
  const startAfter = describeStart(after);
  if (startBefore !== startAfter) changes.push({ field: 'start', before: startBefore, after: startAfter });
  const titleBefore = JSON.stringify(before.title);
  if (titleBefore !== JSON.stringify(after.title))
    changes.push({ field: 'title', before: titleBefore, after: JSON.stringify(after.title) });
  if ((before.city ?? '') !== (after.city ?? ''))
    changes.push({ field: 'city', before: before.city ?? '', after: after.city ?? '' });
  if ((before.venue ?? '') !== (after.venue ?? '')) {
    changes.push({ field: 'venue', before: before.venue ?? '', after: after.venue ?? '' });
  }
  if (before.status !== after.status)
    changes.push({ field: 'status', before: before.status, after: after.status });
  return changes;
}

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
