import { readFileSync } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import { changedFields } from '../calendar/changes.js';
import type { HeraldConfig } from '../config/load.js';
import { type EventInput, eventInputSchema, planRules } from '../config/schema.js';
import { issuesFrom, readYaml } from '../config/yaml-file.js';
import { systemClock } from '../core/clock.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import type { LaunchEvent } from '../core/types.js';
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

export interface ImportOptions {
  /** `import`: a file (`events import`); `command`: `events add`. */
  readonly source: 'import' | 'command';
  /** What the entries came from, as messages name it (a file, or `the command line`). */
  readonly label: string;
  /** Overwrite events added by commands (or, for `events add`, imported). */
  readonly replace?: boolean;
}

/** What `events add` and `events import` did. */
export interface ImportResult {
  readonly added: readonly string[];
  /** Existing events the entries replaced, with the fields that changed (none: same as before). */
  readonly updated: readonly { readonly id: string; readonly fields: readonly string[] }[];
}

/**
 * Validates every entry first, and checks that each id is free or may be overwritten: an
 * import updates the events it imported before; an event added by a command (or, for
 * `events add`, any event) is overwritten only with `replace`; a config event never (its
 * source is events.yaml). If any entry is refused nothing is stored, and the error lists
 * them all. Then adds new events and replaces existing ones (followers get change notices).
 */
export async function importEvents(
  stores: Stores,
  cfg: HeraldConfig,
  entries: unknown[],
  options: ImportOptions,
): Promise<string> {
  const { label } = options;
  const issues: ConfigIssue[] = [];
  const valid: { draft: EventInput; index: number }[] = [];
  const ids = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    const parsed = eventInputSchema.safeParse(entry);
    if (!parsed.success) {
      const located = readYaml(label, '{}');
      const mapped = Array.isArray(located) ? [] : issuesFrom(located, parsed.error);
      issues.push(
        ...mapped.map((issue) => ({
          ...issue,
          path: `events[${index}]${issue.path ? `.${issue.path}` : ''}`,
        })),
      );
    } else if (ids.has(parsed.data.id)) {
      issues.push({
        file: label,
        path: `events[${index}].id`,
        value: parsed.data.id,
        message: 'appears twice',
        fix: 'give every event its own id',
      });
    } else {
      ids.add(parsed.data.id);
      valid.push({ draft: parsed.data, index });
    }
  }
  const eventsFile = path.join(cfg.dir, 'events.yaml');
  const existing = new Map<string, LaunchEvent>();
  for (const { draft, index } of valid) {
    const stored = await stores.events.get(draft.id);
    // An event the config removed is no longer in the calendar: its id is free.
    if (!stored || stored.removed) continue;
    existing.set(draft.id, stored);
    const refusal = conflict(stored, options, eventsFile);
    const at = options.source === 'command' ? '--id' : `events[${index}].id`;
    if (refusal) issues.push({ file: label, path: at, value: draft.id, ...refusal });
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
  const added: string[] = [];
  const updated: { id: string; fields: string[] }[] = [];
  for (const { draft } of valid) {
    const before = existing.get(draft.id);
    // Replacing the content does not change whose event it is.
    const owned = {
      ...draft,
      ...(before?.owner === undefined ? {} : { owner: before.owner }),
      ...(before?.public === undefined ? {} : { public: before.public }),
    };
    await calendar.replaceEvent(owned, options.source);
    if (!before) added.push(draft.id);
    else updated.push({ id: draft.id, fields: changedFields(before, owned) });
  }
  return describeImport({ added, updated }, options);
}

/** Why an entry may not overwrite the stored event with its id (undefined: it may). */
function conflict(
  stored: LaunchEvent,
  options: ImportOptions,
  eventsFile: string,
): Pick<ConfigIssue, 'message' | 'fix'> | undefined {
  if (stored.source === 'config') {
    return {
      message: `names an event of ${eventsFile}; config events are changed in that file, not here`,
      fix: `edit the event in ${eventsFile} (the next start applies it), or choose another id`,
    };
  }
  if (options.replace === true) return undefined;
  if (options.source === 'import' && stored.source === 'import') return undefined;
  const origin = stored.source === 'command' ? 'added by a command' : 'imported';
  const flag =
    options.source === 'command' ? 'herald events add … --replace' : 'herald events import … --replace';
  return {
    message: `names an event already in the store (${origin})`,
    fix: `choose another id, or run ${flag} to overwrite it`,
  };
}

/** One line for `events add` and `events import`. */
function describeImport(result: ImportResult, options: ImportOptions): string {
  const detail = (u: ImportResult['updated'][number]) =>
    `${u.id} (${u.fields.length > 0 ? u.fields.join(', ') : 'no change'})`;
  if (options.source === 'command') {
    const replaced = result.updated[0];
    return replaced ? `Replaced event ${detail(replaced)}.` : `Added event ${result.added.join(', ')}.`;
  }
  const n = result.added.length + result.updated.length;
  const changed = result.updated.filter((u) => u.fields.length > 0);
  return `Imported ${n} event${n === 1 ? '' : 's'} from ${options.label}: ${result.added.length} added, ${changed.length} updated${changed.length > 0 ? ` (${changed.map(detail).join(', ')})` : ''}.`;
}
