import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type IcsReadOptions, parseIcs } from '../../src/calendar/ics/parse.js';
import { ianaZoneOf } from '../../src/calendar/ics/zones.js';

const fixture = (name: string) => readFileSync(new URL(`./ics-fixtures/${name}`, import.meta.url), 'utf8');

const NOW = Date.parse('2026-05-01T00:00:00Z');
const options = (over: Partial<IcsReadOptions> = {}): IcsReadOptions => ({
  source: 'test',
  defaultZone: 'Europe/Rome',
  now: NOW,
  until: Date.parse('2027-05-01T00:00:00Z'),
  ...over,
});

/** A calendar around some VEVENT lines, CRLF as exported. */
function ics(...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n');
}

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());
const startOf = (e: { start: { kind: string; at?: number; date?: string } }) =>
  e.start.kind === 'instant' ? iso(e.start.at) : e.start.date;

describe('reading an Outlook export', () => {
  const calendar = parseIcs(fixture('outlook-export.ics'), options());
  const series = calendar.events.filter((e) => e.title.en?.startsWith('Mi 11 weekly drop'));

  it('maps Windows zone names to IANA zones and keeps each DTEND', () => {
    expect(calendar.issues).toEqual([]);
    const uk = calendar.events.find((e) => e.title.en === 'Mi 11 UK launch');
    // 18:00 "GMT Standard Time" in June is 18:00 London summer time.
    expect(uk).toMatchObject({ zone: 'Europe/London', city: 'London' });
    expect([startOf(uk as never), iso(uk?.end)]).toEqual([
      '2026-06-10T17:00:00.000Z',
      '2026-06-10T18:00:00.000Z',
    ]);
    expect(series[0]).toMatchObject({ zone: 'Europe/Berlin', city: 'Berlin' });
  });

  it('expands the weekly RRULE, leaves out the EXDATE and applies the RECURRENCE-ID override', () => {
    expect(series.map((e) => [e.id.slice(-8), startOf(e), iso(e.end), e.title.en])).toEqual([
      ['20260505', '2026-05-05T08:00:00.000Z', '2026-05-05T08:30:00.000Z', 'Mi 11 weekly drop'],
      ['20260512', '2026-05-12T08:00:00.000Z', '2026-05-12T08:30:00.000Z', 'Mi 11 weekly drop'],
      // 19 May is an EXDATE; 26 May moved to Wednesday 27 at 11:30, keeping its id.
      [
        '20260526',
        '2026-05-27T09:30:00.000Z',
        '2026-05-27T10:00:00.000Z',
        'Mi 11 weekly drop (moved to Wednesday)',
      ],
      ['20260602', '2026-06-02T08:00:00.000Z', '2026-06-02T08:30:00.000Z', 'Mi 11 weekly drop'],
      ['20260609', '2026-06-09T08:00:00.000Z', '2026-06-09T08:30:00.000Z', 'Mi 11 weekly drop'],
    ]);
    expect(series.every((e) => e.imported.series === true)).toBe(true);
  });

  it('reads folded lines whole: the long UIDs and the description', () => {
    const uids = new Set(calendar.events.map((e) => e.imported.uid));
    expect(uids).toContain(
      '040000008200E00074C5B7101A82E00800000000D0A1C6D3E1C9DC01000000000000000010000000E3B4F1A2D5C6B84A9F0E1D2C3B4A5968',
    );
    expect(series[0]?.description.en).toBe(
      'Weekly launch stand-up for the Mi 11 campaign. Agenda: stock, pricing, partner channels (UK, Sweden, Ireland).\n\nJoin the call from the usual room.',
    );
    // Outlook UIDs differ only at their end: each event still gets its own id, within 48 characters.
    const ids = calendar.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.length <= 48 && /^[a-z0-9][a-z0-9_-]*$/.test(id))).toBe(true);
  });

  it('puts an all-day event in the configured default zone, with its categories as tags', () => {
    const sweden = calendar.events.find((e) => e.title.en === 'Mi 11 on sale in Sweden');
    expect(sweden).toMatchObject({
      start: { kind: 'date', date: '2026-06-01' },
      zone: 'Europe/Rome',
      tags: ['launch', 'sweden'],
    });
    // DTEND (exclusive) is kept: midnight after the day, in that zone.
    expect(iso(sweden?.end)).toBe('2026-06-01T22:00:00.000Z');
  });
});

