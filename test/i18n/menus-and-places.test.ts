import { describe, expect, it } from 'vitest';
import { applicationCommands } from '../../src/adapters/discord/commands.js';
import { commandMenus } from '../../src/adapters/telegram/commands.js';
import { parseWhen } from '../../src/commands/date-phrase.js';
import { allCommands } from '../../src/commands/registry.js';
import { suggest } from '../../src/commands/suggest.js';
import { LOCALES } from '../../src/core/types.js';
import { zonePlace } from '../../src/i18n/zone-names.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';

describe('command menus', () => {
  it('give Discord every locale of each language: Spanish for es-ES and es-419, German for de', () => {
    const next = applicationCommands(allCommands()).find((c) => c.name === 'next') as {
      description: string;
      description_localizations: Record<string, string>;
      name_localizations: Record<string, string>;
    };
    expect(next.description).toBe('The next launch');
    expect(next.description_localizations).toEqual({
      de: 'Der nächste Launch',
      'es-ES': 'El próximo lanzamiento',
      'es-419': 'El próximo lanzamiento',
      fr: 'Le prochain lancement',
      it: 'Il prossimo lancio',
    });
    expect(next.name_localizations).toEqual({
      de: 'naechster',
      'es-ES': 'proximo',
      'es-419': 'proximo',
      fr: 'prochain',
      it: 'prossimo',
    });
    const settings = applicationCommands(allCommands()).find((c) => c.name === 'settings') as {
      options: { name: string; description: string; description_localizations: Record<string, string> }[];
    };
    const language = settings.options.find((o) => o.name === 'language');
    expect(language?.description).toBe('en, fr, it, es or de');
    expect(language?.description_localizations.de).toBe('en, fr, it, es oder de');
  });

  it('give Telegram a menu per language code, in that language', () => {
    const menus = commandMenus(allCommands(), LOCALES).filter((m) => m.scope.type === 'default');
    expect(menus.map((m) => m.language_code ?? '-')).toEqual(['-', 'fr', 'it', 'es', 'de']);
    const events = (code: string) =>
      menus.find((m) => (m.language_code ?? '-') === code)?.commands.find((c) => c.command === 'events')
        ?.description;
    expect(events('es')).toBe('Los próximos lanzamientos, también por etiqueta');
    expect(events('de')).toBe('Kommende Launches, auf Wunsch mit einem Tag');
  });

  it('offer each language by its own name in /settings', async () => {
    const stores = new SqliteStores(':memory:');
    await stores.migrate();
    try {
      const names = await suggest(
        {
          platform: 'discord',
          command: 'settings',
          source: 'locale',
          value: '',
          locale: 'en',
          userId: '1',
          community: 'discord:guild:1',
          chatKind: 'group',
        },
        stores.events,
        0,
        false,
      );
      expect(names).toEqual([
        { name: 'English', value: 'en' },
        { name: 'Français', value: 'fr' },
        { name: 'Italiano', value: 'it' },
        { name: 'Español', value: 'es' },
        { name: 'Deutsch', value: 'de' },
      ]);
    } finally {
      await stores.close();
    }
  });
});

describe('zones without a city', () => {
  it('read as their offset, in the reader’s language', () => {
    expect(zonePlace('Etc/UTC', 'fr')).toEqual({ kind: 'offset', name: 'UTC' });
    expect(zonePlace('Etc/GMT+5', 'en', 'en-GB').name).toBe('GMT-05:00');
    expect(zonePlace('Etc/GMT+5', 'fr').name).toBe('UTC−05:00');
    expect(zonePlace('Asia/Kolkata', 'de')).toEqual({ kind: 'city', name: 'Kalkutta' });
    expect(zonePlace('America/Argentina/Buenos_Aires', 'en')).toEqual({ kind: 'city', name: 'Buenos Aires' });
  });
});

describe('dates typed in Spanish and German', () => {
  const now = Date.parse('2027-01-01T00:00:00Z');
  it('read as the help texts show them, in the chat’s zone', () => {
    const at = { kind: 'instant', at: Date.parse('2027-05-22T12:00:00Z') };
    expect(parseWhen('22 de mayo 14:00', 'Europe/Madrid', 'es', now)).toEqual(at);
    expect(parseWhen('el 22 de mayo a las 14:00', 'Europe/Madrid', 'es', now)).toEqual(at);
    expect(parseWhen('22. Mai 14:00', 'Europe/Berlin', 'de', now)).toEqual(at);
    expect(parseWhen('am 22. Mai um 14 Uhr', 'Europe/Berlin', 'de', now)).toEqual(at);
    expect(parseWhen('22. Mai', 'Europe/Berlin', 'de', now)).toEqual({ kind: 'date', date: '2027-05-22' });
  });
});
