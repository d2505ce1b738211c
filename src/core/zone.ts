import { DateTime, IANAZone } from 'luxon';
import { TimeInputError } from './errors.js';

/**
 * Zone names already checked. Luxon builds an `Intl.DateTimeFormat` on every check, whose ICU
 * data lives outside the JS heap (a few tens of kB each, freed only when a GC happens to run):
 * 10,000 events checked one by one cost hundreds of MB and seconds. A process meets few zones.
 */
const knownZones = new Map<string, boolean>();

export function isValidZone(zone: string): boolean {
  let valid = knownZones.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    // Bounded: a flood of made-up names (a command's input) cannot grow it without end.
    if (knownZones.size < 1000) knownZones.set(zone, valid);
  }
  return valid;
}

export function assertZone(zone: string): void {
  if (!isValidZone(zone)) {
    throw new TimeInputError(
      'time_unknown_zone',
      `"${zone}" is not a known time zone`,
      { zone },
      'use an IANA zone name such as Europe/Paris, Europe/Rome or UTC',
    );
  }
}

export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/**
 * Turns a wall-clock time in a zone into an instant (epoch ms). Refuses impossible dates
 * (31 June) and times that do not exist because the clocks spring forward.
 */
export function wallTimeToInstant(wall: WallTime, zone: string): number {
  assertZone(zone);
  const dt = DateTime.fromObject({ ...wall, second: 0, millisecond: 0 }, { zone: zoneNamed(zone) });
  if (!dt.isValid) throw invalidWallTime(wall);
  if (dt.hour !== wall.hour || dt.minute !== wall.minute || dt.day !== wall.day) {
    const shown = `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}`;
    throw new TimeInputError(
      'time_in_gap',
      `${shown} does not exist in ${zone}: the clocks move forward at that hour`,
      { time: shown, zone },
      `pick a time outside the skipped hour, such as ${dt.toFormat('HH:mm')}`,
    );
  }
  // A wall time the clocks pass twice (falling back) means its first occurrence, as Temporal's
  // "compatible" rule does: a launch announced for 02:30 happens before the clocks go back.
  const earlier = DateTime.fromMillis(dt.toMillis() - 3_600_000, { zone: zoneNamed(zone) });
  if (earlier.hour === wall.hour && earlier.minute === wall.minute && earlier.day === wall.day)
    return earlier.toMillis();
  return dt.toMillis();
}

/** Why a wall time is not one: the month, the day (with the month's length), or the time of day. */
function invalidWallTime(wall: WallTime): TimeInputError {
  const date = `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
  if (!Number.isInteger(wall.month) || wall.month < 1 || wall.month > 12) {
    return new TimeInputError(
      'time_invalid_date',
      `${date} is not a real date: there is no month ${wall.month}`,
      { date },
      'write the month as 01 to 12 (YYYY-MM-DD)',
    );
  }
  const days = daysInMonth(wall.year, wall.month);
  if (wall.day < 1 || wall.day > days) {
    const month = DateTime.utc(wall.year, wall.month, 1).setLocale('en').toFormat('LLLL yyyy');
    return new TimeInputError(
      'time_invalid_date',
      `${date} is not a real date: ${month} has ${days} days`,
      { date },
      `pick a day from 01 to ${days}`,
    );
  }
  const time = `${pad(wall.hour)}:${pad(wall.minute)}`;
  return new TimeInputError(
    'time_invalid_date',
    `${date} ${time} is not a real time of day`,
    { date: `${date} ${time}` },
    'write the time as HH:mm, from 00:00 to 23:59',
  );
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::00)?$/;

/** Parses `YYYY-MM-DD` and checks it is a real day. */
export function parseIsoDate(text: string): string {
  const m = ISO_DATE.exec(text.trim());
  if (!m) {
    throw new TimeInputError(
      'time_invalid_date',
      `"${text}" is not a date`,
      { date: text },
      'write the date as YYYY-MM-DD',
    );
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // A real day needs no time-zone library (a start checks thousands); one that is not says why.
  if (!isRealDay(year, month, day)) wallTimeToInstant({ year, month, day, hour: 12, minute: 0 }, 'UTC');
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Whether the day exists in the (proleptic) Gregorian calendar, as Luxon counts it. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses a local `YYYY-MM-DDTHH:mm` in `zone`, or an ISO instant with an offset or `Z`.
 */
export function parseIsoInstant(text: string, zone: string): number {
  const trimmed = text.trim();
  const local = ISO_LOCAL.exec(trimmed);
  if (local) {
    return wallTimeToInstant(
      {
        year: Number(local[1]),
        month: Number(local[2]),
        day: Number(local[3]),
        hour: Number(local[4]),
        minute: Number(local[5]),
      },
      zone,
    );
  }
  const dt = DateTime.fromISO(trimmed, { setZone: true });
  if (dt.isValid && /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) return dt.toMillis();
  throw new TimeInputError(
    'time_invalid_date',
    `"${text}" is not a date and time`,
    { date: text },
    'write YYYY-MM-DDTHH:mm (local to the zone), or an ISO instant with Z or an offset',
  );
}

/** The wall-clock date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone: zoneNamed(zone) }).toISODate() ?? '';
}

/** A readable city name from an IANA zone: Europe/Paris → Paris, America/New_York → New York. */
export function zoneCity(zone: string): string {
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}

export function toIsoUtc(at: number): string {
  return new Date(at).toISOString();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

// Offsets are constant across a quarter hour in every zone in use (transitions fall on whole
// quarter hours); a bucket is cached only when its first and last millisecond agree, so a
// transition inside one would still be computed exactly.
const QUARTER_HOUR = 900_000;
const MAX_CACHED_OFFSETS = 200_000;

/** An IANA zone that remembers its UTC offsets (luxon computes each through Intl, slowly). */
class RememberingZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    const bucket = Math.floor(ts / QUARTER_HOUR);
    const known = this.offsets.get(bucket);
    if (known !== undefined) return known;
    const first = super.offset(bucket * QUARTER_HOUR);
    if (first !== super.offset(bucket * QUARTER_HOUR + QUARTER_HOUR - 1)) return super.offset(ts);
    if (this.offsets.size >= MAX_CACHED_OFFSETS) this.offsets.clear();
    this.offsets.set(bucket, first);
    return first;
  }
}

const ZONES = new Map<string, IANAZone>();

/**
 * The zone to give luxon for a zone name, one instance per name, with its offsets remembered:
 * formatting a list of launches computes the same offsets again and again.
 */
export function zoneNamed(name: string): IANAZone {
  let zone = ZONES.get(name);
  if (!zone) {
    zone = new RememberingZone(name);
    ZONES.set(name, zone);
  }
  return zone;
}