describe('reading a Google Calendar export', () => {
  const calendar = parseIcs(fixture('google-export.ics'), options());
  const byTitle = (title: string) => calendar.events.filter((e) => e.title.en === title);

  it('reads UTC times and all-day events in the calendar zone (X-WR-TIMEZONE)', () => {
    expect(calendar.issues).toEqual([]);
    expect(calendar.zone).toBe('Europe/Paris');
    const france = byTitle('Mi 11 launch — France')[0];
    expect(france).toMatchObject({
      id: '7hq2ejv1a0r9c4m8s6k3d5f1g2-google-com',
      zone: 'Europe/Paris',
      city: 'Espace Grande Arche, Paris',
      links: [{ label: 'Link', url: 'https://example.com/mi11-fr' }],
      description: { en: 'Keynote and hands-on.\nDoors open at 13:30.' },
    });
    expect([startOf(france as never), iso(france?.end)]).toEqual([
      '2026-05-22T12:00:00.000Z',
      '2026-05-22T14:00:00.000Z',
    ]);
    const popUp = byTitle('Mi 11 pop-up store, Milan')[0];
    expect(popUp).toMatchObject({ start: { kind: 'date', date: '2026-05-24' }, zone: 'Europe/Paris' });
    expect(iso(popUp?.end)).toBe('2026-05-25T22:00:00.000Z');
  });

  it('keeps a weekly series at 19:00 Paris across the clock change, with its EXDATE and override', () => {
    const stream = calendar.events.filter((e) => e.imported.uid.startsWith('3k1v0b9'));
    expect(stream.map((e) => [e.id, startOf(e), e.title.en])).toEqual([
      ['3k1v0b9lq5e7d8m2n4p6r8t0v2-20261013', '2026-10-13T17:00:00.000Z', 'Mi drop live stream'],
      [
        '3k1v0b9lq5e7d8m2n4p6r8t0v2-20261027',
        '2026-10-27T20:00:00.000Z',
        'Mi drop live stream (late edition)',
      ],
      ['3k1v0b9lq5e7d8m2n4p6r8t0v2-20261103', '2026-11-03T18:00:00.000Z', 'Mi drop live stream'],
    ]);
    expect(stream[1]?.description.en).toBe('Later this week: the Italian team joins.');
  });

  it('leaves out what is over', () => {
    expect(calendar.past).toBe(1);
    expect(byTitle('Mi 10 anniversary (past)')).toEqual([]);
  });

  it('gives the same ids and hashes when read again later (re-importing changes nothing)', () => {
    const later = parseIcs(fixture('google-export.ics'), options({ now: NOW + 86_400_000 }));
    expect(later.events.map((e) => [e.id, e.imported.hash])).toEqual(
      calendar.events.map((e) => [e.id, e.imported.hash]),
    );
  });
});

