import { DateTime } from 'luxon';
import { type Duration, durationDays } from '../core/duration.js';
import type { EventStart, Locale } from '../core/types.js';
import { zoneCity, zoneNamed } from '../core/zone.js';
import type { Catalog } from '../i18n/catalog.js';

const DATE_FORMAT: Record<Locale, string> = {
  en: 'cccc d LLLL yyyy',
  fr: 'cccc d LLLL yyyy',
  it: 'cccc d LLLL yyyy',
};
const DATE_TIME_FORMAT: Record<Locale, string> = {
  en: 'cccc d LLLL yyyy, HH:mm',
  fr: 'cccc d LLLL yyyy, HH:mm',
  it: 'cccc d LLLL yyyy, HH:mm',
};

/** "mardi 22 mai 2018, 14:00 heure de Paris", or the date with "time to be announced". */
export function formatStart(t: Catalog, start: EventStart, zone: string, city: string | undefined): string {
  if (start.kind === 'date') {
    return t.timeTba(
      DateTime.fromISO(start.date, { zone: zoneNamed(zone), locale: t.locale }).toFormat(
        DATE_FORMAT[t.locale],
      ),
    );
  }
  return t.venueTime(formatInstant(t, start.at, zone), city ?? zoneCity(zone));
}

export function formatInstant(t: Catalog, at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone: zoneNamed(zone), locale: t.locale }).toFormat(
    DATE_TIME_FORMAT[t.locale],
  );
}

/** "22/05 14:00" — compact, for lists and audit lines. */
export function formatShort(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone: zoneNamed(zone) }).toFormat('dd/MM HH:mm');
}

/** The reader's own time for an instant, when their zone differs from the venue's. */
export function readerTime(
  t: Catalog,
  at: number,
  venueZone: string,
  readerZone: string,
): string | undefined {
  const venue = DateTime.fromMillis(at, { zone: zoneNamed(venueZone) });
  const reader = DateTime.fromMillis(at, { zone: zoneNamed(readerZone) });
  if (venue.offset === reader.offset) return undefined;
  return t.readerTime(reader.setLocale(t.locale).toFormat('d LLL, HH:mm'), readerZone);
}

/** A milestone label in words: 3d → "3 jours", 15m → "15 minuti". */
export function formatDuration(t: Catalog, d: Duration): string {
  if (d.unit === 'w' && d.amount % 1 === 0) return t.unit(d.amount, 'w');
  if (d.unit === 'd' || d.unit === 'w') return t.unit(durationDays(d), 'd');
  return t.unit(d.amount, d.unit);
}

/** Time left between two instants in the two largest units: "2 days and 4 hours", "15 minutes". */
export function formatRemaining(t: Catalog, ms: number): string {
  const totalMinutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(t.unit(days, 'd'));
  if (hours > 0) parts.push(t.unit(hours, 'h'));
  if (days === 0 && minutes > 0) parts.push(t.unit(minutes, 'm'));
  if (parts.length === 0) return t.unit(0, 'm');
  return t.join(parts.slice(0, 2));
}

/** Whole calendar days between two dates in a zone (for date-only events). */
export function daysUntil(now: number, date: string, zone: string): number {
  const today = DateTime.fromMillis(now, { zone: zoneNamed(zone) }).startOf('day');
  const day = DateTime.fromISO(date, { zone: zoneNamed(zone) }).startOf('day');
  return Math.round(day.diff(today, 'days').days);
}
