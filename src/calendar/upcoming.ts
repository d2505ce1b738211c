import { follows, type LaunchEvent, type Owner, type Target, visibleTo } from '../core/types.js';
import { eventSpan } from './event-span.js';

export { startInstant } from './event-span.js';

/**
 * Which launches ahead a reader asks for. The stores answer it with indexed queries
 * (`EventStore.upcoming`); `upcoming()` below is the same question over events in memory, and
 * the definition the stores' contract suite checks them against.
 */
export interface UpcomingQuery {
  /** Launches still ahead at this instant (a date-only launch counts until its day is over). */
  readonly now: number;
  /** Only those starting within this long after `now`. */
  readonly windowMs?: number;
  /** Only those this community sees (omitted: every launch, as an operator in private sees them). */
  readonly viewer?: Owner;
  /** Only those this chat follows (and its owner sees). */
  readonly follower?: Pick<Target, 'follows' | 'owner'>;
  /** Only those with this tag. */
  readonly tag?: string;
  /** Only those whose id or title (in any language) contains this text, compared in lower case. */
  readonly text?: string;
  /** At most this many, soonest first. */
  readonly limit?: number;
}

/** Whether the event is still ahead (a date-only event counts until its day is over). */
export function isUpcoming(event: LaunchEvent, now: number): boolean {
  if (event.status === 'cancelled' || event.status === 'ended') return false;
  const span = eventSpan(event);
  if (span.dateOnly) return span.until >= now;
  return span.until >= now || event.status === 'live';
}

/** The lower-case text `UpcomingQuery.text` searches: the id and every title. */
export function searchText(event: Pick<LaunchEvent, 'id' | 'title'>): string {
  return [event.id, ...Object.values(event.title)].join('\n').toLowerCase();
}

/** Whether an event answers a query (besides being ahead). */
export function matches(event: LaunchEvent, now: number, q: Omit<UpcomingQuery, 'now' | 'limit'>): boolean {
  if (event.removed || !isUpcoming(event, now)) return false;
  if (q.windowMs !== undefined && eventSpan(event).start > now + q.windowMs) return false;
  if (q.viewer !== undefined && !visibleTo(event, q.viewer)) return false;
  if (q.follower && !follows(q.follower, event)) return false;
  if (q.tag !== undefined && !event.tags.includes(q.tag)) return false;
  if (q.text !== undefined && !searchText(event).includes(q.text.toLowerCase())) return false;
  return true;
}

/** Soonest first; launches at the same instant by id (code-unit order, as the stores sort). */
export function bySoonest(a: LaunchEvent, b: LaunchEvent): number {
  return eventSpan(a).start - eventSpan(b).start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Events ahead of `now`, soonest first; optionally only those within `windowMs`, only those a
 * chat follows, only those with a tag (see `UpcomingQuery`). Each event's instants are
 * computed once (event-span.ts), not per comparison.
 */
export function upcoming(
  events: Iterable<LaunchEvent>,
  now: number,
  opts: Omit<UpcomingQuery, 'now'> = {},
): LaunchEvent[] {
  const out: LaunchEvent[] = [];
  for (const event of events) if (matches(event, now, opts)) out.push(event);
  out.sort(bySoonest);
  return opts.limit === undefined ? out : out.slice(0, opts.limit);
}