describe('times and windows', () => {
  it('reads a floating time in the configured default zone, not UTC', () => {
    const { events } = parseIcs(
      ics('BEGIN:VEVENT', 'UID:float-1', 'SUMMARY:Floating', 'DTSTART:20260522T140000', 'END:VEVENT'),
      options(),
    );
    expect(events[0]).toMatchObject({
      id: 'float-1',
      zone: 'Europe/Rome',
      start: { kind: 'instant', at: Date.parse('2026-05-22T12:00:00Z') },
    });
  });

  it("reads floating times and all-day events in the import's own zone when it has one", () => {
    const { events } = parseIcs(
      ics('BEGIN:VEVENT', 'UID:day-1', 'SUMMARY:Day', 'DTSTART;VALUE=DATE:20260522', 'END:VEVENT'),
      options({ zone: 'Asia/Hong_Kong' }),
    );
    expect(events[0]).toMatchObject({ zone: 'Asia/Hong_Kong', start: { kind: 'date', date: '2026-05-22' } });
  });

  it('expands an endless series from now to the end of the window, one id per day', () => {
    const { events } = parseIcs(
      ics(
        'BEGIN:VEVENT',
        'UID:weekly@example.com',
        'SUMMARY:Weekly',
        'DTSTART;TZID=Europe/Madrid:20250106T100000',
        'RRULE:FREQ=WEEKLY',
        'END:VEVENT',
      ),
      options({ now: Date.parse('2026-05-01T00:00:00Z'), until: Date.parse('2026-06-01T00:00:00Z') }),
    );
    expect(events.map((e) => e.id)).toEqual([
      'weekly-example-com-20260504',
      'weekly-example-com-20260511',
      'weekly-example-com-20260518',
      'weekly-example-com-20260525',
    ]);
  });

  it('adds RDATEs, and names occurrences by the hour when a rule gives several a day', () => {
    const { events } = parseIcs(
      ics(
        'BEGIN:VEVENT',
        'UID:twice',
        'SUMMARY:Twice a day',
        'DTSTART:20260510T090000Z',
        'RRULE:FREQ=DAILY;COUNT=2;BYHOUR=9,15',
        'RDATE:20260520T120000Z',
        'END:VEVENT',
      ),
      options(),
    );
    expect(events.map((e) => [e.id, startOf(e)])).toEqual([
      ['twice-20260510t0900', '2026-05-10T09:00:00.000Z'],
      ['twice-20260510t1500', '2026-05-10T15:00:00.000Z'],
      ['twice-20260520t1200', '2026-05-20T12:00:00.000Z'],
    ]);
  });

  it('reads a zone only the file defines (VTIMEZONE) from its definition', () => {
    const { events, issues } = parseIcs(
      ics(
        'BEGIN:VTIMEZONE',
        'TZID:(UTC+01:00) Amsterdam\\, Berlin',
        'BEGIN:STANDARD',
        'DTSTART:16011028T030000',
        'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'END:STANDARD',
        'BEGIN:DAYLIGHT',
        'DTSTART:16010325T020000',
        'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'END:DAYLIGHT',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'UID:custom',
        'SUMMARY:Custom zone',
        'DTSTART;TZID="(UTC+01:00) Amsterdam\\, Berlin":20260722T140000',
        'END:VEVENT',
      ),
      options(),
    );
    expect(issues).toEqual([]);
    expect(events[0]?.start).toEqual({ kind: 'instant', at: Date.parse('2026-07-22T12:00:00Z') });
  });

  it('maps Windows zone names through CLDR, and strips vendor prefixes', () => {
    expect(ianaZoneOf('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(ianaZoneOf('Romance Standard Time')).toBe('Europe/Paris');
    expect(ianaZoneOf('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(ianaZoneOf('/mozilla.org/20050126_1/Europe/Berlin')).toBe('Europe/Berlin');
    expect(ianaZoneOf('Europe/Stockholm')).toBe('Europe/Stockholm');
    expect(ianaZoneOf('Mars Standard Time')).toBeUndefined();
  });
});

describe('errors name their real line and a fix', () => {
  const issuesOf = (text: string) => parseIcs(text, options()).issues;

  it('a VEVENT without SUMMARY is an error at its line, not an event titled by its id', () => {
    const issues = issuesOf(ics('BEGIN:VEVENT', 'UID:no-title', 'DTSTART:20260522T140000Z', 'END:VEVENT'));
    expect(issues).toEqual([
      expect.objectContaining({
        line: 4,
        path: 'VEVENT',
        message: 'has no SUMMARY (the launch title)',
        fix: expect.stringContaining('SUMMARY:'),
      }),
    ]);
  });

  it('refuses a series too frequent to import, and two occurrences in one minute, instead of cutting them short', () => {
    const secondly = issuesOf(
      ics(
        'BEGIN:VEVENT',
        'UID:inf',
        'SUMMARY:Every second',
        'DTSTART:20270301T100000Z',
        'RRULE:FREQ=SECONDLY',
        'END:VEVENT',
      ),
    );
    expect(secondly).toEqual([
      expect.objectContaining({
        line: 8,
        path: 'VEVENT.RRULE',
        message: expect.stringContaining('more than'),
      }),
    ]);
    const sameMinute = issuesOf(
      ics(
        'BEGIN:VEVENT',
        'UID:twice',
        'SUMMARY:Twice',
        'DTSTART:20270301T100000Z',
        'RDATE:20270301T100010Z,20270301T100020Z',
        'END:VEVENT',
      ),
    );
    expect(sameMinute).toEqual([
      expect.objectContaining({ message: expect.stringContaining('same minute') }),
    ]);
  });

  it('counts physical lines across folded ones', () => {
    const issues = issuesOf(
      ics(
        'BEGIN:VEVENT',
        'UID:folded',
        'SUMMARY:A title that Outlook folded because it is long enough to need more',
        '  than one line, and then some',
        'DESCRIPTION:Also',
        ' folded',
        'DTSTART:20261345T140000',
        'END:VEVENT',
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        line: 10,
        path: 'VEVENT.DTSTART',
        value: '20261345T140000',
        message: 'has month 13',
      }),
    ]);
  });

  it('names an unknown zone, a bad rule, DTEND before DTSTART and a duplicate UID', () => {
    const issues = issuesOf(
      ics(
        'BEGIN:VEVENT',
        'UID:a',
        'SUMMARY:A',
        'DTSTART;TZID=Mars/Olympus:20260522T140000',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:b',
        'SUMMARY:B',
        'DTSTART:20260522T140000Z',
        'RRULE:FREQ=WEEKLY;BYDAY=XX',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:c',
        'SUMMARY:C',
        'DTSTART:20260522T140000Z',
        'DTEND:20260522T120000Z',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:c',
        'SUMMARY:C again',
        'DTSTART:20260523T140000Z',
        'END:VEVENT',
      ),
    );
    // The rule is checked first (ical.js would refuse the whole file without a line).
    expect(issues).toEqual([
      expect.objectContaining({
        line: 13,
        path: 'VEVENT.RRULE',
        message: expect.stringContaining('is not a recurrence rule'),
      }),
    ]);
    const rest = issuesOf(
      ics(
        'BEGIN:VEVENT',
        'UID:a',
        'SUMMARY:A',
        'DTSTART;TZID=Mars/Olympus:20260522T140000',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:c',
        'SUMMARY:C',
        'DTSTART:20260522T140000Z',
        'DTEND:20260522T120000Z',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:c',
        'SUMMARY:C again',
        'DTSTART:20260523T140000Z',
        'END:VEVENT',
      ),
    );
    expect(rest.map((i) => [i.line, i.path, i.message])).toEqual([
      [15, 'VEVENT.UID', 'is also the UID of the event at line 9'],
      [7, 'VEVENT.DTSTART', expect.stringContaining('names the time zone "Mars/Olympus"')],
      [13, 'VEVENT.DTEND', 'is before DTSTART'],
    ]);
    expect(rest[1]?.fix).toContain('W. Europe Standard Time');
  });

  it('finds a component never closed, a line without a colon, and a text that is no calendar', () => {
    expect(issuesOf('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:cut\r\n')).toEqual([
      expect.objectContaining({
        line: 2,
        message: expect.stringContaining('is never closed'),
        fix: expect.stringContaining('cut short'),
      }),
    ]);
    expect(issuesOf(ics('BEGIN:VEVENT', 'UID x', 'END:VEVENT'))).toEqual([
      expect.objectContaining({ line: 5, value: 'UID x', message: expect.stringContaining('no ":"') }),
    ]);
    expect(issuesOf('<!DOCTYPE html>\n<html><body>Sign in</body></html>\n')).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringContaining('not an iCalendar file') }),
    ]);
    expect(issuesOf('')).toEqual([expect.objectContaining({ message: 'is empty' })]);
  });
});
