import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { type ImportOrigin, type LaunchEvent, type Localized, localeFromCode } from '../../core/types.js';
import { zoneNamed } from '../../core/zone.js';
import type { EventDraft } from '../calendar-service.js';
import { canonicalJson } from '../changes.js';
import { eventSpan } from '../event-span.js';
import { eventId, occurrenceId, slug } from './ids.js';
import { type IcsComponent, type IcsIssue, type IcsProperty, scanIcs, unfold } from './scan.js';
import { checkEventValues } from './values.js';
import { ianaZoneOf } from './zones.js';

/** Text limits of an event (config/schema.ts LIMITS): longer texts are cut, with an ellipsis. */
const TITLE_MAX = 200;
const DESCRIPTION_MAX = 900;
const CITY_MAX = 80;
const TAG_MAX = 32;
const LINKS_MAX = 5;
/** A series yielding more occurrences than this in the window is refused (an hourly rule, say). */
export const MAX_OCCURRENCES = 1000;
/** Steps of a rule walked before the window, at most (a minutely rule since 1990 is refused). */
const MAX_STEPS = 200_000;

/** An event read from a calendar file, with where it came from. */
export type ImportedEvent = EventDraft & { readonly imported: ImportOrigin };

export interface IcsReadOptions {
  /** The import's name, recorded on each event (`imported.from`). */
  readonly source: string;
  /** The configured default zone (`defaults.zone`). */
  readonly defaultZone: string;
  /** The zone for floating times and all-day events; default: the calendar's X-WR-TIMEZONE, else `defaultZone`. */
  readonly zone?: string;
  /** Events over before this instant are left out; series occurrences are expanded from here… */
  readonly now: number;
  /** …to here (a single event is imported whatever its date, once it is not over). */
  readonly until: number;
  /** Tags added to every event (beside its CATEGORIES). */
  readonly tags?: readonly string[];
}

export interface IcsCalendar {
  /** Every event still ahead, occurrences of series one by one; empty when there are issues. */
  readonly events: readonly ImportedEvent[];
  readonly issues: readonly IcsIssue[];
  /** VEVENT components in the text (0: the calendar has no events at all). */
  readonly components: number;
  /** Single events left out because they are over. */
  readonly past: number;
  /** The zone floating times and all-day events were read in. */
  readonly zone: string;
  /** The line of the VEVENT each event came from (to name it in a later issue). */
  readonly lines: ReadonlyMap<string, number>;
}

type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** A date or date-time of the file, read: a day, or an instant shown in a zone. */
type Moment =
  | { readonly kind: 'date'; readonly date: string; readonly wall: Wall }
  | { readonly kind: 'instant'; readonly at: number; readonly zone: string; readonly wall: Wall };

/** What every occurrence of an event shares, and how long each lasts. */
interface Content {
  readonly title: Localized;
  readonly description: Localized;
  readonly city?: string;
  readonly links: { label: string; url: string }[];
  readonly image?: string;
  readonly tags: string[];
  readonly status: LaunchEvent['status'];
}

type Length = { readonly days: number } | { readonly ms: number } | undefined;

class Issues extends Error {
  constructor(readonly issue: IcsIssue) {
    super(issue.message);
  }
}

/**
 * Reads an iCalendar text into launch events. Pure: the same text, options and `now` give the
 * same events. Structure, values and rules are checked first, each problem with its line and a
 * fix; a file with any problem gives no events (the caller keeps what it had). Each VEVENT
 * becomes an event whose id is its UID's slug; a recurring one (RRULE, RDATE) becomes one event
 * per occurrence from `now` to `until`, with EXDATE removed and RECURRENCE-ID overrides applied,
 * each `<uid>-<yyyymmdd>`.
 */
