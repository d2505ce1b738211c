import { DateTime } from 'luxon';
import { follows, type LaunchEvent, type Target } from '../core/types.js';

/** The instant an event starts, or the start of its day in the venue's zone when the hour is unknown. */
export function startInstant(event: Pick<LaunchEvent, 'start' | 'zone'>): number {
  if (event.start.kind === 'instant') return event.start.at;
  return DateTime.fromISO(event.start.date, { zone: event.zone }).startOf('day').toMillis();
}

/** Whether the event is still ahead (a date-only event counts until its day is over). */
export function isUpcoming(event: LaunchEvent, now: number): boolean {
  if (event.status === 'cancelled' || event.status === 'ended') return false;
  if (event.start.kind === 'date') {
    return DateTime.fromISO(event.start.date, { zone: event.zone }).endOf('day').toMillis() >= now;
  }
  return event.start.at >= now || event.status === 'live';
}

/**
 * Events ahead of `now`, soonest first; optionally only those within `windowMs`,
 * only those a chat follows, only those with a tag.
 */
export function upcoming(
  events: Iterable<LaunchEvent>,
  now: number,
  opts: { windowMs?: number; follower?: Pick<Target, 'follows' | 'owner'>; tag?: string } = {},
): LaunchEvent[] {
  const out: LaunchEvent[] = [];
  for (const event of events) {
    if (!isUpcoming(event, now)) continue;
    if (opts.windowMs !== undefined && startInstant(event) > now + opts.windowMs) continue;
    if (opts.follower && !follows(opts.follower, event)) continue;
    if (opts.tag !== undefined && !event.tags.includes(opts.tag)) continue;
    out.push(event);
  }
  return out.sort((a, b) => startInstant(a) - startInstant(b) || a.id.localeCompare(b.id));
}
