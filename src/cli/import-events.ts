import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import type { HeraldConfig } from '../config/load.js';
import { eventInputSchema, planRules } from '../config/schema.js';
import { issuesFrom, readYaml } from '../config/yaml-file.js';
import { systemClock } from '../core/clock.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { plannedCalendar } from '../scheduler/replanner.js';
import type { Stores } from '../stores/stores.js';

/** Raw event entries from a YAML file (`events:` list) or an iCalendar file (VEVENTs). */
export function readEventsFile(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  if (/\.ics$/i.test(file) || text.trimStart().startsWith('BEGIN:VCALENDAR')) return readIcs(file, text);
  const source = readYaml(file, text);
  if (Array.isArray(source)) throw new ConfigError(source);
  const data = source.data as { events?: unknown };
  if (!data || !Array.isArray(data.events)) {
    throw new ConfigError([
      { file, path: 'events', message: 'is missing', fix: 'list the events under an `events:` key' },
    ]);
  }
  return data.events;
}

/** VEVENT → event entry: UID (or SUMMARY) gives the id, DTSTART the start and zone, CATEGORIES the tags. */
function readIcs(file: string, text: string): unknown[] {
  let component: ICAL.Component;
  try {
    component = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new ConfigError([
      {
        file,
        path: '',
        message: `invalid iCalendar: ${String(error)}`,
        fix: 'export the calendar again as .ics',
      },
    ]);
  }
  return component.getAllSubcomponents('vevent').map((vevent) => {
    const ev = new ICAL.Event(vevent);
    const start = ev.startDate;
    // The TZID parameter names the venue's zone (files often carry no VTIMEZONE block).
    const tzid = vevent.getFirstProperty('dtstart')?.getParameter('tzid');
    const zone =
      typeof tzid === 'string'
        ? tzid
        : start?.zone?.tzid && start.zone.tzid !== 'floating'
          ? start.zone.tzid
          : 'UTC';
    const id = slug(String(ev.uid || ev.summary || 'event'));
    const categories = vevent
      .getAllProperties('categories')
      .flatMap((p) => p.getValues().map(String))
      .map(slug)
      .filter(Boolean);
    const url = vevent.getFirstPropertyValue('url');
    const pad = (n: number) => String(n).padStart(2, '0');
    const date = start ? `${start.year}-${pad(start.month)}-${pad(start.day)}` : undefined;
    return {
      id,
      title: ev.summary || id,
      ...(ev.description ? { description: String(ev.description).slice(0, 900) } : {}),
      ...(start?.isDate
        ? { date }
        : { start: start ? `${date}T${pad(start.hour)}:${pad(start.minute)}` : undefined }),
      zone: zone === 'Z' ? 'UTC' : zone,
      ...(ev.location ? { city: String(ev.location).slice(0, 80) } : {}),
      ...(typeof url === 'string' ? { links: [{ label: 'Link', url }] } : {}),
      tags: categories,
    };
  });
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '')
    .slice(0, 48);
}

/**
 * Validates every entry first; if any is bad nothing is stored and the error lists them all.
 * Then adds new events and updates existing ones (followers get change notices).
 */
export async function importEvents(
  stores: Stores,
  cfg: HeraldConfig,
  entries: unknown[],
  source: string,
): Promise<string> {
  const issues: ConfigIssue[] = [];
  const valid = [];
  const ids = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const parsed = eventInputSchema.safeParse(entry);
    if (!parsed.success) {
      const located = readYaml(source, '{}');
      const mapped = Array.isArray(located) ? [] : issuesFrom(located, parsed.error);
      issues.push(
        ...mapped.map((issue) => ({
          ...issue,
          path: `events[${index}]${issue.path ? `.${issue.path}` : ''}`,
        })),
      );
    } else if (ids.has(parsed.data.id)) {
      issues.push({
        file: source,
        path: `events[${index}].id`,
        value: parsed.data.id,
        message: 'appears twice',
        fix: 'give every event its own id',
      });
    } else {
      ids.add(parsed.data.id);
      valid.push(parsed.data);
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const s = cfg.settings;
  const { calendar } = plannedCalendar({
    stores,
    rules: planRules(s),
    clock: systemClock,
    logger: silentLogger(),
    onPlanned: () => {},
  });
  let added = 0;
  let updated = 0;
  for (const draft of valid) {
    const existed = (await stores.events.get(draft.id)) !== undefined;
    const { changes } = await calendar.replaceEvent(draft, 'import');
    if (!existed) added += 1;
    else if (changes.length > 0) updated += 1;
  }
  return `Imported ${valid.length} event${valid.length === 1 ? '' : 's'} from ${source}: ${added} added, ${updated} updated.`;
}
