import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zoneNamed } from '../../src/core/zone.js';

const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'Australia/Lord_Howe', // half-hour DST
  'Asia/Kathmandu', // +05:45
  'Pacific/Chatham', // +12:45 / +13:45
  'America/St_Johns', // -03:30
  'Africa/Casablanca', // DST suspended each Ramadan
  'Pacific/Apia', // skipped a whole day in 2011
];

describe('zones that remember their offsets', () => {
  it('give luxon exactly the offsets it computes itself, transitions included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, at) => {
          const plain = new IANAZone(zone);
          // The instant, and the minutes around it, asked in a random order of buckets.
          for (const ts of [at, at - 60_000, at + 60_000, at - 1, at + 1])
            expect(zoneNamed(zone).offset(ts)).toBe(plain.offset(ts));
        },
      ),
      { numRuns: 3_000, seed: 20261201 },
    );
  });

  it('across the spring change in Paris and the half-hour change at Lord Howe, minute by minute', () => {
    for (const [zone, from] of [
      ['Europe/Paris', Date.UTC(2026, 2, 29, 0)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 14)],
    ] as const) {
      const plain = new IANAZone(zone);
      for (let ts = from; ts < from + 3 * 3_600_000; ts += 60_000)
        expect(zoneNamed(zone).offset(ts)).toBe(plain.offset(ts));
    }
    expect(DateTime.fromMillis(Date.UTC(2026, 2, 29, 1), { zone: zoneNamed('Europe/Paris') }).toISO()).toBe(
      '2026-03-29T03:00:00.000+02:00',
    );
  });

  it('an unknown zone stays invalid', () => {
    expect(zoneNamed('Mars/Olympus').isValid).toBe(false);
    expect(Number.isNaN(zoneNamed('Mars/Olympus').offset(0))).toBe(true);
  });
});
