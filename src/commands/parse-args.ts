import { LIMITS } from '../config/schema.js';
import type { ArgValue, CommandSpec, OptionSpec, ParsedArgs } from './spec.js';

export type ArgProblem =
  | { readonly code: 'missing'; readonly option: string }
  | { readonly code: 'too_many' }
  | { readonly code: 'bad_value'; readonly option: string; readonly value: string; readonly expected: string }
  | { readonly code: 'too_long'; readonly option: string; readonly max: number }
  | { readonly code: 'unclosed_quote' };

/** Longest value of an option with no `maxLength`: the calendar's own limits where it names one. */
const DEFAULT_MAX = 1000;
const MAX_BY_SOURCE: Readonly<Partial<Record<NonNullable<OptionSpec['source']>, number>>> = {
  event: LIMITS.id,
  tag: LIMITS.tag,
  topic: Math.max(LIMITS.id, LIMITS.tag),
  // The longest IANA zone name is 32 characters; a language is a short code.
  zone: 64,
  locale: 16,
};

/** The longest value `option` accepts, in characters. */
export function maxLengthOf(option: OptionSpec): number {
  return option.maxLength ?? (option.source ? MAX_BY_SOURCE[option.source] : undefined) ?? DEFAULT_MAX;
}

/** At most `max` characters of a value to show back (an answer never repeats 10,000 of them). */
export function shortened(value: string, max = 40): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

export type ParseResult =
  | { readonly ok: true; readonly args: ParsedArgs }
  | { readonly ok: false; readonly problem: ArgProblem };

/**
 * Splits command text into tokens: spaces separate, "double", 'single', «guillemets» and
 * “curly” quotes group. Never throws.
 */
export function tokenize(text: string): { tokens: string[]; unclosed: boolean } {
  const tokens: string[] = [];
  const closers: Record<string, string> = { '"': '"', "'": "'", '«': '»', '“': '”' };
  let current = '';
  let inToken = false;
  let closer: string | undefined;
  for (const ch of text) {
    if (closer !== undefined) {
      if (ch === closer) closer = undefined;
      else current += ch;
      continue;
    }
    if (ch in closers && (!inToken || current.endsWith(':') || current.endsWith('='))) {
      closer = closers[ch];
      inToken = true;
      continue;
    }
    if (/\s/.test(ch)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
      continue;
    }
    current += ch;
    inToken = true;
  }
  if (inToken) tokens.push(current);
  return { tokens, unclosed: closer !== undefined };
}

/**
 * Parses chat text against a command's options: `name:value` (or `name=value`) for any
 * option, the others by position; an option marked `rest` takes the remaining words.
 */
export function parseTextArgs(spec: Pick<CommandSpec, 'options'>, text: string): ParseResult {
  const { tokens, unclosed } = tokenize(text.trim());
  if (unclosed) return { ok: false, problem: { code: 'unclosed_quote' } };
  const raw: Record<string, string> = {};
  const positional: string[] = [];
  for (const token of tokens) {
    const named = /^([a-z0-9_]{1,32})[:=](.*)$/s.exec(token);
    const option = named ? spec.options.find((o) => o.name === named[1]) : undefined;
    if (named && option) raw[option.name] = named[2] ?? '';
    else positional.push(token);
  }
  const byPosition = spec.options.filter((o) => !o.namedOnly && raw[o.name] === undefined);
  for (const option of byPosition) {
    if (positional.length === 0) break;
    raw[option.name] = option.rest ? positional.splice(0).join(' ') : (positional.shift() as string);
  }
  if (positional.length > 0) return { ok: false, problem: { code: 'too_many' } };
  return coerceArgs(spec, raw);
}

/** Validates and types values that arrived as strings or as typed platform options. */
export function coerceArgs(
  spec: Pick<CommandSpec, 'options'>,
  raw: Readonly<Record<string, string | number | boolean>>,
): ParseResult {
  const args: Record<string, ArgValue> = {};
  for (const option of spec.options) {
    const value = raw[option.name];
    if (value === undefined || value === '') {
      if (option.required) return { ok: false, problem: { code: 'missing', option: option.name } };
      continue;
    }
    if (option.type === 'string' && [...String(value).trim()].length > maxLengthOf(option))
      return { ok: false, problem: { code: 'too_long', option: option.name, max: maxLengthOf(option) } };
    const typed = coerce(option, value);
    if (typed === undefined) {
      return {
        ok: false,
        problem: {
          code: 'bad_value',
          option: option.name,
          value: shortened(String(value)),
          expected: expected(option),
        },
      };
    }
    args[option.name] = typed;
  }
  for (const name of Object.keys(raw)) {
    if (!spec.options.some((o) => o.name === name)) return { ok: false, problem: { code: 'too_many' } };
  }
  return { ok: true, args };
}

function coerce(option: OptionSpec, value: string | number | boolean): ArgValue | undefined {
  switch (option.type) {
    case 'integer': {
      const n =
        typeof value === 'number' ? value : /^-?\d{1,9}$/.test(String(value)) ? Number(value) : Number.NaN;
      return Number.isInteger(n) ? n : undefined;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const text = String(value).toLowerCase();
      if (['true', 'yes', 'oui', 'si', 'sì', '1', 'on'].includes(text)) return true;
      if (['false', 'no', 'non', '0', 'off'].includes(text)) return false;
      return undefined;
    }
    case 'string': {
      const text = String(value).trim();
      if (text.length === 0) return undefined;
      if (option.choices && !option.choices.includes(text)) return undefined;
      return text;
    }
  }
}

function expected(option: OptionSpec): string {
  if (option.choices) return option.choices.join(' | ');
  if (option.type === 'integer') return 'a whole number';
  if (option.type === 'boolean') return 'true or false';
  return `text up to ${maxLengthOf(option)} characters`;
}

export function usage(spec: Pick<CommandSpec, 'name' | 'options'>, prefix = ''): string {
  const parts = spec.options.map((o) => {
    const shown = o.namedOnly ? `${o.name}:…` : o.name;
    return o.required ? `<${shown}>` : `[${shown}]`;
  });
  return [`${prefix}${spec.name}`, ...parts].join(' ');
}
