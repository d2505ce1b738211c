import { LOCALES, type Locale } from '../../core/types.js';

const CODE = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i;

/** A language tag (`fr`, `fr-CH`, `IT`) as a locale Herald speaks; undefined for any other. */
export function localeOfTag(tag: string | null | undefined): Locale | undefined {
  const base = tag ? CODE.exec(tag.trim())?.[1]?.toLowerCase() : undefined;
  return base !== undefined && (LOCALES as readonly string[]).includes(base) ? (base as Locale) : undefined;
}

/** `?lang=`: the locale asked for, when Herald speaks it. */
export function localeParam(query: URLSearchParams): Locale | undefined {
  return localeOfTag(query.get('lang'));
}
