import type { Locale } from '../../core/types.js';
import { localeOfTag, localeParam } from '../feeds/language.js';

/**
 * The page's language: `?lang=` when Herald speaks it, else the first language of the
 * reader's `Accept-Language` (by weight) that Herald speaks, else the default.
 */
export function pageLocale(
  query: URLSearchParams,
  acceptLanguage: string | undefined,
  fallback: Locale,
): { readonly locale: Locale; readonly asked: boolean } {
  const asked = localeParam(query);
  if (asked) return { locale: asked, asked: true };
  return { locale: fromAcceptLanguage(acceptLanguage) ?? fallback, asked: false };
}

/** RFC 9110 §12.5.4: `fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5`, highest weight first, ties in order. */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    const locale = localeOfTag(range.tag);
    if (locale) return locale;
  }
  return undefined;
}
