import fc from 'fast-check';
import { IANAZone } from 'luxon';
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { cronSlots } from '../../src/core/cron-slots.js';

/** The oracle: node-cron's own matcher asked about every minute of the window (the old preview). */
function minuteScan(expression: string, zone: string, from: number, to: number): number[] {
  const task = cron.createTask(expression, () => {}, { timezone: zone });
  const slots: number[] = [];
  for (let at = Math.ceil(from / 60_000) * 60_000; at <= to; at += 60_000) {
    if (task.match(new Date(at))) slots.push(at);
  }
  return slots;
}

const iso = (at: number) => new Date(at).toISOString();
const slots = (expression: string, zone: string, from: string, to: string) =>
  cronSlots(expression, zone, Date.parse(from), Date.parse(to)).map(iso);

describe('cronSlots on literal dates', () => {
  it('moves a Monday 09:00 digest in Paris with the spring change (2018-03-25)', () => {
    expect(slots('0 9 * * 1', 'Europe/Paris', '2018-03-01T00:00Z', '2018-03-31T23:59Z')).toEqual([
      '2018-03-05T08:00:00.000Z',
      '2018-03-12T08:00:00.000Z',
      '2018-03-19T08:00:00.000Z',
      '2018-03-26T07:00:00.000Z',
    ]);
  });

  it('gives no slot for a Paris time the clocks skip, and both instants of one they pass twice', () => {
    expect(slots('30 2 * * *', 'Europe/Paris', '2018-03-24T00:00Z', '2018-03-26T23:59Z')).toEqual([
      '2018-03-24T01:30:00.000Z',
      '2018-03-26T00:30:00.000Z',
    ]);
    const autumn = slots('30 2 * * *', 'Europe/Paris', '2018-10-27T00:00Z', '2018-10-29T23:59Z');
    expect(autumn).toEqual([
      '2018-10-27T00:30:00.000Z',
      '2018-10-28T00:30:00.000Z',
      '2018-10-28T01:30:00.000Z',
      '2018-10-29T01:30:00.000Z',
    ]);
    // As node-cron itself says: 02:30 summer time and 02:30 winter time both match, 03:30 does not.
    const task = cron.createTask('30 2 * * *', () => {}, { timezone: 'Europe/Paris' });
    expect(task.match(new Date('2018-10-28T00:30:00Z'))).toBe(true);
    expect(task.match(new Date('2018-10-28T01:30:00Z'))).toBe(true);
    expect(task.match(new Date('2018-03-25T01:30:00Z'))).toBe(false);
  });

  it('follows New York across both changes of 2018', () => {
    expect(slots('30 2 * * *', 'America/New_York', '2018-03-10T00:00Z', '2018-03-12T23:59Z')).toEqual([
      '2018-03-10T07:30:00.000Z',
      '2018-03-12T06:30:00.000Z',
    ]);
    expect(slots('30 1 * * *', 'America/New_York', '2018-11-03T12:00Z', '2018-11-05T12:00Z')).toEqual([
      '2018-11-04T05:30:00.000Z',
      '2018-11-04T06:30:00.000Z',
      '2018-11-05T06:30:00.000Z',
    ]);
    expect(slots('0 9 * * 0', 'America/New_York', '2018-10-28T00:00Z', '2018-11-11T23:59Z')).toEqual([
      '2018-10-28T13:00:00.000Z',
      '2018-11-04T14:00:00.000Z',
      '2018-11-11T14:00:00.000Z',
    ]);
  });

  it('needs both the day of the month and the day of the week, as node-cron does', () => {
    expect(slots('0 12 13 * 5', 'UTC', '2018-01-01T00:00Z', '2018-12-31T23:59Z')).toEqual([
      '2018-04-13T12:00:00.000Z',
      '2018-07-13T12:00:00.000Z',
    ]);
  });

  it('reads lists, ranges, steps and names', () => {
    expect(slots('*/20 9-10 * * *', 'UTC', '2018-05-01T00:00Z', '2018-05-01T23:59Z')).toEqual([
      '2018-05-01T09:00:00.000Z',
      '2018-05-01T09:20:00.000Z',
      '2018-05-01T09:40:00.000Z',
      '2018-05-01T10:00:00.000Z',
      '2018-05-01T10:20:00.000Z',
      '2018-05-01T10:40:00.000Z',
    ]);
    expect(
      slots('0 8 1-5/2 jan,jul mon-fri', 'Europe/Rome', '2018-01-01T00:00Z', '2018-12-31T23:59Z'),
    ).toEqual([
      '2018-01-01T07:00:00.000Z',
      '2018-01-03T07:00:00.000Z',
      '2018-01-05T07:00:00.000Z',
      '2018-07-03T06:00:00.000Z',
      '2018-07-05T06:00:00.000Z',
    ]);
    expect(slots('0 0 L * *', 'UTC', '2018-01-15T00:00Z', '2018-03-15T00:00Z')).toEqual([
      '2018-01-31T00:00:00.000Z',
      '2018-02-28T00:00:00.000Z',
    ]);
  });

  it('starts at the first whole minute from `from` and includes `to`', () => {
    expect(slots('0 9 * * *', 'UTC', '2018-01-01T09:00:00.001Z', '2018-01-02T09:00:00.000Z')).toEqual([
      '2018-01-02T09:00:00.000Z',
    ]);
    expect(slots('0 9 * * *', 'UTC', '2018-01-02T09:00:00.000Z', '2018-01-02T08:59:00.000Z')).toEqual([]);
  });
});

