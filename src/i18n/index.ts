import type { Locale } from '../core/types.js';
import { buildCatalog, type Catalog } from './catalog.js';
import { LANGUAGES } from './languages.js';
import type { MessageOverrides } from './messages.js';

export type { Catalog } from './catalog.js';

let overrides: Partial<Record<Locale, MessageOverrides>> = {};
const catalogs = new Map<Locale, Catalog>();

/** The texts of a language, with the operator's overrides (config/messages/<code>.yaml) in place. */
export function catalog(locale: Locale): Catalog {
  let found = catalogs.get(locale);
  if (!found) {
    found = buildCatalog(LANGUAGES[locale], overrides[locale]);
    catalogs.set(locale, found);
  }
  return found;
}

/**
 * Puts the operator's overrides in place, for every catalog asked for from now on (done once at
 * start, with what the config loader validated; an empty set restores the built-in texts).
 */
export function useMessageOverrides(next: Partial<Record<Locale, MessageOverrides>>): void {
  overrides = next;
  catalogs.clear();
}