export function parseIcs(text: string, options: IcsReadOptions): IcsCalendar {
  const empty = (issues: readonly IcsIssue[], zone = options.defaultZone, components = 0): IcsCalendar => ({
    events: [],
    issues,
    components,
    past: 0,
    zone,
    lines: new Map(),
  });
  const scan = scanIcs(text);
  if (scan.issues.length > 0 || !scan.calendar) return empty(scan.issues);
  const scanned = scan.calendar.components.filter((c) => c.name === 'VEVENT');
  const valueIssues = scanned.flatMap(checkEventValues);
  if (valueIssues.length > 0) return empty(valueIssues, options.defaultZone, scanned.length);
  let jcal: [string, unknown[], [string, ...unknown[]][]];
  try {
    jcal = ICAL.parse(text) as typeof jcal;
  } catch (error) {
    return empty([locateParseError(text, error)], options.defaultZone, scanned.length);
  }
  // ical.js looks a TZID up among every component of the calendar, each time a date-time names
  // one that has no VTIMEZONE (most files: IANA names): quadratic in the number of events. Each
  // event hangs from a calendar that holds the time zone definitions only.
  const [name, properties, components] = jcal;
  const root = new ICAL.Component([name, properties, components.filter((c) => c[0] === 'vtimezone')]);
  const wrZone = root.getFirstPropertyValue('x-wr-timezone');
  const zone =
    options.zone ?? (typeof wrZone === 'string' ? ianaZoneOf(wrZone) : undefined) ?? options.defaultZone;
  const reader = new CalendarReader(root, zone, options);
  const vevents = components.filter((c) => c[0] === 'vevent').map((c) => new ICAL.Component(c, root));
  const issues: IcsIssue[] = [];
  const masters = new Map<string, { component: ICAL.Component; scanned: IcsComponent }>();
  const overrides = new Map<string, { component: ICAL.Component; scanned: IcsComponent }[]>();
  vevents.forEach((component, index) => {
    const where = scanned[index] as IcsComponent;
    const uid = String(component.getFirstPropertyValue('uid') ?? '').trim();
    if (uid === '') {
      issues.push({
        line: where.line,
        path: 'VEVENT',
        message: 'has no UID',
        fix: 'add a UID: line (any text unique to this event, kept the same in every export): Herald updates events by it',
      });
      return;
    }
    if (!component.hasProperty('dtstart')) {
      issues.push({
        line: where.line,
        path: 'VEVENT',
        value: uid,
        message: 'has no DTSTART',
        fix: 'add DTSTART;TZID=Europe/Paris:20260522T140000 (or DTSTART;VALUE=DATE:20260522 for a day)',
      });
      return;
    }
    if (component.hasProperty('recurrence-id')) {
      const list = overrides.get(uid) ?? [];
      list.push({ component, scanned: where });
      overrides.set(uid, list);
      return;
    }
    const first = masters.get(uid);
    if (first) {
      issues.push({
        line: where.line,
        path: 'VEVENT.UID',
        value: uid,
        message: `is also the UID of the event at line ${first.scanned.line}`,
        fix: 'give each event its own UID (an occurrence that differs from its series carries RECURRENCE-ID)',
      });
      return;
    }
    masters.set(uid, { component, scanned: where });
  });
  const events: ImportedEvent[] = [];
  const lines = new Map<string, number>();
  let past = 0;
  const add = (event: ImportedEvent, line: number) => {
    const before = lines.get(event.id);
    if (before !== undefined) {
      issues.push({
        line,
        path: 'VEVENT.UID',
        value: event.imported.uid,
        message: `gives the id ${event.id}, which the event at line ${before} has too`,
        fix: 'give the two events UIDs that differ in letters or digits, not only in case or punctuation',
      });
      return;
    }
    lines.set(event.id, line);
    events.push(event);
  };
  for (const [uid, master] of masters) {
    try {
      const result = reader.expand(uid, master, overrides.get(uid) ?? []);
      past += result.past;
      for (const event of result.events) add(event, master.scanned.line);
    } catch (error) {
      if (error instanceof Issues) issues.push(error.issue);
      else throw error;
    }
  }
  // Occurrences whose series is not in the file (a calendar shared one occurrence): each alone.
  for (const [uid, list] of overrides) {
    if (masters.has(uid)) continue;
    for (const override of list) {
      try {
        const event = reader.orphan(uid, override);
        if (event) add(event, override.scanned.line);
      } catch (error) {
        if (error instanceof Issues) issues.push(error.issue);
        else throw error;
      }
    }
  }
  if (issues.length > 0) return { ...empty(issues, zone, scanned.length) };
  events.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { events, issues, components: scanned.length, past, zone, lines };
}

