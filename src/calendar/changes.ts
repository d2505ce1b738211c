import type { EventStart, FieldChange, LaunchEvent, Platform } from '../core/types.js';

/**
 * What changed in the calendar. The calendar announces each change; the scheduler's
 * replanner turns it into a ledger diff. The calendar never touches the ledger itself.
 */
export type CalendarChange =
  | {
      readonly type: 'event-saved';
      readonly before?: LaunchEvent;
      readonly after: LaunchEvent;
      readonly changes: readonly FieldChange[];
    }
  | { readonly type: 'event-removed'; readonly event: LaunchEvent }
  /** Followed, unfollowed, disabled, re-enabled, settings changed, or replaced by the config. */
  | { readonly type: 'target-changed'; readonly key: string }
  | { readonly type: 'target-moved'; readonly from: string; readonly to: string }
  | { readonly type: 'subscriptions-changed'; readonly platform: Platform; readonly userId: string }
  /** Everything may have changed (the start-up sync). */
  | { readonly type: 'resync' };

/** Receives every change; returns how many posts it planned (for replies such as "12 posts planned"). */
export type CalendarObserver = (change: CalendarChange) => Promise<number>;

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
