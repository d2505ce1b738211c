import {
  isArgumentElement,
  isDateElement,
  isNumberElement,
  isPluralElement,
  isPoundElement,
  isSelectElement,
  isTagElement,
  isTimeElement,
  type MessageFormatElement,
  parse,
} from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';

/**
 * Templates are ICU MessageFormat (the syntax of CLDR, Crowdin and FormatJS): `{title}`,
 * `{count, plural, one {# post} other {# posts}}`. `<` and `>` are plain text (`events <tag>`),
 * and an apostrophe is a letter unless it quotes a brace.
 */
const OPTIONS = { ignoreTag: true } as const;

export type TemplateValues = Readonly<Record<string, string | number>>;

/** One template of one language, parsed once. */
export interface Template {
  format(values: TemplateValues): string;
}

// Values are marked while the template is formatted, so that elision applies only where the
// template's own words meet a value ("de {city}"), never inside an event's title.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKS = /[\uE000\uE001]/g;
/** Letters that make French "de"/"que" elide; `h` and `y` are left out (h aspiré: "de Hong Kong"). */
const VOWEL = 'aeiouàâäéèêëîïôöùûüæœAEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜÆŒ';

/**
 * Compiles a template for a CLDR locale. `elisions` maps a word of the template to the form it
 * takes before a value that starts with a vowel (French `{ "de ": "d’", "que ": "qu’" }`).
 */
export function compileTemplate(
  source: string,
  cldr: string,
  elisions?: Readonly<Record<string, string>>,
): Template {
  const message = new IntlMessageFormat(source, cldr, undefined, OPTIONS);
  const elide = elisionPattern(elisions);
  if (!elide || !elisions) {
    return { format: (values) => String(message.format(values)) };
  }
  return {
    format(values) {
      const marked: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(values))
        marked[name] = typeof value === 'string' ? `${OPEN}${value}${CLOSE}` : value;
      return String(message.format(marked))
        .replace(elide, (_m, word: string) => `${elisions[word] ?? word}${OPEN}`)
        .replace(MARKS, '');
    },
  };
}

function elisionPattern(elisions: Readonly<Record<string, string>> | undefined): RegExp | undefined {
  const words = Object.keys(elisions ?? {});
  if (words.length === 0) return undefined;
  const alternatives = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives})${OPEN}(?=[${VOWEL}])`, 'gu');
}

export type PlaceholderUse = 'shown' | 'number' | 'select';

/** What a template uses: each placeholder, and how (shown, as a number, as a choice). */
export interface TemplateUse {
  readonly uses: ReadonlyMap<string, ReadonlySet<PlaceholderUse>>;
}

/**
 * Reads a template without compiling it for a locale: its placeholders and how each is used.
 * Throws the parser's error (with `location`) when the syntax is wrong.
 */
export function readTemplate(source: string): TemplateUse {
  const uses = new Map<string, Set<PlaceholderUse>>();
  const note = (name: string, use: PlaceholderUse) => {
    const known = uses.get(name) ?? new Set<PlaceholderUse>();
    known.add(use);
    uses.set(name, known);
  };
  const walk = (elements: readonly MessageFormatElement[], pluralOf?: string) => {
    for (const el of elements) {
      if (isArgumentElement(el)) note(el.value, 'shown');
      else if (isNumberElement(el) || isDateElement(el) || isTimeElement(el)) note(el.value, 'number');
      else if (isPluralElement(el)) {
        note(el.value, 'number');
        for (const option of Object.values(el.options)) walk(option.value, el.value);
      } else if (isSelectElement(el)) {
        note(el.value, 'select');
        for (const option of Object.values(el.options)) walk(option.value, pluralOf);
      } else if (isTagElement(el)) walk(el.children, pluralOf);
      else if (isPoundElement(el) && pluralOf !== undefined) note(pluralOf, 'shown');
    }
  };
  walk(parse(source, OPTIONS));
  return { uses };
}