/** ical.js refused the text after the scan passed: find the line it stumbled on. */
function locateParseError(text: string, error: unknown): IcsIssue {
  const message = error instanceof Error ? error.message : String(error);
  for (const { text: line, line: number } of unfold(text)) {
    try {
      ICAL.parse.property(line);
    } catch (lineError) {
      return {
        line: number,
        path: line.split(/[;:]/)[0]?.toUpperCase() ?? '',
        value: line.slice(0, 80),
        message: `cannot be read: ${lineError instanceof Error ? lineError.message : String(lineError)}`,
        fix: 'correct or remove this line, or export the calendar again',
      };
    }
  }
  return { path: '', message: `cannot be read: ${message}`, fix: 'export the calendar again as .ics' };
}

class CalendarReader {
  constructor(
    private readonly root: ICAL.Component,
    private readonly zone: string,
    private readonly options: IcsReadOptions,
  ) {}

  /** A single event, or the occurrences of a series, still ahead. */
  expand(
    uid: string,
    master: { component: ICAL.Component; scanned: IcsComponent },
    overrides: readonly { component: ICAL.Component; scanned: IcsComponent }[],
  ): { events: ImportedEvent[]; past: number } {
    const { component, scanned } = master;
    const content = this.content(component, scanned, undefined);
    const start = this.moment(component, scanned, 'dtstart') as Moment;
    const length = this.length(component, scanned, start);
    const recurring = component.hasProperty('rrule') || component.hasProperty('rdate');
    if (!recurring) {
      const event = this.event(eventId(uid), uid, false, content, start, length);
      return this.ahead(event) ? { events: [event], past: 0 } : { events: [], past: 1 };
    }
    const exdates = this.exdates(component, scanned);
    const byKey = new Map<string, { component: ICAL.Component; scanned: IcsComponent }>();
    for (const override of overrides) {
      const rid = this.moment(override.component, override.scanned, 'recurrence-id') as Moment;
      byKey.set(keyOf(rid), override);
      // A RECURRENCE-ID given as a day names the occurrence of that day.
      if (rid.kind === 'date') byKey.set(`w:${rid.date}`, override);
    }
    const originals = this.occurrences(component, scanned, start);
    const withTime = severalADay(component);
    const used = new Set<string>();
    const events: ImportedEvent[] = [];
    const seenIds = new Set<string>();
    const matched = new Set<{ component: ICAL.Component; scanned: IcsComponent }>();
    for (const original of originals) {
      const override = byKey.get(keyOf(original.moment)) ?? byKey.get(`w:${wallDate(original.moment.wall)}`);
      if (override) matched.add(override);
      if (excluded(original.moment, exdates)) continue;
      let id = occurrenceId(uid, original.moment.wall, withTime);
      // A second occurrence on one day (an RDATE beside the rule's): the hour tells them apart.
      if (seenIds.has(id)) id = occurrenceId(uid, original.moment.wall, true);
      seenIds.add(id);
      const event = override
        ? this.overridden(id, uid, content, length, override)
        : this.event(id, uid, true, content, original.moment, original.length ?? length);
      if (this.ahead(event) && startOf(event) <= this.options.until) {
        if (used.has(event.id)) {
          // Two occurrences in one minute share an id: refused rather than one silently lost.
          const rule = scanned.properties.find((p) => p.name === 'RRULE' || p.name === 'RDATE');
          throw new Issues({
            line: rule?.line ?? scanned.line,
            path: `VEVENT.${rule?.name ?? 'RRULE'}`,
            value: rule?.value ?? '',
            message: `gives two occurrences in the same minute (${event.id}), which Herald cannot tell apart`,
            fix: 'keep at most one occurrence a minute in the series',
          });
        }
        used.add(event.id);
        events.push(event);
      }
    }
    // An override whose planned occurrence is outside the window, moved into it.
    for (const override of overrides) {
      if (matched.has(override)) continue;
      const rid = this.moment(override.component, override.scanned, 'recurrence-id') as Moment;
      if (excluded(rid, exdates)) continue;
      const event = this.overridden(occurrenceId(uid, rid.wall, withTime), uid, content, length, override);
      if (!used.has(event.id) && this.ahead(event) && startOf(event) <= this.options.until) {
        used.add(event.id);
        events.push(event);
      }
    }
    if (events.length > MAX_OCCURRENCES) {
      const rule = scanned.properties.find((p) => p.name === 'RRULE');
      throw new Issues({
        ...(rule ? { line: rule.line } : { line: scanned.line }),
        path: 'VEVENT.RRULE',
        ...(rule ? { value: rule.value } : {}),
        message: `gives ${events.length} occurrences before ${new Date(this.options.until).toISOString().slice(0, 10)}, more than the ${MAX_OCCURRENCES} Herald imports of one series`,
        fix: 'make the rule less frequent (a countdown per occurrence), or shorten the import window (imports[].window)',
      });
    }
    return { events, past: 0 };
  }

