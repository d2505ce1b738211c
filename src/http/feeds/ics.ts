import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import { sequenceOf } from '../../calendar/changes.js';
import { eventSpan } from '../../calendar/event-span.js';
import { type LaunchEvent, type Locale, localized } from '../../core/types.js';
import { zoneNamed } from '../../core/zone.js';
import { catalog } from '../../i18n/index.js';
import { formatStart } from '../../messages/format-time.js';
import { vtimezone, yearsAround } from './vtimezone.js';

export interface IcsOptions {
  readonly locale: Locale;
  /** Herald's public base URL, without a trailing slash (HERALD_PUBLIC_URL). */
  readonly publicUrl: string;
  /** The calendar's name, as applications list it (X-WR-CALNAME). */
  readonly name: string;
  /** The feed's own address. */
  readonly url: string;
  /** When each launch last changed (DTSTAMP and LAST-MODIFIED); `fallback` for the others. */
  readonly modified: ReadonlyMap<string, number>;
  readonly fallback: number;
}

/** How often calendar applications are asked to fetch the feed again (REFRESH-INTERVAL). */
const REFRESH_SECONDS = 3600;

/** The page of a launch on the web, in a language. */
export function launchUrl(publicUrl: string, id: string, locale: Locale): string {
  return `${publicUrl}/e/${encodeURIComponent(id)}?lang=${locale}`;
}

/** The UID of a launch: its id at the host serving it; stable across edits and cycles. */
export function launchUid(publicUrl: string, id: string): string {
  let host: string;
  try {
    host = new URL(publicUrl).hostname || 'herald';
  } catch {
    host = 'herald';
  }
  return `${id}@${host}`;
}

/**
 * An iCalendar (RFC 5545) of launches, through ical-generator: each launch at its venue's wall
 * time with its TZID and a VTIMEZONE built from Herald's own zone data (vtimezone.ts), a
 * date-only launch as a VALUE=DATE day, DTEND when the end is known, its title and description
 * in the language asked, SEQUENCE raised on every edit (calendar/changes.ts `sequenceOf`),
 * STATUS:CANCELLED for a cancelled launch (TENTATIVE while postponed).
 */
export function icsCalendar(events: readonly LaunchEvent[], opts: IcsOptions): string {
  const t = catalog(opts.locale);
  const instantsByZone = new Map<string, number[]>();
  for (const event of events) {
    if (event.start.kind !== 'instant') continue;
    const list = instantsByZone.get(event.zone) ?? [];
    list.push(event.start.at);
    if (event.end !== undefined) list.push(event.end);
    instantsByZone.set(event.zone, list);
  }
  const calendar = ical({
    prodId: { company: 'Herald', product: 'Launch calendar', language: opts.locale.toUpperCase() },
    name: opts.name,
    url: opts.url,
    ttl: REFRESH_SECONDS,
  });
  // ical-generator 10 folds long lines by encoding every character with a new TextEncoder: a
  // second for 1,000 launches. Its calendar is asked for the header alone, its events for their
  // unfolded text, and the lines are folded here (11 folds fast, but needs Node 22; docs/web.md).
  const parts = [calendar.toString().replace(/END:VCALENDAR(\r\n)?$/, '')];
  for (const [zone, instants] of instantsByZone) {
    if (zone === 'UTC') continue;
    const years = yearsAround(instants);
    parts.push(vtimezone(zone, years.from, years.to));
  }
  for (const event of events) {
    const title = localized(event.title, opts.locale) || event.id;
    const stamp = new Date(opts.modified.get(event.id) ?? opts.fallback);
    const where = [event.venue, event.city].filter((part): part is string => Boolean(part)).join(', ');
    const vevent = calendar.createEvent({
      id: launchUid(opts.publicUrl, event.id),
      sequence: sequenceOf(event),
      stamp,
      lastModified: stamp,
      summary:
        event.status === 'cancelled'
          ? t.cancelledTitle(title)
          : event.status === 'postponed'
            ? t.postponedTitle(title)
            : title,
      description: describe(event, opts.locale),
      ...when(event),
      ...(where ? { location: where } : {}),
      url: launchUrl(opts.publicUrl, event.id, opts.locale),
      status:
        event.status === 'cancelled'
          ? ICalEventStatus.CANCELLED
          : event.status === 'postponed'
            ? ICalEventStatus.TENTATIVE
            : ICalEventStatus.CONFIRMED,
      categories: event.tags.map((name) => ({ name })),
    });
    parts.push(foldLines(vevent.toString()));
  }
  parts.push('END:VCALENDAR');
  return parts.join('');
}

/**
 * Folds content lines longer than 75 octets (RFC 5545 §3.1): a CRLF and a space before the
 * octet that would pass 75, never inside a UTF-8 sequence or a surrogate pair.
 */
export function foldLines(text: string): string {
  return text
    .split('\r\n')
    .map((line) => (line.length <= 75 && !/[^ -~\t]/.test(line) ? line : foldLine(line)))
    .join('\r\n');
}

function foldLine(line: string): string {
  let out = '';
  let octets = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    let char = line.charAt(i);
    let size: number;
    if (code < 0x80) size = 1;
    else if (code < 0x800) size = 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < line.length) {
      char += line.charAt(++i);
      size = 4;
    } else size = 3;
    octets += size;
    if (octets > 75) {
      out += '\r\n ';
      octets = size + 1;
    }
    out += char;
  }
  return out;
}

/** DTSTART/DTEND: the venue's wall time with its zone, or whole days for a date-only launch. */
function when(event: LaunchEvent): {
  start: DateTime;
  end?: DateTime;
  allDay?: boolean;
  timezone?: string;
} {
  const zone = zoneNamed(event.zone);
  if (event.start.kind === 'date') {
    const day = DateTime.fromISO(event.start.date, { zone: 'utc' });
    let last = day;
    // An end after the day began: the launch spans until the day the end falls on.
    if (event.end !== undefined && event.end > eventSpan(event).until) {
      const endDay = DateTime.fromMillis(event.end, { zone }).toISODate();
      if (endDay !== null) last = DateTime.fromISO(endDay, { zone: 'utc' });
    }
    // DTEND of a VALUE=DATE event is the day after its last one.
    return { start: day, end: last.plus({ days: 1 }), allDay: true };
  }
  const start = DateTime.fromMillis(event.start.at, { zone });
  const end =
    event.end !== undefined && event.end > event.start.at
      ? DateTime.fromMillis(event.end, { zone })
      : undefined;
  return { start, ...(end ? { end } : {}), timezone: event.zone };
}

/** The description in the language asked, then the state when it is not plain, then the links. */
function describe(event: LaunchEvent, locale: Locale): string {
  const t = catalog(locale);
  const parts: string[] = [];
  const text = localized(event.description, locale);
  if (text) parts.push(text);
  if (event.status === 'cancelled') parts.push(t.cancelledBody);
  if (event.status === 'postponed') parts.push(t.postponedBody);
  if (event.start.kind === 'date') parts.push(formatStart(t, event.start, event.zone, event.city));
  const links = event.links.map((link) => `${link.label}: ${link.url}`);
  if (links.length > 0) parts.push(links.join('\n'));
  return parts.join('\n\n');
}
