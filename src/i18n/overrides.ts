import type { Locale } from '../core/types.js';
import { lookup } from './catalog.js';
import { LANGUAGES } from './languages.js';
import { argsOf, MESSAGE_ARGS, type MessageOverrides, placeholdersOf } from './messages.js';
import { compileTemplate, type PlaceholderUse, readTemplate } from './template.js';

/** One problem in an operator's texts, at a path of the file (`cmd.nextNone`). */
export interface OverrideIssue {
  readonly path: readonly string[];
  readonly message: string;
  readonly fix: string;
  readonly value?: string;
}

export interface CheckedOverrides {
  /** The texts that passed (only these apply; none when there are errors). */
  readonly overrides: MessageOverrides;
  /** Refused: an unknown key, a placeholder the text does not have, bad syntax. */
  readonly errors: readonly OverrideIssue[];
  /** Accepted, but probably a mistake: a placeholder the built-in text shows is left out. */
  readonly warnings: readonly OverrideIssue[];
}

/** Discord's limit for a command's or option's description (Telegram allows 256). */
const DESCRIPTION_LIMIT = 100;

/**
 * Checks an operator's override data for one language (what config/messages/<code>.yaml holds):
 * the same tree as the language files, any subset of it. Refuses unknown keys (naming the
 * nearest known one), templates that do not parse, placeholders the text does not have (or a
 * number's `plural` on a text), and descriptions over Discord's 100 characters; warns when a
 * placeholder the built-in text shows is left out (a brand may drop a detail on purpose).
 */
export function checkOverrides(locale: Locale, data: unknown): CheckedOverrides {
  const errors: OverrideIssue[] = [];
  const warnings: OverrideIssue[] = [];
  const overrides: Record<string, unknown> = {};

  const walk = (node: unknown, schema: object, path: string[], out: Record<string, unknown>) => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      errors.push({
        path,
        message: path.length === 0 ? 'is not a mapping of texts' : 'is a group of texts, not one text',
        fix:
          path.length === 0
            ? 'write keys and texts, e.g. `countdownTitle: "⏳ {title}: {left}"` (docs/i18n.md)'
            : `write its texts under it: ${Object.keys(schema).slice(0, 4).join(', ')}…`,
      });
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const at = [...path, key];
      if (!Object.hasOwn(schema, key)) {
        const near = nearest(key, Object.keys(schema));
        errors.push({
          path: at,
          message: `is not a text Herald has${path.length > 0 ? ` under ${path.join('.')}` : ''}`,
          fix: near
            ? `did you mean ${[...path, near].join('.')}? (docs/i18n.md lists every key)`
            : `remove it; the keys here are ${Object.keys(schema).join(', ')}`,
        });
        continue;
      }
      const dotted = at.join('.');
      const args = argsOf(dotted);
      if (!args) {
        const child: Record<string, unknown> = {};
        walk(value, (schema as Record<string, object>)[key] as object, at, child);
        if (Object.keys(child).length > 0) out[key] = child;
        continue;
      }
      if (typeof value !== 'string') {
        errors.push({
          path: at,
          message: 'is not a text',
          fix: 'write the text in quotes, e.g. "…"',
          ...(value === null || typeof value === 'object' ? {} : { value: String(value) }),
        });
        continue;
      }
      const problem = checkTemplate(locale, dotted, args, value, at, warnings);
      if (problem) errors.push(problem);
      else out[key] = value;
    }
  };
  walk(data ?? {}, MESSAGE_ARGS, [], overrides);
  return { overrides: errors.length > 0 ? {} : (overrides as MessageOverrides), errors, warnings };
}

function checkTemplate(
  locale: Locale,
  key: string,
  args: Readonly<Record<string, 'text' | 'number' | 'span'>>,
  source: string,
  path: string[],
  warnings: OverrideIssue[],
): OverrideIssue | undefined {
  const allowed = placeholdersOf(args);
  const known = [...allowed.keys()].map((name) => `{${name}}`).join(', ') || 'none';
  let uses: ReadonlyMap<string, ReadonlySet<PlaceholderUse>>;
  try {
    uses = readTemplate(source).uses;
  } catch (error) {
    const where = (error as { location?: { start?: { line?: number; column?: number } } }).location?.start;
    return {
      path,
      value: source,
      message: `does not read as a template (${error instanceof Error ? error.message : String(error)}${where ? ` at line ${where.line}, column ${where.column} of the text` : ''})`,
      fix: 'close every { with }, and give plural forms as {count, plural, one {…} other {…}} (docs/i18n.md)',
    };
  }
  for (const [name, use] of uses) {
    const kind = allowed.get(name);
    if (kind === undefined) {
      return {
        path,
        value: source,
        message: `uses {${name}}, which this text does not have`,
        fix: `use only its placeholders: ${known}`,
      };
    }
    if (use.has('number') && kind !== 'number') {
      return {
        path,
        value: source,
        message: `uses {${name}} as a number, but it is a text`,
        fix: `show it as {${name}}; ${
          [...allowed]
            .filter(([, k]) => k === 'number')
            .map(([n]) => `{${n}}`)
            .join(', ') || 'no placeholder'
        } can choose plural forms`,
      };
    }
  }
  // A trial run with made-up values: what the parser lets through but formatting refuses.
  const sample: Record<string, string | number> = {};
  for (const [name, kind] of allowed) sample[name] = kind === 'number' ? 2 : name;
  let formatted: string;
  try {
    formatted = compileTemplate(source, LANGUAGES[locale].cldr).format(sample);
  } catch (error) {
    return {
      path,
      value: source,
      message: `cannot be formatted (${error instanceof Error ? error.message : String(error)})`,
      fix: 'check the placeholders and plural forms (docs/i18n.md)',
    };
  }
  if (key.startsWith('commands.') || key.startsWith('options.')) {
    if ([...formatted].length > DESCRIPTION_LIMIT) {
      return {
        path,
        value: source,
        message: `is ${[...formatted].length} characters long; command menus allow ${DESCRIPTION_LIMIT}`,
        fix: `shorten it to ${DESCRIPTION_LIMIT} characters (Discord's limit)`,
      };
    }
  }
  const original = lookup(LANGUAGES[locale].messages, key) ?? lookup(LANGUAGES.en.messages, key);
  if (original !== undefined) {
    const shown = [...readTemplate(original).uses]
      .filter(([, use]) => use.has('shown'))
      .map(([name]) => name);
    const missing = shown.filter((name) => !uses.get(name)?.has('shown'));
    if (missing.length > 0) {
      warnings.push({
        path,
        value: source,
        message: `leaves out ${missing.map((n) => `{${n}}`).join(', ')}, which the built-in text shows`,
        fix: `add ${missing.map((n) => `{${n}}`).join(', ')} if readers need it (built-in: ${JSON.stringify(original)})`,
      });
    }
  }
  return undefined;
}

/** The known key nearest to a misspelt one, when it is near enough to be a guess. */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
