import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { load } from 'js-yaml';
import type { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';
import { YAML_CORE_SCHEMA } from './yaml-core.js';

/** The `yaml` package, loaded only when a position is needed (it is not, for a valid config). */
const yamlPackage = (): typeof import('yaml') => createRequire(import.meta.url)('yaml');

/** A parsed YAML file; `lineOf` finds where a path is written (only asked when there is an issue to report). */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Reads a YAML file (YAML 1.2, core schema) to plain data. The data comes from js-yaml, which
 * builds no syntax tree: about ten times faster than the `yaml` package's Document and a fraction
 * of its memory (an events.yaml of 10,000 events is read in a fraction of a second), and nothing
 * of the parse stays in memory. Positions come from the `yaml` package's Document, parsed only
 * when an issue needs its line: a YAML error, or a schema issue's path. Both read scalars alike
 * (./yaml-core.ts); should js-yaml refuse a file that `yaml` accepts, the `yaml` reading is used,
 * so a file is never refused for the fast path's sake.
 */
export function readYaml(
  file: string,
  text: string = readFileSync(file, 'utf8'),
): YamlSource | ConfigIssue[] {
  // Aliases may make a bomb (each level expanding the last), which the `yaml` package measures
  // and refuses with an issue; js-yaml does not, and validating or hashing the expansion would
  // hang. A file with aliases (rare in a config) takes the `yaml` package's reading.
  if (hasAlias(text)) return readYamlDocument(file, text);
  let data: unknown;
  try {
    data = load(text, { schema: YAML_CORE_SCHEMA, filename: file });
  } catch {
    return readYamlDocument(file, text);
  }
  // Parsed once, on the first issue; a file the slow reading refuses has no positions to give.
  let located: YamlSource | null | undefined;
  return {
    file,
    data: data ?? {},
    lineOf(path) {
      if (located === undefined) {
        const document = readYamlDocument(file, text);
        located = Array.isArray(document) ? null : document;
      }
      return located?.lineOf(path);
    },
  };
}

/** Whether the text seems to hold an alias (`*name`); a `*` in quoted text only costs speed. */
function hasAlias(text: string): boolean {
  return /(?:^|[\s[{,:-])\*[^\s,[\]{}]+/m.test(text);
}

/** The slow reading, with positions: the whole syntax tree, kept while the source is. */
function readYamlDocument(file: string, text: string): YamlSource | ConfigIssue[] {
  const { isNode, LineCounter, parseDocument, visit } = yamlPackage();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const issue = (offset: number | undefined, message: string): ConfigIssue => ({
    file,
    ...(offset === undefined ? {} : { line: lineCounter.linePos(offset).line }),
    path: '',
    message: `invalid YAML: ${message.split('\n')[0]}`,
    fix: 'check the indentation and the quoting around this line',
  });
  if (doc.errors.length > 0) return doc.errors.map((error) => issue(error.pos[0], error.message));
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (error) {
    // An alias to an anchor defined nowhere (or later) fails only here: name the alias's line.
    let offset: number | undefined;
    visit(doc, {
      Alias(_key, node) {
        if (node.resolve(doc) !== undefined) return undefined;
        offset = node.range?.[0];
        return visit.BREAK;
      },
    });
    return [issue(offset, error instanceof Error ? error.message : String(error))];
  }
  return {
    file,
    data,
    lineOf(path) {
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth) as unknown[], true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

/** Maps schema issues to config issues that name the file, line, path, value and fix. */
export function issuesFrom(source: YamlSource, error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path;
    const value = valueAt(source.data, path);
    const params = (issue as { params?: { fix?: unknown } }).params;
    const fix = typeof params?.fix === 'string' ? params.fix : defaultFix(issue);
    const line = source.lineOf(path);
    return {
      file: source.file,
      ...(line === undefined ? {} : { line }),
      path: formatPath(path),
      ...(value === undefined || typeof value === 'object' ? {} : { value }),
      message: issue.message,
      ...(fix === undefined ? {} : { fix }),
    };
  });
}

function defaultFix(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `remove ${issue.keys.join(', ')} or check its spelling (docs/config.md lists every key)`;
    case 'invalid_type':
      return `write a ${issue.expected} here`;
    case 'invalid_value':
      return `use one of: ${issue.values.map(String).join(', ')}`;
    default:
      return 'see docs/config.md';
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current instanceof Date ? current.toISOString() : current;
}