// Zones with whole-hour, half-hour and 45-minute offsets, southern summers, clocks that change at
// midnight, a 30-minute change (Lord Howe), a 2-hour one (Troll) and a skipped day (Apia, 2011).
const ZONES = [
  'UTC',
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Australia/Lord_Howe',
  'Australia/Sydney',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Antarctica/Troll',
  'Africa/Casablanca',
] as const;

const num = (min: number, max: number) => fc.integer({ min, max }).map(String);

/** One field: *, a value, a range, a stepped range or star, or a list of those. */
function field(
  min: number,
  max: number,
  extra: fc.Arbitrary<string>[] = [],
  starWeight = 2,
): fc.Arbitrary<string> {
  const item = fc.oneof(
    num(min, max),
    fc.tuple(num(min, max), num(min, max)).map(([a, b]) => `${a}-${b}`),
    fc.tuple(num(min, max), num(min, max), num(1, 12)).map(([a, b, s]) => `${a}-${b}/${s}`),
    num(1, 30).map((s) => `*/${s}`),
    ...extra,
  );
  return fc.oneof(
    { weight: starWeight, arbitrary: fc.constant('*') },
    { weight: 3, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }).map((xs) => xs.join(',')) },
  );
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const expression: fc.Arbitrary<string> = fc
  .oneof(
    {
      weight: 9,
      arbitrary: fc
        .tuple(
          fc.option(fc.constantFrom('0', '*/20', '30'), { freq: 8 }),
          field(0, 59),
          field(0, 23),
          field(1, 31, [fc.constantFrom('L', 'LW', '15W', '1W', 'L-3')], 8),
          field(1, 12, [fc.constantFrom(...MONTHS), fc.constantFrom('mar-oct', 'nov-feb')], 8),
          fc.oneof(
            field(
              0,
              7,
              [fc.constantFrom(...DAYS), fc.constantFrom('mon-fri', 'sat-sun', '1#2', '5#3', '0L', '5L')],
              8,
            ),
            fc.constant('?'),
          ),
        )
        .map(([second, ...rest]) => [...(second === null ? [] : [second]), ...rest].join(' ')),
    },
    { weight: 1, arbitrary: fc.constantFrom('@daily', '@weekly', '@hourly', '@monthly') },
  )
  .filter((text) => cron.validate(text));

/** The days around which a zone's offset changes in a year (luxon's reading of the tz data). */
function changesIn(zone: string, year: number): number[] {
  const tz = IANAZone.create(zone);
  const days: number[] = [];
  for (let at = Date.UTC(year, 0, 1); at < Date.UTC(year + 1, 0, 1); at += 86_400_000) {
    if (tz.offset(at) !== tz.offset(at + 86_400_000)) days.push(at);
  }
  return days;
}

/** A window of up to three days starting anywhere in 1995–2040, or just before a clock change. */
const windowIn = (nearChange: fc.Arbitrary<boolean>) =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      year: fc.integer({ min: 1995, max: 2040 }),
      day: fc.integer({ min: 0, max: 364 }),
      nearChange,
      pick: fc.nat(),
      shift: fc.integer({ min: -36 * 60, max: 12 * 60 }),
      minutes: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      jitter: fc.integer({ min: 0, max: 59_999 }),
    })
    .map(({ zone, year, day, nearChange, pick, shift, minutes, jitter }) => {
      const changes = nearChange ? changesIn(zone, year) : [];
      const anchor = changes.length > 0 ? (changes[pick % changes.length] ?? 0) : Date.UTC(year, 0, 1 + day);
      const from = anchor + shift * 60_000 + jitter;
      return { zone, from, to: from + minutes * 60_000 };
    });
const window = windowIn(fc.boolean());

describe('cronSlots against node-cron minute by minute', () => {
  it('finds exactly the minutes node-cron matches, in random expressions, zones and windows', () => {
    fc.assert(
      fc.property(expression, window, (text, { zone, from, to }) => {
        expect(cronSlots(text, zone, from, to).map(iso)).toEqual(minuteScan(text, zone, from, to).map(iso));
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('finds exactly the minutes node-cron matches on the days the clocks change', () => {
    const daily = fc.tuple(field(0, 59), field(0, 23)).map(([minute, hour]) => `${minute} ${hour} * * *`);
    const nearChange = windowIn(fc.constant(true)).filter(({ zone, from, to }) => {
      const tz = IANAZone.create(zone);
      return tz.offset(from) !== tz.offset(to);
    });
    fc.assert(
      fc.property(daily, nearChange, (text, { zone, from, to }) => {
        expect(cronSlots(text, zone, from, to).map(iso)).toEqual(minuteScan(text, zone, from, to).map(iso));
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('agrees across the Apia day that never was (30 December 2011)', () => {
    const from = Date.parse('2011-12-28T00:00Z');
    const to = Date.parse('2011-12-31T23:59Z');
    for (const text of ['0 9 * * *', '30 0 * * *', '0 12 30 * *', '*/30 23 * * *'])
      expect(cronSlots(text, 'Pacific/Apia', from, to)).toEqual(minuteScan(text, 'Pacific/Apia', from, to));
  });
});
