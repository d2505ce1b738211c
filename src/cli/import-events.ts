import { readFileSync } from 'node:fs';
import path from 'node:path';
import { changedFields } from '../calendar/changes.js';
import { parseIcs } from '../calendar/ics/parse.js';
import { fileError, ImportSourceError } from '../calendar/imports/read-source.js';
import { applyRefresh, planCalendarRefresh } from '../calendar/imports/refresh.js';
import type { HeraldConfig } from '../config/load.js';
import { type EventInput, eventInputSchema, planRules } from '../config/schema.js';
import { issuesFrom, readYaml } from '../config/yaml-file.js';
import { systemClock } from '../core/clock.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import type { LaunchEvent } from '../core/types.js';
import { plannedCalendar } from '../scheduler/replanner.js';
import type { Stores } from '../stores/stores.js';

/** An iCalendar file to import: read at once, parsed by `importEvents` (which knows the zone and the day). */
export interface CalendarFile {
  readonly file: string;
  readonly ics: string;
}

/**
 * What a file holds: raw event entries of a YAML file (`events:` list), or an iCalendar text.
 * A file that cannot be read is an ImportSourceError: one line with its fix (never a stack).
 */
export function readEventsFile(file: string): unknown[] | CalendarFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // One line and its fix (cli.ts prints a HeraldError's `describe()`), never a stack.
    const failure = fileError(file, error);
    throw new ImportSourceError(
      failure.message,
      failure.fix?.replace('the config folder', 'the current folder'),
    );
  }
  if (/\.ics$/i.test(file) || text.trimStart().startsWith('BEGIN:VCALENDAR')) return { file, ics: text };
  const source = readYaml(file, text);
  if (Array.isArray(source)) throw new ConfigError(source, 'calendar file');
  const data = source.data as { events?: unknown };
  if (!data || !Array.isArray(data.events)) {
    throw new ConfigError(
      [{ file, path: 'events', message: 'is missing', fix: 'list the events under an `events:` key' }],
      'calendar file',
    );
  }
  return data.events;
}

export interface ImportOptions {
  /** `import`: a file (`events import`); `command`: `events add`. */
  readonly source: 'import' | 'command';
  /** What the entries came from, as messages name it (a file, or `the command line`). */
  readonly label: string;
  /** Overwrite events added by commands (or, for `events add`, imported). */
  readonly replace?: boolean;
  /** Now (default: the system clock): an iCalendar file's events that are over are left out. */
  readonly now?: number;
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
  entries: unknown[] | CalendarFile,
  options: ImportOptions,
): Promise<string> {
  if (!Array.isArray(entries)) return importCalendar(stores, cfg, entries, options);
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
  if (issues.length > 0) throw new ConfigError(issues, 'calendar file');
  const calendar = calendarOf(stores, cfg);
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

/** The calendar service over the store, planning posts as `herald start` would. */
function calendarOf(stores: Stores, cfg: HeraldConfig) {
  return plannedCalendar({
    stores,
    rules: planRules(cfg.settings),
    clock: systemClock,
    logger: silentLogger(),
    onPlanned: () => {},
  }).calendar;
}

/** How far ahead a one-off import expands recurring events (a subscription's `window` default). */
const IMPORT_WINDOW_MS = 365 * 86_400_000;

/**
 * `herald events import file.ics`: every VEVENT still ahead, occurrences of a series one by
 * one (calendar/ics/parse.ts), all or nothing. An event this file (or any import) brought
 * before is updated when the file changed it and left as it is when not, so importing the
 * same file again changes nothing; nothing is cancelled (a subscription in `imports:` does that).
 */
async function importCalendar(
  stores: Stores,
  cfg: HeraldConfig,
  input: CalendarFile,
  options: ImportOptions,
): Promise<string> {
  const now = options.now ?? systemClock.now();
  const until = now + IMPORT_WINDOW_MS;
  const parsed = parseIcs(input.ics, {
    source: input.file,
    defaultZone: cfg.settings.defaults.zone,
    now,
    until,
  });
  if (parsed.issues.length > 0)
    throw new ConfigError(
      parsed.issues.map((issue) => ({ file: options.label, ...issue })),
      'calendar file',
    );
  const eventsFile = path.join(cfg.dir, 'events.yaml');
  const plan = await planCalendarRefresh(stores, parsed, {
    source: input.file,
    now,
    until,
    conflict: (stored) => conflict(stored, options, eventsFile),
    cancelMissing: false,
    allowEmpty: true,
    ownership: 'keep',
  });
  const refused: ConfigIssue[] = [];
  for (const step of plan.steps) {
    if (step.action !== 'conflict') continue;
    const line = parsed.lines.get(step.id);
    refused.push({
      file: options.label,
      ...(line === undefined ? {} : { line }),
      path: 'VEVENT.UID',
      value: step.id,
      message: step.message,
      fix: step.fix,
    });
  }
  if (refused.length > 0) throw new ConfigError(refused, 'calendar file');
  const report = await applyRefresh(
    stores,
    calendarOf(stores, cfg),
    { source: input.file, now, cancelMissing: false },
    plan,
    parsed.past,
  );
  const n = report.added.length + report.updated.length + report.unchanged;
  const changed = report.updated.filter((u) => u.fields.length > 0);
  const detail = (u: { id: string; fields: readonly string[] }) => `${u.id} (${u.fields.join(', ')})`;
  const notes = [
    report.kept.length > 0 ? `kept as an operator changed them: ${report.kept.join(', ')}` : '',
    report.past > 0 ? `${report.past} event${report.past === 1 ? '' : 's'} already over left out` : '',
    parsed.components === 0 ? 'the calendar has no events' : '',
  ].filter(Boolean);
  return `Imported ${n} event${n === 1 ? '' : 's'} from ${options.label}: ${report.added.length} added, ${changed.length} updated${changed.length > 0 ? ` (${changed.map(detail).join(', ')})` : ''}, ${report.unchanged} unchanged${notes.length > 0 ? `; ${notes.join('; ')}` : ''}.`;
}

/** Why an entry may not overwrite the stored event with its id (undefined: it may). */
function conflict(
  stored: LaunchEvent,
  options: ImportOptions,
  eventsFile: string,
): { message: string; fix: string } | undefined {
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