  /** An occurrence given alone (its series is not in the file). */
  orphan(
    uid: string,
    override: { component: ICAL.Component; scanned: IcsComponent },
  ): ImportedEvent | undefined {
    const rid = this.moment(override.component, override.scanned, 'recurrence-id') as Moment;
    const content = this.content(override.component, override.scanned, undefined);
    const start = this.moment(override.component, override.scanned, 'dtstart') as Moment;
    const length = this.length(override.component, override.scanned, start);
    const event = this.event(occurrenceId(uid, rid.wall, false), uid, true, content, start, length);
    return this.ahead(event) && startOf(event) <= this.options.until ? event : undefined;
  }

  private overridden(
    id: string,
    uid: string,
    masterContent: Content,
    masterLength: Length,
    override: { component: ICAL.Component; scanned: IcsComponent },
  ): ImportedEvent {
    const content = this.content(override.component, override.scanned, masterContent);
    const start = this.moment(override.component, override.scanned, 'dtstart') as Moment;
    const own = this.length(override.component, override.scanned, start);
    return this.event(id, uid, true, content, start, own ?? masterLength);
  }

  private ahead(event: ImportedEvent): boolean {
    return eventSpan(event).until >= this.options.now;
  }

  private event(
    id: string,
    uid: string,
    series: boolean,
    content: Content,
    start: Moment,
    length: Length,
  ): ImportedEvent {
    const zone = start.kind === 'instant' ? start.zone : this.zone;
    let end: number | undefined;
    if (length && 'ms' in length && start.kind === 'instant') end = start.at + length.ms;
    if (length && 'days' in length && start.kind === 'date')
      end = DateTime.fromISO(start.date, { zone: zoneNamed(zone) })
        .plus({ days: length.days })
        .toMillis();
    const draft: EventDraft = {
      id,
      title: content.title,
      description: content.description,
      start:
        start.kind === 'instant' ? { kind: 'instant', at: start.at } : { kind: 'date', date: start.date },
      ...(end === undefined ? {} : { end }),
      zone,
      ...(content.city === undefined ? {} : { city: content.city }),
      links: content.links,
      ...(content.image === undefined ? {} : { image: content.image }),
      tags: content.tags,
      status: content.status,
    };
    const hash = createHash('sha256').update(canonicalJson(draft)).digest('hex').slice(0, 32);
    return {
      ...draft,
      imported: { from: this.options.source, uid, ...(series ? { series: true as const } : {}), hash },
    };
  }

