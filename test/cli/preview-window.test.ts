import { describe, expect, it } from 'vitest';
import { PreviewWindowError, previewWindow } from '../../src/cli/preview.js';
import { TimeInputError } from '../../src/core/errors.js';

const ZONE = 'Europe/Paris';
const iso = (w: { from: number; to: number }) => [
  new Date(w.from).toISOString(),
  new Date(w.to).toISOString(),
];

function failure(from: string, to: string): { message: string; fix: string | undefined; type: string } {
  try {
    previewWindow(from, to, ZONE);
  } catch (error) {
    const e = error as Error & { fix?: string };
    return { message: e.message, fix: e.fix, type: e.constructor.name };
  }
  throw new Error(`${from} → ${to} was accepted`);
}

describe('herald preview’s window', () => {
  it('takes a date alone as the whole day in the default zone: from its first instant to its last', () => {
    expect(iso(previewWindow('2018-05-22', '2018-05-22', ZONE))).toEqual([
      '2018-05-21T22:00:00.000Z',
      '2018-05-22T21:59:59.999Z',
    ]);
    // The day the clocks go forward has 23 hours.
    expect(iso(previewWindow('2018-03-25', '2018-03-25', ZONE))).toEqual([
      '2018-03-24T23:00:00.000Z',
      '2018-03-25T21:59:59.999Z',
    ]);
    // Dates and times mix; an ISO instant keeps its own offset.
    expect(iso(previewWindow('2018-05-22T14:00', '2018-05-23T00:00Z', ZONE))).toEqual([
      '2018-05-22T12:00:00.000Z',
      '2018-05-23T00:00:00.000Z',
    ]);
  });

  it('refuses a reversed window, saying so and how to fix it', () => {
    expect(failure('2018-06-01', '2018-05-01')).toEqual({
      type: PreviewWindowError.name,
      message:
        'the window is reversed: --from 2018-06-01 (2018-05-31T22:00:00.000Z) is after --to 2018-05-01 (2018-05-01T21:59:59.999Z)',
      fix: 'swap them: --from 2018-05-01 --to 2018-06-01',
    });
  });

  it('says which part of a date is wrong: a month that does not exist, or a day past the month’s end', () => {
    expect(failure('2018-13-01', '2018-12-31')).toEqual({
      type: TimeInputError.name,
      message: '2018-13-01 is not a real date: there is no month 13',
      fix: 'write the month as 01 to 12 (YYYY-MM-DD)',
    });
    expect(failure('2018-05-01', '2018-06-31T10:00')).toMatchObject({
      message: '2018-06-31 is not a real date: June 2018 has 30 days',
      fix: 'pick a day from 01 to 30',
    });
    expect(failure('2019-02-29', '2019-03-01')).toMatchObject({
      message: '2019-02-29 is not a real date: February 2019 has 28 days',
    });
    expect(failure('2018-05-01T24:30', '2018-05-02')).toMatchObject({
      message: '2018-05-01 24:30 is not a real time of day',
    });
  });
});
