import { createHash } from 'node:crypto';

/** Ids are at most 48 characters (config/schema.ts LIMITS.id). */
const MAX_ID = 48;
/** An occurrence's suffix, at its longest: `-20260522t1400`. */
const OCCURRENCE_SUFFIX = 14;

/** Lower-case letters, digits, `-` and `_`: what an id or a tag may hold. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

/**
 * A UID as the start of an id: its slug when short enough, else the part before its `@` when
 * that is, else the slug's start and eight
 * characters of a hash of the whole UID (Outlook's UIDs are a hundred hex digits that differ
 * only at the end, so cutting them would make every event the same id).
 */
export function uidSlug(uid: string, max: number): string {
  const base = slug(uid) || 'event';
  if (base.length <= max) return base;
  // `<random>@google.com`, `<uuid>@icloud.com`: the part before the @ is unique on its own.
  const local = slug(uid.split('@')[0] ?? '');
  if (uid.includes('@') && local.length >= 16 && local.length <= max) return local;
  const hash = createHash('sha256').update(uid).digest('hex').slice(0, 8);
  return `${base.slice(0, max - 9).replace(/[-_]+$/, '')}-${hash}`;
}

/** The id of a single (non-recurring) event: its UID's slug. */
export function eventId(uid: string): string {
  return uidSlug(uid, MAX_ID);
}

/**
 * The id of one occurrence of a series: the UID's slug and the day the occurrence was planned
 * for by the series (its RECURRENCE-ID), `-20260522`; with the hour too (`-20260522t1400`)
 * when the series may have several occurrences a day. Moving one occurrence (an override)
 * keeps its id: its followers hear that it moved.
 */
export function occurrenceId(
  uid: string,
  wall: { year: number; month: number; day: number; hour?: number; minute?: number },
  withTime: boolean,
): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${wall.year}${pad(wall.month)}${pad(wall.day)}`;
  const time = withTime ? `t${pad(wall.hour ?? 0)}${pad(wall.minute ?? 0)}` : '';
  return `${uidSlug(uid, MAX_ID - OCCURRENCE_SUFFIX)}-${date}${time}`;
}
