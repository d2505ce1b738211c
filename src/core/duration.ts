import { TimeInputError } from './errors.js';

/** A non-negative duration written with one unit: `30d`, `12h`, `15m`, `45s`, `2w`, or `0`. */
export interface Duration {
  readonly amount: number;
  readonly unit: 's' | 'm' | 'h' | 'd' | 'w';
  /** Canonical label, e.g. `7d`; used in ledger keys. */
  readonly label: string;
}

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const PATTERN = /^(\d{1,6})\s*([smhdw])$/;

export function parseDuration(text: string): Duration {
  const trimmed = text.trim();
  if (trimmed === '0') return { amount: 0, unit: 's', label: '0' };
  const match = PATTERN.exec(trimmed);
  if (!match) {
    throw new TimeInputError(
      'duration_invalid',
      `"${text}" is not a duration`,
      { value: text },
      'write a whole number and one unit: s, m, h, d or w (for example 30d, 12h, 15m, 0)',
    );
  }
  const amount = Number(match[1]);
  const unit = match[2] as Duration['unit'];
  if (amount === 0) return { amount: 0, unit: 's', label: '0' };
  return { amount, unit, label: `${amount}${unit}` };
}

/** Whether a duration is counted on the calendar (days, weeks) rather than on the clock. */
export function isCalendarDuration(d: Duration): boolean {
  return d.unit === 'd' || d.unit === 'w';
}

export function durationMs(d: Duration): number {
  return d.amount * UNIT_MS[d.unit];
}

/** Days in a calendar duration (weeks count 7). */
export function durationDays(d: Duration): number {
  return d.unit === 'w' ? d.amount * 7 : d.unit === 'd' ? d.amount : 0;
}
