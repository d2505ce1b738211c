import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/core/duration.js';
import { TimeInputError } from '../../src/core/errors.js';
import { wallTimeToInstant } from '../../src/core/zone.js';
import { catalog } from '../../src/i18n/index.js';
import { formatRemaining, formatStart } from '../../src/messages/format-time.js';

describe('durations', () => {
  it('reads one unit and refuses the rest', () => {
    expect(['30d', '12h', '15m', '45s', '2w', '0'].map((t) => parseDuration(t).label)).toEqual([
      '30d',
      '12h',
      '15m',
      '45s',
      '2w',
      '0',
    ]);
    for (const bad of ['-1d', '1x', '1.5h', '', 'd', '1d2h'])
      expect(() => parseDuration(bad)).toThrow(TimeInputError);
  });
});

describe('wall time in a zone', () => {
  it('knows both example zones across the clock changes', () => {
    expect(wallTimeToInstant({ year: 2018, month: 5, day: 22, hour: 14, minute: 0 }, 'Europe/Paris')).toBe(
      Date.parse('2018-05-22T12:00:00Z'),
    );
    expect(wallTimeToInstant({ year: 2018, month: 1, day: 24, hour: 15, minute: 0 }, 'Europe/Rome')).toBe(
      Date.parse('2018-01-24T14:00:00Z'),
    );
    // 02:30 on 28 October 2018 happens twice in Rome; the first (summer time) is taken.
    expect(wallTimeToInstant({ year: 2018, month: 10, day: 28, hour: 2, minute: 30 }, 'Europe/Rome')).toBe(
      Date.parse('2018-10-28T00:30:00Z'),
    );
    expect(() =>
      wallTimeToInstant({ year: 2018, month: 3, day: 25, hour: 2, minute: 30 }, 'Europe/Rome'),
    ).toThrow(/does not exist in Europe\/Rome/);
  });
});

const en = catalog('en');
const fr = catalog('fr');
const italian = catalog('it');

describe('time in words', () => {
  it('uses each language’s plurals', () => {
    expect(
      [
        en.unit(1, 'd'),
        en.unit(3, 'd'),
        fr.unit(1, 'd'),
        fr.unit(3, 'd'),
        italian.unit(1, 'd'),
        italian.unit(3, 'd'),
      ].map(String),
    ).toEqual(['1 day', '3 days', 'un jour', '3 jours', '1 giorno', '3 giorni']);
    expect(formatRemaining(fr, (2 * 24 + 4) * 3_600_000).text).toBe('2 jours et 4 heures');
    expect(formatRemaining(italian, 61 * 60_000).text).toBe('1 ora e 1 minuto');
    expect(formatRemaining(en, 15 * 60_000).text).toBe('15 minutes');
  });

  it('shows the venue’s local time with its place, in the locale’s own date format', () => {
    const start = { kind: 'instant' as const, at: Date.parse('2018-05-22T12:00:00Z') };
    expect(formatStart(fr, start, 'Europe/Paris', 'Paris')).toBe('mardi 22 mai 2018 à 14:00, heure de Paris');
    expect(
      formatStart(
        italian,
        { kind: 'instant', at: Date.parse('2018-05-24T13:00:00Z') },
        'Europe/Rome',
        'Milano',
      ),
    ).toBe('giovedì 24 maggio 2018 alle 15:00, ora di Milano');
    expect(formatStart(en, start, 'Europe/Paris', undefined)).toBe('Tuesday, 22 May 2018, 14:00 Paris time');
    expect(formatStart(italian, { kind: 'date', date: '2018-05-24' }, 'Europe/Rome', 'Milano')).toBe(
      'giovedì 24 maggio 2018 (orario da confermare)',
    );
  });
});
