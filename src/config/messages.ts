import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ConfigIssue } from '../core/errors.js';
import { LOCALES, type Locale } from '../core/types.js';
import type { MessageOverrides } from '../i18n/messages.js';
import { checkOverrides, type OverrideIssue } from '../i18n/overrides.js';
import { formatPath, readYaml, type YamlSource } from './yaml-file.js';

export interface MessageFiles {
  /** The operator's texts per language, validated (docs/i18n.md). */
  readonly overrides: Partial<Record<Locale, MessageOverrides>>;
  /** Files or texts that stop the start. */
  readonly issues: readonly ConfigIssue[];
  /** Texts that load but probably say less than meant (a placeholder left out). */
  readonly warnings: readonly ConfigIssue[];
}

/**
 * Reads `<config>/messages/<code>.yaml`: one file per language, each overriding any of that
 * language's texts. A file whose name is not a language Herald speaks is refused (a typo would
 * otherwise be ignored), and so is each unknown key or placeholder, with its file and line.
 */
export function loadMessageFiles(configDir: string): MessageFiles {
  const dir = path.join(configDir, 'messages');
  const overrides: Partial<Record<Locale, MessageOverrides>> = {};
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  if (!existsSync(dir)) return { overrides, issues, warnings };
  for (const name of readdirSync(dir).sort()) {
    if (!/\.ya?ml$/i.test(name)) continue;
    const file = path.join(dir, name);
    const code = name.replace(/\.ya?ml$/i, '');
    if (!(LOCALES as readonly string[]).includes(code)) {
      issues.push({
        file,
        path: '',
        message: `is not named after a language Herald speaks (${LOCALES.join(', ')})`,
        fix: `name it <code>.yaml, e.g. ${path.join(dir, 'fr.yaml')}; to add a language, see docs/i18n.md`,
      });
      continue;
    }
    const source = readYaml(file);
    if (Array.isArray(source)) {
      issues.push(...source);
      continue;
    }
    const checked = checkOverrides(code as Locale, source.data);
    issues.push(...checked.errors.map((issue) => located(source, issue)));
    warnings.push(...checked.warnings.map((issue) => located(source, issue)));
    if (checked.errors.length === 0 && Object.keys(checked.overrides).length > 0)
      overrides[code as Locale] = checked.overrides;
    else if (checked.errors.length === 0)
      warnings.push({
        file,
        path: '',
        message: 'holds no texts: the built-in ones are used',
        fix: 'add the texts to change (keys in docs/i18n.md), or remove the file',
      });
  }
  return { overrides, issues, warnings };
}

function located(source: YamlSource, issue: OverrideIssue): ConfigIssue {
  const line = source.lineOf(issue.path);
  return {
    file: source.file,
    ...(line === undefined ? {} : { line }),
    path: formatPath(issue.path),
    ...(issue.value === undefined ? {} : { value: issue.value }),
    message: issue.message,
    fix: issue.fix,
  };
}

/** What `herald check` says of the texts: which languages the operator overrides, and the warnings. */
export function describeMessageFiles(
  overrides: Partial<Record<Locale, MessageOverrides>>,
  warnings: readonly ConfigIssue[],
): string[] {
  const count = (node: object): number =>
    Object.values(node).reduce<number>((n, v) => n + (typeof v === 'string' ? 1 : count(v as object)), 0);
  const langs = Object.entries(overrides).map(([code, texts]) => `${code} (${count(texts as object)})`);
  return [
    `Texts: ${langs.length > 0 ? `operator overrides for ${langs.join(', ')}` : 'built-in'}`,
    ...warnings.map(
      (w) =>
        `  warning: ${w.file}${w.line === undefined ? '' : `:${w.line}`}${w.path ? ` ${w.path}` : ''}: ${w.message}${w.fix ? `\n    fix: ${w.fix}` : ''}`,
    ),
  ];
}