  /** Title, texts, place, links and tags of a VEVENT; an override takes what it lacks from its series. */
  private content(component: ICAL.Component, scanned: IcsComponent, series: Content | undefined): Content {
    const title = this.localized(component, 'summary', TITLE_MAX);
    if (Object.keys(title).length === 0 && !series) {
      const summary = scanned.properties.find((p) => p.name === 'SUMMARY');
      throw new Issues({
        line: summary?.line ?? scanned.line,
        path: summary ? 'VEVENT.SUMMARY' : 'VEVENT',
        value: String(component.getFirstPropertyValue('uid') ?? ''),
        message: summary ? 'is empty' : 'has no SUMMARY (the launch title)',
        fix: 'add SUMMARY:<the launch title> to this event',
      });
    }
    const description = this.localized(component, 'description', DESCRIPTION_MAX);
    const location = text(component.getFirstPropertyValue('location'));
    const url = text(component.getFirstPropertyValue('url'));
    const image = text(component.getFirstPropertyValue('image'));
    const categories = component
      .getAllProperties('categories')
      .flatMap((p) => p.getValues().map((v) => String(v)))
      .map(tagOf)
      .filter((t) => t !== '');
    const status = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
    const links = url && isWebUrl(url) ? [{ label: 'Link', url }] : (series?.links ?? []);
    const city = location ? cut(location, CITY_MAX) : series?.city;
    const img = image && isWebUrl(image) ? image : series?.image;
    return {
      title: Object.keys(title).length > 0 ? title : (series?.title ?? {}),
      description: Object.keys(description).length > 0 ? description : (series?.description ?? {}),
      ...(city === undefined ? {} : { city }),
      links: links.slice(0, LINKS_MAX),
      ...(img === undefined ? {} : { image: img }),
      tags: unique([
        ...(categories.length > 0 || !series ? categories : series.tags),
        ...(this.options.tags ?? []),
      ]),
      status: status === 'CANCELLED' ? 'cancelled' : 'scheduled',
    };
  }

  /** SUMMARY or DESCRIPTION per language (its LANGUAGE parameter; English when it has none). */
  private localized(component: ICAL.Component, name: string, max: number): Localized {
    const out: Localized = {};
    for (const prop of component.getAllProperties(name)) {
      const value = text(prop.getFirstValue());
      if (!value) continue;
      const language = prop.getParameter('language');
      const locale = localeFromCode(typeof language === 'string' ? language : undefined) ?? 'en';
      if (out[locale] === undefined) out[locale] = cut(value, max);
    }
    return out;
  }

  /** A DTSTART, DTEND or RECURRENCE-ID, read in its zone. */
  private moment(component: ICAL.Component, scanned: IcsComponent, name: string): Moment | undefined {
    const prop = component.getFirstProperty(name);
    if (!prop) return undefined;
    const at = scanned.properties.find((p) => p.name === name.toUpperCase());
    return this.read(prop.getFirstValue() as ICAL.Time, prop, at);
  }

