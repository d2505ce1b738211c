import { DateTime } from 'luxon';
import type { Locale } from '../../core/types.js';
import type { Run } from './render.js';

/**
 * A Telegram date-time entity's format (Bot API 9.5, "Date-time entity formatting"): `r` for
 * a time relative to now, else any of `w` (weekday), `d`/`D` (short/long date), `t`/`T`
 * (short/long time), in that order; each reader's app shows it in their own zone and language.
 */
export type DateTimeFormat = 'r' | `${'w' | ''}${'d' | 'D' | ''}${'t' | 'T' | ''}`;

/** Weekday, long date, short time: "Tuesday, 22 May 2018, 14:00" in the reader's zone. */
export const ABSOLUTE: DateTimeFormat = 'wDt';
/** "in 3 hours", kept up to date by the reader's app. */
export const RELATIVE: DateTimeFormat = 'r';

/**
 * A `<tg-time>` run (HTML style of the `date_time` entity). `text` is what an app too old
 * for the entity shows instead; it is escaped like any text, and never cut in two.
 */
export function dateTimeRun(at: number, format: DateTimeFormat, text: string): Run {
  return {
    text,
    open: `<tg-time unix="${Math.floor(at / 1000)}" format="${format}">`,
    close: '</tg-time>',
    atomic: true,
  };
}

/**
 * "🕒 <the reader's own date and time> · <in 3 days>": two date-time entities on one line.
 * Apps that cannot show them show the instant in UTC, in the message's language.
 */
export function readerTimeRuns(at: number, locale: Locale): Run[] {
  const utc = DateTime.fromMillis(at, { zone: 'utc', locale });
  return [
    { text: '🕒 ', open: '', close: '' },
    dateTimeRun(at, ABSOLUTE, `${utc.toFormat('ccc d LLL yyyy, HH:mm')} UTC`),
    { text: ' · ', open: '', close: '' },
    dateTimeRun(at, RELATIVE, `${utc.toFormat('HH:mm')} UTC`),
  ];
}
