import { eventSpan } from '../../calendar/event-span.js';
import type { LaunchEvent } from '../../core/types.js';

/**
 * What the page says of a launch at an instant. `tba`: only its day is announced and it is
 * ahead; `today`: that day has come; `live`: a timed launch between its start and its end.
 */
export type LaunchState = 'upcoming' | 'tba' | 'today' | 'live' | 'postponed' | 'cancelled' | 'ended';

/** How long a timed launch with no known end shows as live after its start ("live now" posts say so at T-0). */
export const LIVE_WITHOUT_END_MS = 60 * 60_000;

export function launchState(event: LaunchEvent, now: number): LaunchState {
  if (event.status === 'cancelled') return 'cancelled';
  if (event.status === 'postponed') return 'postponed';
  if (event.status === 'ended') return 'ended';
  const span = eventSpan(event);
  if (now < span.start) return span.dateOnly ? 'tba' : 'upcoming';
  if (span.dateOnly) {
    if (now <= span.until) return 'today';
    return event.status === 'live' && (event.end === undefined || now < event.end) ? 'live' : 'ended';
  }
  const until =
    event.end !== undefined && event.end > span.start
      ? event.end
      : event.status === 'live'
        ? Number.POSITIVE_INFINITY
        : span.start + LIVE_WITHOUT_END_MS;
  return now < until ? 'live' : 'ended';
}

/**
 * Whether the list at `/` shows a launch: those ahead, today's and live ones; postponed ones
 * (their new date is awaited); cancelled ones until their date has passed, so that people
 * who planned for them learn it. Ended ones only have their own page.
 */
export function listed(event: LaunchEvent, now: number): boolean {
  const state = launchState(event, now);
  if (state === 'ended') return false;
  if (state === 'cancelled') return eventSpan(event).until >= now;
  return true;
}

/**
 * The first instant after `now` at which a launch's state (or whether it is listed) changes:
 * a page rendered at `now` stays true until then, calendar changes aside.
 */
export function nextChange(event: LaunchEvent, now: number): number {
  const span = eventSpan(event);
  const candidates = [span.start, span.until + 1, span.start + LIVE_WITHOUT_END_MS];
  if (event.end !== undefined) candidates.push(event.end);
  let next = Number.POSITIVE_INFINITY;
  for (const at of candidates) if (at > now && at < next) next = at;
  return next;
}
