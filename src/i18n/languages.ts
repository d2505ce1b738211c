import type { Locale } from '../core/types.js';
import type { Language } from './language.js';
import { de } from './locales/de.js';
import { en } from './locales/en.js';
import { es } from './locales/es.js';
import { fr } from './locales/fr.js';
import { it } from './locales/it.js';

/**
 * The languages Herald speaks, one file each in ./locales/. To add one: write its file (the
 * typecheck lists every text it still misses), add its code to LOCALES (src/core/types.ts) and
 * its line here (the typecheck asks for it). See docs/i18n.md.
 */
export const LANGUAGES: Readonly<Record<Locale, Language>> = { en, fr, it, es, de };
