import { createRequire } from 'node:module';
import type * as Chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { TimeInputError } from '../core/errors.js';
import { type EventStart, LOCALES, type Locale } from '../core/types.js';
import { assertZone, parseIsoDate, wallTimeToInstant } from '../core/zone.js';

// chrono-node is loaded when a phrase is first read (an admin adding a launch), not on every
// start: it is some 12 MB and 0.3 s that most runs never use.
let parsers: Map<Locale, Chrono.Chrono> | undefined;
function phraseParsers(): Map<Locale, Chrono.Chrono> {
  if (!parsers) {
    const chrono = createRequire(import.meta.url)('chrono-node') as typeof Chrono;
    // chrono has a parser per language (chrono.fr, chrono.de, …): every language Herald speaks
    // that chrono reads gets its own; the others read English.
    const byLanguage = chrono as unknown as Readonly<Record<string, { casual?: Chrono.Chrono } | undefined>>;
    parsers = new Map(LOCALES.map((l) => [l, byLanguage[l]?.casual ?? chrono.en.casual]));
  }
  return parsers;
}

/**
 * Reads when a launch starts from what a person typed: ISO forms (2027-05-22, 2027-05-22T14:00)
 * or a phrase in en/fr/it ("May 22 2pm", "22 mai 14h", "24 maggio ore 15"), always in `zone`.
 * A day alone gives a date-only start (hour to be announced). Refuses rather than guesses:
 * text it cannot read entirely, numeric dates like 3/4, a time with no day, the past.
 */
export function parseWhen(text: string, zone: string, locale: Locale, now: number): EventStart {
  assertZone(zone);
  const input = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(input))
    return future({ kind: 'date', date: parseIsoDate(input) }, zone, now, input);
  const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2})[:h](\d{2})$/.exec(input);
  if (iso) {
    const [, y, mo, d, h, mi] = iso.map(Number) as [number, number, number, number, number, number];
    return future(
      { kind: 'instant', at: wallTimeToInstant({ year: y, month: mo, day: d, hour: h, minute: mi }, zone) },
      zone,
      now,
      input,
    );
  }
  const numeric = /\b(\d{1,2})[/.](\d{1,2})\b/.exec(input);
  if (numeric && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12 && numeric[1] !== numeric[2]) {
    throw new TimeInputError('time_ambiguous', `"${input}" could be read day-first or month-first`, {
      text: input,
    });
  }
  const normalized = normalize(input);
  const ref = { instant: new Date(now), timezone: DateTime.fromMillis(now, { zone }).offset };
  // The chat's language first, then the others: a French phrase in an English chat still reads.
  const order = [locale, ...LOCALES.filter((l) => l !== locale)];
  const all = phraseParsers();
  const results = order
    .map((l) => all.get(l) ?? all.get('en'))
    .filter((p): p is Chrono.Chrono => p !== undefined)
    .map((p) => p.parse(normalized, ref, { forwardDate: true }));
  const result = results.find((r) => r.length === 1 && covers(normalized, r[0]?.text ?? ''))?.[0];
  if (!result) throw new TimeInputError('time_unparsed', `cannot read "${input}" as a date`, { text: input });
  // "14h" or "in 3 days" are durations from now, not the date of a launch.
  if (result.tags().has('result/relativeDate')) {
    throw new TimeInputError('time_no_date', `"${input}" is a duration, not a date`, { text: input });
  }
  const c = result.start;
  if (!c.isCertain('day'))
    throw new TimeInputError('time_no_date', `"${input}" names no day`, { text: input });
  const year = c.get('year') ?? DateTime.fromMillis(now, { zone }).year;
  const month = c.get('month') ?? 1;
  const day = c.get('day') ?? 1;
  if (!c.isCertain('hour')) {
    const date = DateTime.fromObject({ year, month, day }, { zone });
    if (!date.isValid)
      throw new TimeInputError('time_invalid_date', `"${input}" is not a real date`, { text: input });
    return future({ kind: 'date', date: date.toISODate() ?? '' }, zone, now, input);
  }
  const at = wallTimeToInstant(
    { year, month, day, hour: c.get('hour') ?? 0, minute: c.get('minute') ?? 0 },
    zone,
  );
  return future({ kind: 'instant', at }, zone, now, input);
}

/**
 * Italian "ore 15" and French "15h30" are common ways to write the hour that chrono misses; a
 * leading article ("le", "il", "el", "am") is dropped.
 */
function normalize(text: string): string {
  return text
    .replace(/\bore\s+(\d{1,2})(?:[:.](\d{2}))?\b/gi, (_m, h: string, m?: string) => `alle ${h}:${m ?? '00'}`)
    .replace(/\b(\d{1,2})h(\d{2})\b/gi, '$1:$2')
    .replace(/^(le|il|on|the|el|am)\s+/i, '');
}

/** Whether chrono read the whole phrase (short joining words aside). */
function covers(input: string, parsed: string): boolean {
  const rest = input
    .replace(parsed, ' ')
    .replace(/[\s,.]+/g, ' ')
    .trim()
    .toLowerCase();
  return rest === '' || /^(le|il|on|the|at|à|a|alle|ore|el|a las|a la|am|um)$/.test(rest);
}

function future(start: EventStart, zone: string, now: number, input: string): EventStart {
  const end =
    start.kind === 'instant' ? start.at : DateTime.fromISO(start.date, { zone }).endOf('day').toMillis();
  if (end < now) throw new TimeInputError('time_past', `"${input}" is in the past`, { text: input });
  return start;
}
