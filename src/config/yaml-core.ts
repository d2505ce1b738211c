import { FAILSAFE_SCHEMA, type Schema, Type } from 'js-yaml';

/**
 * Plain scalars read as the `yaml` package's YAML 1.2 core schema reads them (the same tests, from
 * yaml/dist/schema/core/), so that js-yaml's reading of a config is the `yaml` package's: js-yaml's
 * own core schema also takes 0b101 as 5 and -0x1F as -31, where YAML 1.2 keeps them text. One
 * type per tag (js-yaml keeps only the last of several), each trying the forms in `yaml`'s order.
 */
function scalar(
  tag: string,
  /** The characters a scalar of this type may start with: most text is ruled out at once. */
  first: string,
  forms: readonly (readonly [RegExp, (text: string) => unknown])[],
): Type {
  const formOf = (text: string | null) =>
    text === null || (text.length > 0 && !first.includes(text.charAt(0)))
      ? undefined
      : forms.find(([test]) => test.test(text));
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (text: string | null) => formOf(text) !== undefined,
    construct: (text: string | null) => formOf(text)?.[1](text ?? ''),
  });
}

/** YAML 1.2 core: null, booleans, decimal, octal (0o) and hex (0x) integers, floats; no timestamps, no merge keys. */
export const YAML_CORE_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', '~nN', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalar('bool', 'tTfF', [
      [/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T'],
    ]),
    scalar('int', '+-0123456789', [
      [/^0o[0-7]+$/, (text) => Number.parseInt(text.slice(2), 8)],
      [/^[-+]?[0-9]+$/, (text) => Number.parseInt(text, 10)],
      [/^0x[0-9a-fA-F]+$/, (text) => Number.parseInt(text.slice(2), 16)],
    ]),
    scalar('float', '+-.0123456789', [
      [
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
        (text) =>
          text.slice(-3).toLowerCase() === 'nan' ? Number.NaN : text[0] === '-' ? -Infinity : Infinity,
      ],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, Number.parseFloat],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, Number.parseFloat],
    ]),
  ],
});
