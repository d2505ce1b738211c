import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { foldLines } from '../../src/http/feeds/ics.js';
import { observances, utcOffset, vtimezone } from '../../src/http/feeds/vtimezone.js';

const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'America/Sao_Paulo',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Asia/Tokyo',
];

/** The offset (minutes) a reader of the observances finds in force at an instant. */
function offsetFromObservances(list: ReturnType<typeof observances>, at: number): number | undefined {
  let found: number | undefined;
  for (const o of list) if (o.at <= at) found = o.to;
  return found;
}

describe('vtimezone', () => {
  it('gives, at any instant of its years, the offset the runtime’s zone data gives', () => {
    const lists = new Map(ZONES.map((zone) => [zone, observances(zone, 2016, 2031)]));
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2016, 0, 1), max: Date.UTC(2031, 11, 31, 23, 59) }),
        (zone, at) => {
          expect(offsetFromObservances(lists.get(zone) ?? [], at)).toBe(IANAZone.create(zone).offset(at));
        },
      ),
      { numRuns: 2000 },
    );
    // And exactly at each transition, and the second before it.
    for (const [zone, list] of lists) {
      for (const o of list.slice(1)) {
        expect(IANAZone.create(zone).offset(o.at)).toBe(o.to);
        expect(IANAZone.create(zone).offset(o.at - 1000)).toBe(o.from);
      }
    }
  });

  it('writes each transition at its local onset with the offsets on both sides', () => {
    const text = vtimezone('Europe/Paris', 2030, 2030);
    expect(text).toContain(
      [
        'BEGIN:DAYLIGHT',
        'DTSTART:20300331T020000',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'TZNAME:CEST',
        'END:DAYLIGHT',
      ].join('\r\n'),
    );
    expect(text).toContain(
      ['BEGIN:STANDARD', 'DTSTART:20301027T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100'].join('\r\n'),
    );
    // Lord Howe moves by half an hour; Kathmandu is 5:45 ahead and never moves.
    expect(vtimezone('Australia/Lord_Howe', 2030, 2030)).toContain('TZOFFSETFROM:+1100\r\nTZOFFSETTO:+1030');
    const kathmandu = vtimezone('Asia/Kathmandu', 2030, 2030);
    expect(kathmandu.match(/BEGIN:STANDARD/g)).toHaveLength(1);
    expect(kathmandu).toContain('TZOFFSETTO:+0545');
    expect(kathmandu).not.toContain('DAYLIGHT');
  });

  it('writes UTC offsets as RFC 5545 wants them', () => {
    expect(utcOffset(0)).toBe('+0000');
    expect(utcOffset(-0)).toBe('+0000');
    expect(utcOffset(-300)).toBe('-0500');
    expect(utcOffset(345)).toBe('+0545');
    expect(utcOffset(9 + 21 / 60)).toBe('+000921');
  });
});

describe('foldLines', () => {
  const octets = (line: string) => Buffer.byteLength(line, 'utf8');
  const unfold = (text: string) => text.replace(/\r\n /g, '');

  it('keeps every line within 75 octets, never splits a character, and unfolds to the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { minLength: 1, maxLength: 5 }),
        (lines) => {
          // Content lines: no line break inside, none begins with a space (that is a folded line).
          const text = lines.map((l) => l.replace(/[\r\n]/g, '').replace(/^ +/, '')).join('\r\n');
          const folded = foldLines(text);
          for (const line of folded.split('\r\n')) {
            expect(octets(line)).toBeLessThanOrEqual(75);
            // A surrogate pair is one character: never cut in two.
            expect(line).not.toMatch(/[\uD800-\uDBFF]$/);
          }
          expect(unfold(folded)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves short lines alone', () => {
    expect(foldLines('SUMMARY:Lancement du Mi 8\r\nEND:VEVENT')).toBe(
      'SUMMARY:Lancement du Mi 8\r\nEND:VEVENT',
    );
    const long = `DESCRIPTION:${'é'.repeat(40)}`;
    expect(foldLines(long).split('\r\n').map(octets)).toEqual([74, 19]);
  });
});
