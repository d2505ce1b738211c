import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';

/** A YAML file parsed with positions, so that schema errors can name the line. */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export function readYaml(
  file: string,
  text: string = readFileSync(file, 'utf8'),
): YamlSource | ConfigIssue[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => ({
      file,
      line: lineCounter.linePos(error.pos[0]).line,
      path: '',
      message: `invalid YAML: ${error.message.split('\n')[0]}`,
      fix: 'check the indentation and the quoting around this line',
    }));
  }
  return {
    file,
    data: doc.toJS() ?? {},
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
