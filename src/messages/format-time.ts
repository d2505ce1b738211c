import { DateTime } from 'luxon';
import { type Duration, durationDays } from '../core/duration.js';
import type { EventStart, LaunchEvent, Localized } from '../core/types.js';
import { zoneNamed } from '../core/zone.js';
import type { Catalog, Span } from '../i18n/catalog.js';
import { venuePlace, zonePlace } from '../i18n/zone-names.js';

/** Dates and hours come from CLDR through Intl.DateTimeFormat, in each language's own order. */
const STYLES = {
  /** "Tuesday, 22 May 2018", "mardi 22 mai 2018", "Dienstag, 22. Mai 2018" */
  date: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  /** "14:00" */
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "22 May, 16:00", "22. Mai, 16:00": the reader's own time, beside the venue's. */
  dayTime: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "22/05", "22.05.", "22/5": the day, compact, for lists (the hour follows it). */
  short: { day: '2-digit', month: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();

// Each Intl.DateTimeFormat holds ICU data outside the JS heap: one per language, zone and style,
// and a process meets few of each (the cap only guards against a flood of zones).
function format(cldr: string, zone: string, style: keyof typeof STYLES): Intl.DateTimeFormat {
  const key = `${cldr}|${zone}|${style}`;
  let found = formats.get(key);
  if (!found) {
    if (formats.size >= 2000) formats.clear();
    found = new Intl.DateTimeFormat(cldr, { ...STYLES[style], timeZone: zone });
    formats.set(key, found);
  }
  return found;
}

/** A date-only day ("2018-05-22") in words: the same day for every reader, whatever their zone. */
export function formatDate(t: Catalog, date: string): string {
  return written(t, format(t.cldr, 'UTC', 'date'), Date.parse(`${date}T12:00:00Z`));
}

/** A date as Intl writes it, with the day of the month as the language writes it ("1er mai"). */
function written(t: Catalog, f: Intl.DateTimeFormat, at: number): string {
  return f
    .formatToParts(at)
    .map((part) => (part.type === 'day' ? t.dayOfMonth(Number(part.value), part.value) : part.value))
    .join('');
}

/** "mardi 22 mai 2018, 14:00 heure de Paris", or the date with "time to be announced". */
export function formatStart(
  t: Catalog,
  start: EventStart,
  zone: string,
  city: string | undefined,
  cityNames?: Localized,
): string {
  if (start.kind === 'date') return t.timeTba(formatDate(t, start.date));
  const place = venuePlace({ city, cityNames, zone }, t.locale, t.cldr);
  const dateTime = formatInstant(t, start.at, zone);
  return place.kind === 'city' ? t.venueTime(dateTime, place.name) : t.venueOffsetTime(dateTime, place.name);
}

/** When an event starts, at its venue, in the reader's language. */
export function formatEventStart(
  t: Catalog,
  event: Pick<LaunchEvent, 'start' | 'zone' | 'city' | 'cityNames'>,
): string {
  return formatStart(t, event.start, event.zone, event.city, event.cityNames);
}

// The same launch is shown to many chats: each catalog remembers the instants it wrote (a new
// catalog, after the operator's texts change, starts afresh).
const writtenBy = new WeakMap<Catalog, Map<string, string>>();

function remembered(t: Catalog, key: string, write: () => string): string {
  let known = writtenBy.get(t);
  if (!known) {
    known = new Map();
    writtenBy.set(t, known);
  }
  let text = known.get(key);
  if (text === undefined) {
    text = write();
    if (known.size >= 10_000) known.clear();
    known.set(key, text);
  }
  return text;
}

/** "Tuesday, 22 May 2018, 14:00", "martes, 22 de mayo de 2018, a las 14:00". */
export function formatInstant(t: Catalog, at: number, zone: string): string {
  return remembered(t, `${zone}|${at}`, () => {
    const time = format(t.cldr, zone, 'time');
    const hour = Number(time.formatToParts(at).find((p) => p.type === 'hour')?.value ?? 0);
    return t.dateTime(written(t, format(t.cldr, zone, 'date'), at), time.format(at), hour);
  });
}

/**
 * "22/05 14:00", "22.05. 14:00" — compact, for lists and audit lines: the day in the reader's
 * order when a catalog is given, else day/month.
 */
export function formatShort(at: number, zone: string, t?: Catalog): string {
  if (t) return `${format(t.cldr, zone, 'short').format(at)} ${format(t.cldr, zone, 'time').format(at)}`;
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
  return remembered(t, `reader|${readerZone}|${at}`, () =>
    t.readerTime(
      written(t, format(t.cldr, readerZone, 'dayTime'), at),
      zonePlace(readerZone, t.locale, t.cldr).name,
    ),
  );
}

/** A milestone label in words: 3d → "3 jours", 15m → "15 minuti". */
export function formatDuration(t: Catalog, d: Duration): Span {
  if (d.unit === 'w' && d.amount % 1 === 0) return t.unit(d.amount, 'w');
  if (d.unit === 'd' || d.unit === 'w') return t.unit(durationDays(d), 'd');
  return t.unit(d.amount, d.unit);
}

/** Time left between two instants in the two largest units: "2 days and 4 hours", "15 minutes". */
export function formatRemaining(t: Catalog, ms: number): Span {
  const totalMinutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts: Span[] = [];
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
