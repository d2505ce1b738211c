import type { Locale } from '../core/types.js';
import type { Messages } from './messages.js';

/** A language Herald speaks: its templates, and which CLDR data formats its dates, numbers and lists. */
export interface Language {
  readonly code: Locale;
  /**
   * The CLDR locale for Intl (plurals, dates, numbers, lists, unit names). Usually the code;
   * English uses en-GB's dates (day before month, 24-hour clock), as Herald always has.
   */
  readonly cldr: string;
  /**
   * Words of the templates that elide before a value starting with a vowel: French
   * `{ 'de ': 'd’', 'que ': 'qu’' }` makes "heure de {city}" read "heure d’Amsterdam".
   */
  readonly elisions?: Readonly<Record<string, string>>;
  readonly messages: Messages;
}

/** Types a language file: a missing or unknown key fails the typecheck. */
export function defineLanguage(language: Language): Language {
  return language;
}
