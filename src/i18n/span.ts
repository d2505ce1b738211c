export type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w';

/**
 * A length of time in words ("2 days and 4 hours", "1 giorno"), with the number in front of its
 * first unit: a template needs it for agreement ("manca 1 giorno" / "mancano 2 giorni").
 */
export class Span {
  constructor(
    readonly text: string,
    readonly n: number,
  ) {}

  toString(): string {
    return this.text;
  }
}

const CLDR_UNIT: Record<DurationUnit, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
};

const unitFormats = new Map<string, Intl.NumberFormat>();

/** "3 days", "1 heure", "15 minuti", "2 Wochen": CLDR's long unit names through Intl.NumberFormat. */
export function cldrUnit(cldr: string, n: number, unit: DurationUnit): string {
  const key = `${cldr}|${unit}`;
  let format = unitFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(cldr, { style: 'unit', unit: CLDR_UNIT[unit], unitDisplay: 'long' });
    unitFormats.set(key, format);
  }
  return format.format(n);
}

const listFormats = new Map<string, Intl.ListFormat>();

/** "2 days and 4 hours", "2 jours et 4 heures", "2 días y 4 horas": CLDR's list patterns. */
export function cldrList(
  cldr: string,
  parts: readonly string[],
  type: 'conjunction' | 'disjunction',
): string {
  const key = `${cldr}|${type}`;
  let format = listFormats.get(key);
  if (!format) {
    format = new Intl.ListFormat(cldr, { type, style: 'long' });
    listFormats.set(key, format);
  }
  return format.format(parts);
}
