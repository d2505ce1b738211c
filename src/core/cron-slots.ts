import cron, { type ParsedFields } from 'node-cron';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** No zone's offset from UTC has ever reached 16 hours (local mean times included). */
const MAX_OFFSET = 16 * HOUR;

/**
 * Every whole minute in [from, to] at which node-cron's `task.match` is true for `expression`
 * in `zone` — found by walking the calendar (years → the expression's months → its days → its
 * hours → its minutes), not by asking node-cron about each minute.
 *
 * node-cron reads the expression (`cron.parse`: its names, ranges, steps, wrapping ranges,
 * nicknames, optional seconds field); the day rules below are node-cron 4's own, restated:
 * the day of the month AND the day of the week must both match (node-cron does not follow
 * Vixie cron's "either one" when both are restricted), plus its L, W, L-n, nL and n#k tokens.
 *
 * Clock changes, as `match` sees them: a local time the clocks skip (spring) gives no slot; a
 * local time they pass twice (autumn) gives two slots, one per instant. Both are found by
 * trying each offset the zone has around that day and keeping the instants that read back
 * as the wanted local time.
 */
export function cronSlots(expression: string, zone: string, from: number, to: number): number[] {
  const fields = cron.parse(expression);
  const first = Math.ceil(from / MINUTE) * MINUTE;
  if (first > to) return [];
  const clock = zoneClock(zone);
  const times = timesOfDay(fields);
  const slots: number[] = [];
  for (const midnight of matchingDays(fields, first - MAX_OFFSET, to + MAX_OFFSET)) {
    // The instants whose local date is this day all lie in this stretch of UTC time.
    const before = clock.offset(midnight - MAX_OFFSET);
    const after = clock.offset(midnight + DAY + MAX_OFFSET);
    const offsets =
      before === after ? [before] : [...new Set([before, clock.offset(midnight + DAY / 2), after])];
    const changing = offsets.length > 1;
    for (const time of times) {
      const local = midnight + time;
      for (const offset of offsets) {
        const at = local - offset;
        if (at % MINUTE !== 0 || at < first || at > to) continue;
        // On a day the clocks change, an instant counts only if it reads as this local time.
        if (changing && clock.local(at) !== local) continue;
        slots.push(at);
      }
    }
  }
  // Where the clocks go back across midnight, a later local day can hold an earlier instant.
  return slots.sort((a, b) => a - b);
}

/** The expression's times of day (ms after local midnight), earliest first. */
function timesOfDay(fields: ParsedFields): number[] {
  const times: number[] = [];
  for (const hour of sortedUnique(fields.hour))
    for (const minute of sortedUnique(fields.minute))
      for (const second of sortedUnique(fields.second))
        times.push(hour * HOUR + minute * MINUTE + second * SECOND);
  return times;
}

/** Local days (as the UTC midnight of the same date) from `start`'s date to `end`'s that match. */
function* matchingDays(fields: ParsedFields, start: number, end: number): Generator<number> {
  const firstDay = Math.floor(start / DAY) * DAY;
  const first = new Date(firstDay);
  const last = new Date(end);
  const months = sortedUnique(fields.month);
  for (let year = first.getUTCFullYear(); year <= last.getUTCFullYear(); year++) {
    for (const month of months) {
      for (let day = 1; day <= lastDayOfMonth(year, month); day++) {
        const midnight = Date.UTC(year, month - 1, day);
        if (midnight < firstDay || midnight > end) continue;
        const weekday = new Date(midnight).getUTCDay();
        if (
          matchesDayOfMonth(fields.dayOfMonth, year, month, day) &&
          matchesDayOfWeek(fields.dayOfWeek, year, month, day, weekday)
        )
          yield midnight;
      }
    }
  }
}

function sortedUnique(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const WEEKDAY_NEAREST = /^(\d{1,2}|L)W$/;
const LAST_DAY_OFFSET = /^L-(\d{1,2})$/;
const LAST_WEEKDAY = /^([0-7])L$/i;
const NTH_WEEKDAY = /^([0-7])#([1-5])$/;

/** node-cron 4's day-of-month rule: a day number, L (last day), nW / LW (nearest weekday), L-n. */
function matchesDayOfMonth(
  values: ParsedFields['dayOfMonth'],
  year: number,
  month: number,
  day: number,
): boolean {
  const last = lastDayOfMonth(year, month);
  for (const value of values) {
    if (value === day) return true;
    if (typeof value !== 'string') continue;
    if (value === 'L' && day === last) return true;
    const nearest = WEEKDAY_NEAREST.exec(value);
    if (nearest?.[1] !== undefined) {
      const target = nearest[1] === 'L' ? last : Number.parseInt(nearest[1], 10);
      if (nearestWeekday(year, month, target, last) === day) return true;
    }
    const offset = LAST_DAY_OFFSET.exec(value);
    if (offset?.[1] !== undefined) {
      const target = last - Number.parseInt(offset[1], 10);
      if (target >= 1 && target === day) return true;
    }
  }
  return false;
}

/** The weekday nearest to day `target` without leaving the month (node-cron's `W`); -1 if none. */
function nearestWeekday(year: number, month: number, target: number, last: number): number {
  if (target < 1 || target > last) return -1;
  const weekday = new Date(Date.UTC(year, month - 1, target)).getUTCDay();
  if (weekday === 6) return target === 1 ? target + 2 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

/** node-cron 4's day-of-week rule: a weekday (0 = Sunday), nL (last one of the month), n#k (k-th one). */
function matchesDayOfWeek(
  values: ParsedFields['dayOfWeek'],
  year: number,
  month: number,
  day: number,
  weekday: number,
): boolean {
  for (const value of values) {
    if (value === weekday) return true;
    if (typeof value !== 'string') continue;
    const nth = NTH_WEEKDAY.exec(value);
    if (nth) {
      if (Number(nth[1]) % 7 === weekday && Math.floor((day - 1) / 7) + 1 === Number(nth[2])) return true;
      continue;
    }
    const lastOne = LAST_WEEKDAY.exec(value);
    if (lastOne && Number(lastOne[1]) % 7 === weekday && day + 7 > lastDayOfMonth(year, month)) return true;
  }
  return false;
}

interface ZoneClock {
  /** The local wall-clock time at `at`, as the UTC instant with the same digits (whole seconds). */
  local(at: number): number;
  /** How far ahead of UTC the zone's clocks are at `at`, in ms. */
  offset(at: number): number;
}

const clocks = new Map<string, ZoneClock>();

/** A zone's wall clock read through Intl, as node-cron reads it. */
function zoneClock(zone: string): ZoneClock {
  const known = clocks.get(zone);
  if (known) return known;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const local = (at: number): number => {
    const part: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
    for (const { type, value } of format.formatToParts(at)) part[type] = Number(value);
    const utc = new Date(0);
    utc.setUTCFullYear(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1);
    utc.setUTCHours(part.hour ?? 0, part.minute ?? 0, part.second ?? 0, 0);
    return utc.getTime();
  };
  const clock: ZoneClock = { local, offset: (at) => local(at) - Math.floor(at / SECOND) * SECOND };
  clocks.set(zone, clock);
  return clock;
}
