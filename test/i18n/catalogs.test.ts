import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/registry.js';
import { LOCALES } from '../../src/core/types.js';
import { lookup } from '../../src/i18n/catalog.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { argsOf, messageKeys, OPTIONAL_KEYS, placeholdersOf } from '../../src/i18n/messages.js';
import { compileTemplate, readTemplate } from '../../src/i18n/template.js';
import { ZONE_CITIES } from '../../src/i18n/zone-cities.js';
import { zoneCities } from '../../src/i18n/zone-cities-source.js';

describe('the language files', () => {
  it('are one per language Herald speaks, each under its own code', () => {
    expect(Object.keys(LANGUAGES).sort()).toEqual([...LOCALES].sort());
    for (const [code, language] of Object.entries(LANGUAGES)) expect(language.code).toBe(code);
  });

  it('give a template for every key, using only the values the key has, and showing what English shows', () => {
    const problems: string[] = [];
    for (const language of Object.values(LANGUAGES)) {
      for (const key of messageKeys()) {
        const source = lookup(language.messages, key);
        if (source === undefined) {
          if (!OPTIONAL_KEYS.some((optional) => key === optional || key.startsWith(`${optional}.`)))
            problems.push(`${language.code} ${key}: missing`);
          continue;
        }
        const allowed = placeholdersOf(argsOf(key) ?? {});
        const { uses } = readTemplate(source);
        for (const [name, use] of uses) {
          if (!allowed.has(name))
            problems.push(`${language.code} ${key}: {${name}} is not a value of this key`);
          else if (use.has('number') && allowed.get(name) !== 'number')
            problems.push(`${language.code} ${key}: {${name}} is a text, used as a number`);
        }
        const english = lookup(LANGUAGES.en.messages, key);
        if (english === undefined) continue;
        for (const [name, use] of readTemplate(english).uses)
          if (use.has('shown') && !uses.get(name)?.has('shown'))
            problems.push(`${language.code} ${key}: leaves out {${name}}, which English shows`);
        // Every template formats with any values of its kinds.
        const sample = Object.fromEntries([...allowed].map(([n, k]) => [n, k === 'number' ? 21 : n]));
        compileTemplate(source, language.cldr, language.elisions).format(sample);
      }
    }
    expect(problems).toEqual([]);
  });

  it('describe every command and option within Discord’s 100 characters, in every language', () => {
    const problems: string[] = [];
    for (const spec of allCommands()) {
      for (const locale of LOCALES) {
        const texts = [spec.description[locale], ...spec.options.map((o) => o.description[locale])];
        for (const text of texts) {
          if (!text) problems.push(`${spec.name} ${locale}: no description`);
          else if ([...text].length > 100) problems.push(`${spec.name} ${locale}: ${text.length} characters`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Not English copied over: each language says it its own way.
    const help = allCommands().find((s) => s.name === 'help');
    expect(new Set(LOCALES.map((l) => help?.description[l])).size).toBe(LOCALES.length);
  });
});

describe('the zone city table', () => {
  it('is what CLDR gives (node --import tsx scripts/zone-cities.ts writes it)', () => {
    const require = createRequire(import.meta.url);
    const readCldr = (language: string): unknown =>
      JSON.parse(
        readFileSync(require.resolve(`cldr-dates-full/main/${language}/timeZoneNames.json`), 'utf8'),
      );
    expect(ZONE_CITIES).toEqual(zoneCities(readCldr));
    // A few that readers meet: no underscore, each language's own name.
    expect(ZONE_CITIES['Asia/Hong_Kong']).toEqual({ de: 'Hongkong' });
    expect(ZONE_CITIES['Europe/Rome']).toEqual({ it: 'Roma', es: 'Roma', de: 'Rom' });
  });
});
