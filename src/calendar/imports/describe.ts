import { formatIssue } from '../../core/errors.js';
import { parseIcs } from '../ics/parse.js';
import { type Fetch, ImportSourceError, readSource } from './read-source.js';
import { describeLocation, type ImportSource } from './sources.js';

/**
 * `herald check`'s lines for the configured imports: each source, and what reading it now
 * gives (how many events ahead, or why it fails: a start would keep the events it gave before).
 * Nothing is written.
 */
export async function describeImports(
  sources: readonly ImportSource[],
  defaultZone: string,
  now: number,
  fetchImpl?: Fetch,
): Promise<string[]> {
  if (sources.length === 0)
    return ['Imports: none (imports: in herald.yaml subscribes to .ics files or URLs)'];
  const lines = [`Imports (${sources.length}):`];
  for (const source of sources) {
    const extras = [
      `every ${source.every}`,
      `window ${source.window}`,
      ...(source.zone ? [`zone ${source.zone}`] : []),
      ...(source.tags.length > 0 ? [`tags [${source.tags.join(', ')}]`] : []),
      ...(source.owner ? [`owner ${source.owner}${source.public ? ' (public)' : ''}`] : []),
    ];
    lines.push(`  ${source.name}: ${describeLocation(source)}, ${extras.join(', ')}`);
    lines.push(`    ${await tryRead(source, defaultZone, now, fetchImpl)}`);
  }
  return lines;
}

async function tryRead(
  source: ImportSource,
  defaultZone: string,
  now: number,
  fetchImpl?: Fetch,
): Promise<string> {
  let text: string;
  try {
    const reading = await readSource(source, {}, fetchImpl, 10_000);
    if (reading.status !== 'read') return 'unchanged';
    text = reading.text;
  } catch (error) {
    if (!(error instanceof ImportSourceError)) throw error;
    return `cannot be read now: ${error.message}${error.fix ? ` (${error.fix})` : ''}`;
  }
  const calendar = parseIcs(text, {
    source: source.name,
    defaultZone,
    ...(source.zone === undefined ? {} : { zone: source.zone }),
    now,
    until: now + source.windowMs,
    tags: source.tags,
  });
  if (calendar.issues.length > 0) {
    const n = calendar.issues.length;
    return [
      `has ${n} problem${n === 1 ? '' : 's'}; a start keeps the events it gave before:`,
      ...calendar.issues.map((issue) => formatIssue({ file: source.name, ...issue }).replace(/^/gm, '  ')),
    ].join('\n');
  }
  const occurrences = calendar.events.filter((e) => e.imported.series).length;
  const n = calendar.events.length;
  return `reads now: ${n} event${n === 1 ? '' : 's'} ahead${occurrences > 0 ? ` (${occurrences} of them occurrences of recurring events)` : ''} from ${calendar.components} VEVENT${calendar.components === 1 ? '' : 's'}, floating times and all-day events in ${calendar.zone}`;
}