  private read(time: ICAL.Time, prop: ICAL.Property, at: IcsProperty | undefined): Moment {
    const wall: Wall = {
      year: time.year,
      month: time.month,
      day: time.day,
      hour: time.isDate ? 0 : time.hour,
      minute: time.isDate ? 0 : time.minute,
      second: time.isDate ? 0 : time.second,
    };
    if (time.isDate) return { kind: 'date', date: wallDate(wall), wall };
    const tzid = prop.getParameter('tzid');
    if (time.zone?.tzid === 'UTC' && typeof tzid !== 'string')
      return {
        kind: 'instant',
        at: Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second),
        zone: this.zone,
        wall,
      };
    if (typeof tzid === 'string') {
      const iana = ianaZoneOf(tzid);
      if (iana) return { kind: 'instant', at: wallInstant(wall, iana), zone: iana, wall };
      // A zone only the file defines (a VTIMEZONE named "(UTC+01:00) Amsterdam, Berlin…"):
      // its instants come from that definition; the event is shown in the calendar's zone.
      if (time.zone && time.zone.tzid === tzid && this.root.getTimeZoneByID(tzid))
        return { kind: 'instant', at: time.toUnixTime() * 1000, zone: this.zone, wall };
      throw new Issues({
        ...(at ? { line: at.line } : {}),
        path: `VEVENT.${prop.name.toUpperCase()}`,
        value: tzid,
        message: `names the time zone "${tzid}", which is neither an IANA nor a Windows zone, and the file has no VTIMEZONE for it`,
        fix: 'use an IANA zone (TZID=Europe/Berlin) or a Windows one (TZID=W. Europe Standard Time), or export the calendar with its time zone definitions',
      });
    }
    // Floating: the same wall-clock time wherever the reader is; Herald reads it in the calendar's zone.
    return { kind: 'instant', at: wallInstant(wall, this.zone), zone: this.zone, wall };
  }

  /** How long each occurrence lasts: DTEND − DTSTART, or DURATION. */
  private length(component: ICAL.Component, scanned: IcsComponent, start: Moment): Length {
    const dtend = component.getFirstProperty('dtend');
    const line = (name: string) => scanned.properties.find((p) => p.name === name);
    if (dtend) {
      const end = this.moment(component, scanned, 'dtend') as Moment;
      const where = line('DTEND');
      if (end.kind !== start.kind)
        throw new Issues({
          ...(where ? { line: where.line } : {}),
          path: 'VEVENT.DTEND',
          value: where?.value ?? '',
          message: `is a ${end.kind === 'date' ? 'date' : 'date-time'} while DTSTART is a ${start.kind === 'date' ? 'date' : 'date-time'}`,
          fix: 'write both as days (VALUE=DATE) or both as date-times',
        });
      const length: number =
        end.kind === 'date' && start.kind === 'date'
          ? daysBetween(start.date, end.date)
          : (end as { at: number }).at - (start as { at: number }).at;
      if (length < 0)
        throw new Issues({
          ...(where ? { line: where.line } : {}),
          path: 'VEVENT.DTEND',
          value: where?.value ?? '',
          message: 'is before DTSTART',
          fix: 'set DTEND after DTSTART (check the two time zones), or remove it',
        });
      if (length === 0) return undefined;
      return start.kind === 'date' ? { days: length } : { ms: length };
    }
    const duration = component.getFirstPropertyValue('duration');
    if (duration instanceof ICAL.Duration) {
      if (start.kind === 'date') {
        const days = duration.weeks * 7 + duration.days;
        return days > 0 ? { days } : undefined;
      }
      const ms = duration.toSeconds() * 1000;
      return ms > 0 ? { ms } : undefined;
    }
    return undefined;
  }

  /** EXDATEs as instants and days. */
  private exdates(
    component: ICAL.Component,
    scanned: IcsComponent,
  ): { keys: Set<string>; days: Set<string> } {
    const keys = new Set<string>();
    const days = new Set<string>();
    const lines = scanned.properties.filter((p) => p.name === 'EXDATE');
    component.getAllProperties('exdate').forEach((prop, index) => {
      for (const value of prop.getValues() as ICAL.Time[]) {
        const moment = this.read(value, prop, lines[index]);
        keys.add(keyOf(moment));
        if (moment.kind === 'date') days.add(moment.date);
      }
    });
    return { keys, days };
  }

  /** The series' planned occurrences up to the window's end: DTSTART, RRULE's, RDATE's. */
  private occurrences(
    component: ICAL.Component,
    scanned: IcsComponent,
    start: Moment,
  ): { moment: Moment; length?: Length }[] {
    const out: { moment: Moment; length?: Length }[] = [{ moment: start }];
    const seen = new Set([keyOf(start)]);
    const dtstartProp = component.getFirstProperty('dtstart') as ICAL.Property;
    const dtstart = dtstartProp.getFirstValue() as ICAL.Time;
    const ruleLines = scanned.properties.filter((p) => p.name === 'RRULE');
    const startLine = scanned.properties.find((p) => p.name === 'DTSTART');
    component.getAllProperties('rrule').forEach((prop, index) => {
      const rule = prop.getFirstValue() as ICAL.Recur;
      const iterator = rule.iterator(dtstart);
      let steps = 0;
      for (let next = iterator.next(); next; next = iterator.next()) {
        if (++steps > MAX_STEPS) {
          const line = ruleLines[index];
          throw new Issues({
            line: line?.line ?? scanned.line,
            path: 'VEVENT.RRULE',
            value: line?.value ?? '',
            message: `gives more than ${MAX_STEPS} occurrences before ${new Date(this.options.until).toISOString().slice(0, 10)}`,
            fix: 'make the rule less frequent, or start the series (DTSTART) later',
          });
        }
        const moment = this.read(next, dtstartProp, startLine);
        if (momentStart(moment, this.zone) > this.options.until) break;
        const key = keyOf(moment);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ moment });
        if (out.length > MAX_OCCURRENCES * 50) {
          const line = ruleLines[index];
          throw new Issues({
            line: line?.line ?? scanned.line,
            path: 'VEVENT.RRULE',
            value: line?.value ?? '',
            message: `gives more than ${MAX_OCCURRENCES * 50} occurrences before ${new Date(this.options.until).toISOString().slice(0, 10)}, more than the ${MAX_OCCURRENCES} Herald imports of one series`,
            fix: 'make the rule less frequent (a countdown per occurrence), or start the series (DTSTART) later',
          });
        }
      }
    });
    const rdateLines = scanned.properties.filter((p) => p.name === 'RDATE');
    component.getAllProperties('rdate').forEach((prop, index) => {
      for (const value of prop.getValues() as (ICAL.Time | ICAL.Period)[]) {
        const period = value instanceof ICAL.Period ? value : undefined;
        const moment = this.read(period ? period.start : (value as ICAL.Time), prop, rdateLines[index]);
        const key = keyOf(moment);
        if (seen.has(key)) continue;
        seen.add(key);
        let length: Length;
        if (period && moment.kind === 'instant') {
          const ms = (period.getEnd().toUnixTime() - period.start.toUnixTime()) * 1000;
          if (ms > 0) length = { ms };
        }
        out.push({ moment, ...(length ? { length } : {}) });
      }
    });
    return out.sort((a, b) => momentStart(a.moment, this.zone) - momentStart(b.moment, this.zone));
  }
}

