import type { Locale } from '../core/types.js';
import type { Catalog } from './catalog.js';
import { en } from './en.js';
import { fr } from './fr.js';
import { it } from './it.js';

export type { Catalog } from './catalog.js';

const catalogs: Record<Locale, Catalog> = { en, fr, it };

export function catalog(locale: Locale): Catalog {
  return catalogs[locale];
}
