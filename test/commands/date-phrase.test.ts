import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/commands/date-phrase.js';
import { TimeInputError } from '../../src/core/errors.js';

const now = Date.parse('2026-11-26T12:00:00Z');
const when = (text: string, zone = 'Europe/Paris', locale: 'en' | 'fr' | 'it' = 'fr') =>
  parseWhen(text, zone, locale, now);
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof TimeInputError) return error.code;
    throw error;
  }
  return 'ok';
};

describe('parseWhen', () => {
  it('reads ISO forms in the given zone', () => {
    expect(when('2027-05-22T14:00')).toEqual({ kind: 'instant', at: Date.parse('2027-05-22T12:00:00Z') });
    expect(when('2027-05-22')).toEqual({ kind: 'date', date: '2027-05-22' });
  });

  it('reads natural phrases in French, Italian and English, in the chat zone', () => {
    expect(when('22 mai 14h')).toEqual({ kind: 'instant', at: Date.parse('2027-05-22T12:00:00Z') });
    expect(when('le 22 mai 2027 à 14h30')).toEqual({
      kind: 'instant',
      at: Date.parse('2027-05-22T12:30:00Z'),
    });
    expect(when('24 maggio ore 15', 'Europe/Rome', 'it')).toEqual({
      kind: 'instant',
      at: Date.parse('2027-05-24T13:00:00Z'),
    });
    expect(when('May 22 at 2pm', 'America/New_York', 'en')).toEqual({
      kind: 'instant',
      at: Date.parse('2027-05-22T18:00:00Z'),
    });
    expect(when('22 mai')).toEqual({ kind: 'date', date: '2027-05-22' });
  });

  it('explains instead of guessing', () => {
    expect(code(() => when('3/4 14h'))).toBe('time_ambiguous');
    expect(code(() => when('14h'))).toBe('time_no_date');
    expect(code(() => when('in 3 days', 'UTC', 'en'))).toBe('time_no_date');
    expect(code(() => when('22 mai 2020'))).toBe('time_past');
    expect(code(() => when('banane'))).toBe('time_unparsed');
    expect(code(() => when('22 mai 14h et des poussières'))).toBe('time_unparsed');
    expect(code(() => when('2027-03-28T02:30'))).toBe('time_in_gap');
    expect(code(() => when('2027-06-31'))).toBe('time_invalid_date');
    expect(code(() => when('2027-05-22T14:00', 'Mars/Base'))).toBe('time_unknown_zone');
  });
});