/** Whether a rule may give several occurrences on one day (then each id carries the hour too). */
function severalADay(component: ICAL.Component): boolean {
  return component.getAllProperties('rrule').some((prop) => {
    const rule = prop.getFirstValue() as ICAL.Recur;
    const parts = rule.parts as Record<string, unknown[] | undefined>;
    return (
      rule.freq === 'HOURLY' ||
      rule.freq === 'MINUTELY' ||
      rule.freq === 'SECONDLY' ||
      (parts.BYHOUR?.length ?? 0) > 1 ||
      (parts.BYMINUTE?.length ?? 0) > 1
    );
  });
}

function excluded(moment: Moment, exdates: { keys: Set<string>; days: Set<string> }): boolean {
  return exdates.keys.has(keyOf(moment)) || exdates.days.has(wallDate(moment.wall));
}

function keyOf(moment: Moment): string {
  return moment.kind === 'date' ? `d:${moment.date}` : `t:${moment.at}`;
}

function momentStart(moment: Moment, zone: string): number {
  return moment.kind === 'instant'
    ? moment.at
    : DateTime.fromISO(moment.date, { zone: zoneNamed(zone) }).toMillis();
}

function startOf(event: EventDraft): number {
  return eventSpan(event).start;
}

function wallDate(wall: Wall): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * A wall-clock time in a zone as an instant, as RFC 5545 reads one: a time the clocks skip
 * (spring forward) is moved forward by the gap; a time they pass twice is the first.
 */
function wallInstant(wall: Wall, zone: string): number {
  const dt = DateTime.fromObject(wall, { zone: zoneNamed(zone) });
  const earlier = DateTime.fromMillis(dt.toMillis() - 3_600_000, { zone: zoneNamed(zone) });
  if (earlier.hour === wall.hour && earlier.minute === wall.minute && earlier.day === wall.day)
    return earlier.toMillis();
  return dt.toMillis();
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function cut(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max
    ? value
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

function tagOf(category: string): string {
  return slug(category)
    .slice(0, TAG_MAX)
    .replace(/[-_]+$/, '');
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
