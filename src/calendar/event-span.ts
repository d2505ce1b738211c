import { DateTime } from 'luxon';
import type { LaunchEvent } from '../core/types.js';
import { zoneNamed } from '../core/zone.js';

/**
 * When a launch starts, and until when it counts as ahead: a timed launch at its instant; a
 * date-only one from the start of its day to the end of it, in the venue's zone.
 */
export interface EventSpan {
  readonly start: number;
  readonly until: number;
  readonly dateOnly: boolean;
}

// A date-only day's bounds cost a luxon zone computation: each (zone, date) is computed once
// and kept (bounded: a calendar has far fewer distinct launch days than this).
const DAYS = new Map<string, EventSpan>();
const MAX_DAYS = 50_000;

function daySpan(date: string, zone: string): EventSpan {
  const key = `${zone}\n${date}`;
  let span = DAYS.get(key);
  if (!span) {
    const day = DateTime.fromISO(date, { zone: zoneNamed(zone) });
    span = { start: day.startOf('day').toMillis(), until: day.endOf('day').toMillis(), dateOnly: true };
    if (DAYS.size >= MAX_DAYS) DAYS.clear();
    DAYS.set(key, span);
  }
  return span;
}

export function eventSpan(event: Pick<LaunchEvent, 'start' | 'zone'>): EventSpan {
  if (event.start.kind === 'instant')
    return { start: event.start.at, until: event.start.at, dateOnly: false };
  return daySpan(event.start.date, event.zone);
}

/** The instant an event starts, or the start of its day in the venue's zone when the hour is unknown. */
export function startInstant(event: Pick<LaunchEvent, 'start' | 'zone'>): number {
  return eventSpan(event).start;
}
