import { IANAZone } from 'luxon';

/**
 * VTIMEZONE components (RFC 5545 §3.6.5) built from the offsets Herald itself computes (luxon
 * over the runtime's Intl time-zone data), so a calendar application reads exactly the instants
 * Herald counts down to. Why not a package: the maintained ones (@touch4it/ical-timezones,
 * timezones-ical-library) ship VTIMEZONEs frozen from some tzdata release, which may disagree
 * with the runtime's own data for a zone whose rules changed since (docs/web.md).
 *
 * Each component lists every transition of the zone over whole calendar years around the
 * instants it must cover, one observance per transition (DTSTART, TZOFFSETFROM, TZOFFSETTO,
 * TZNAME), with no recurrence rule: exact for those years whatever the zone's history. A zone
 * with no transition in them gets one STANDARD observance.
 */

const DAY = 86_400_000;
const SECOND = 1000;

interface Observance {
  /** The instant it begins. */
  readonly at: number;
  /** Offsets in minutes (may carry seconds as a fraction, for old local mean times). */
  readonly from: number;
  readonly to: number;
}

// Transitions of a zone over a span of years, computed once (a feed is rebuilt on every
// calendar change; a process meets few zones).
const BUILT = new Map<string, string>();
const MAX_BUILT = 2_000;

/** The VTIMEZONE of `zone` for calendar years `fromYear`..`toYear` (UTC years, inclusive). */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const key = `${zone}\n${fromYear}\n${toYear}`;
  let text = BUILT.get(key);
  if (text === undefined) {
    text = render(zone, observances(zone, fromYear, toYear));
    if (BUILT.size >= MAX_BUILT) BUILT.clear();
    BUILT.set(key, text);
  }
  return text;
}

/**
 * The years a VTIMEZONE must cover for these instants: from the year before the first (its
 * first observance must begin before any of them) to the year after the last.
 */
export function yearsAround(instants: readonly number[]): { readonly from: number; readonly to: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const at of instants) {
    if (at < min) min = at;
    if (at > max) max = at;
  }
  if (min === Number.POSITIVE_INFINITY) {
    const year = new Date().getUTCFullYear();
    return { from: year, to: year };
  }
  return { from: new Date(min).getUTCFullYear() - 1, to: new Date(max).getUTCFullYear() + 1 };
}

function offsetAt(zone: string, at: number): number {
  // luxon's own zone (core/zone.ts's remembering one would keep a bucket for every day walked).
  return IANAZone.create(zone).offset(at);
}

/** The first observance in force at the start of `fromYear`, then every transition until `toYear` ends. */
export function observances(zone: string, fromYear: number, toYear: number): Observance[] {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  const first = offsetAt(zone, start);
  const list: Observance[] = [{ at: start, from: first, to: first }];
  let before = first;
  // A day apart, then the exact second by bisection: no zone changes its offset twice a day.
  for (let at = start + DAY; at < end + DAY; at += DAY) {
    const now = offsetAt(zone, at);
    if (now === before) continue;
    let lo = at - DAY;
    let hi = at;
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
      if (offsetAt(zone, mid) === before) lo = mid;
      else hi = mid;
    }
    list.push({ at: hi, from: before, to: offsetAt(zone, hi) });
    before = offsetAt(zone, hi);
  }
  return list;
}

function render(zone: string, list: readonly Observance[]): string {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`, `X-LIC-LOCATION:${zone}`];
  for (const o of list) {
    const kind = isDaylight(zone, o) ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      // The onset in the local time in force before it (RFC 5545: DTSTART with TZOFFSETFROM).
      `DTSTART:${localStamp(o.at + o.from * 60_000)}`,
      `TZOFFSETFROM:${utcOffset(o.from)}`,
      `TZOFFSETTO:${utcOffset(o.to)}`,
      `TZNAME:${tzName(zone, o.at)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return `${lines.join('\r\n')}\r\n`;
}

/** Daylight time: an offset above the year's smaller one (January's or July's, either hemisphere). */
function isDaylight(zone: string, o: Observance): boolean {
  const year = new Date(o.at).getUTCFullYear();
  const standard = Math.min(offsetAt(zone, Date.UTC(year, 0, 1)), offsetAt(zone, Date.UTC(year, 6, 1)));
  return o.to > standard;
}

// Intl knows a zone's abbreviation (CEST, EDT, JST, IST) only in the English of its region.
const NAMING_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'ja-JP'];

const NAMERS = new Map<string, Intl.DateTimeFormat>();

function namer(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale}\n${zone}`;
  let format = NAMERS.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' });
    if (NAMERS.size >= MAX_BUILT) NAMERS.clear();
    NAMERS.set(key, format);
  }
  return format;
}

/** The observance's abbreviation (CEST, EDT), else its offset as Intl writes it (GMT+10:30). */
function tzName(zone: string, at: number): string {
  let fallback = '';
  for (const locale of NAMING_LOCALES) {
    const part = namer(locale, zone)
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (part === undefined) continue;
    if (!/^(GMT|UTC)/.test(part)) return clean(part);
    fallback ||= part;
  }
  return clean(fallback || 'UTC');
}

/** A TEXT value: the characters RFC 5545 escapes never occur in an abbreviation, but be sure. */
function clean(name: string): string {
  return name.replace(/[\\;,\r\n]/g, '');
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A UTC instant shifted by an offset, written as a local DATE-TIME (no Z). */
function localStamp(shifted: number): string {
  const d = new Date(shifted);
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(
    d.getUTCHours(),
  )}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
}

/** A UTC-OFFSET value: +HHMM, or +HHMMSS when seconds are needed; never -0000. */
export function utcOffset(minutes: number): string {
  const total = Math.round(minutes * 60);
  const sign = total < 0 ? '-' : '+';
  const abs = Math.abs(total);
  const text = `${sign}${pad(Math.floor(abs / 3600))}${pad(Math.floor((abs % 3600) / 60))}`;
  return abs % 60 === 0 ? text : `${text}${pad(abs % 60)}`;
}
