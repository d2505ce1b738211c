import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/registry.js';
import { loadConfig } from '../../src/config/load.js';
import { describeMessageFiles } from '../../src/config/messages.js';
import { ConfigError } from '../../src/core/errors.js';
import { catalog, useMessageOverrides } from '../../src/i18n/index.js';
import { checkOverrides } from '../../src/i18n/overrides.js';
import { testConfig } from '../support/config.js';
import { consoleSession } from '../support/transcript.js';
import { post } from './compose-fixture.js';

/** A config folder like the repository's, with these files in its messages/ folder. */
function configWith(messages: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-messages-'));
  copyFileSync('config/herald.yaml', path.join(dir, 'herald.yaml'));
  copyFileSync('config/events.yaml', path.join(dir, 'events.yaml'));
  mkdirSync(path.join(dir, 'messages'));
  for (const [name, text] of Object.entries(messages)) writeFileSync(path.join(dir, 'messages', name), text);
  return dir;
}

function refusal(messages: Record<string, string>): string {
  try {
    loadConfig({ HERALD_CONFIG_DIR: configWith(messages), HERALD_DATABASE: ':memory:' });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

afterEach(() => useMessageOverrides({}));

describe('an operator’s texts (config/messages/<code>.yaml)', () => {
  it('replace the built-in ones in posts, replies and command menus, in that language only', async () => {
    const dir = configWith({
      'fr.yaml': [
        '# The brand’s own tone',
        'countdownTitle: "⏳ J-{left} avant {title} !"',
        'commands:',
        '  next:',
        '    description: Le prochain lancement Xiaomi',
        'cmd:',
        '  nextNone: Rien de prévu pour l’instant, restez connectés !',
        '',
      ].join('\n'),
    });
    const config = loadConfig({ HERALD_CONFIG_DIR: dir, HERALD_DATABASE: ':memory:' });
    expect(config.warnings).toEqual([]);
    useMessageOverrides(config.messages ?? {});
    expect(post('fr', 'countdown', '3d').title).toBe('⏳ J-3 jours avant Mi 8 !');
    expect(post('it', 'countdown', '3d').title).toBe('⏳ Mi 8: mancano 3 giorni');
    const next = allCommands().find((c) => c.name === 'next');
    expect(next?.description.fr).toBe('Le prochain lancement Xiaomi');
    expect(next?.description.es).toBe('El próximo lanzamiento');
    // The app puts the config's texts in place when it starts: a reply says it.
    const session = await consoleSession(
      {
        ...testConfig({ defaults: { locale: 'fr', zone: 'Europe/Paris' } }, []),
        messages: config.messages ?? {},
      },
      '2018-05-20T10:00:00Z',
    );
    try {
      expect(await session.say('/next')).toContain('Rien de prévu pour l’instant, restez connectés !');
    } finally {
      await session.app.stop();
    }
  });

  it('may give a language its own unit words, chosen by CLDR’s plural rules', () => {
    useMessageOverrides({ de: { units: { d: '{n, plural, one {# Tag} other {# Tage}} (Kalendertage)' } } });
    expect(post('de', 'countdown', '1d').title).toBe('⏳ Mi 8: noch 1 Tag (Kalendertage)');
    expect(post('de', 'countdown', '21d').title).toBe('⏳ Mi 8: noch 21 Tage (Kalendertage)');
    expect(String(catalog('de').unit(2, 'h'))).toBe('2 Stunden');
  });

  it('are refused with file and line: an unknown key (with the nearest one), a placeholder the text lacks, bad syntax', () => {
    const message = refusal({
      'fr.yaml': [
        'countdownTitle: "⏳ {title} : {left}"',
        'countdownTitel: "⏳ {title}"',
        'cmd:',
        '  nextTitle: "Prochain : {titre}"',
        '  eventsMore: "…et {count, plural, one {un autre}}"',
        '  countdownTitle: "{title, plural, one {#} other {#}}"',
        '',
      ].join('\n'),
    });
    expect(message).toContain('fr.yaml:2 countdownTitel: is not a text Herald has');
    expect(message).toContain('did you mean countdownTitle?');
    expect(message).toContain('fr.yaml:4 cmd.nextTitle: uses {titre}, which this text does not have');
    expect(message).toContain('use only its placeholders: {title}');
    expect(message).toContain('fr.yaml:5 cmd.eventsMore: does not read as a template (MISSING_OTHER_CLAUSE');
    expect(message).toContain('fr.yaml:6 cmd.countdownTitle: uses {title} as a number, but it is a text');
    expect(message).not.toContain('fr.yaml:1 ');
  });

  it('are refused in a file not named after a language, and for a menu text over Discord’s 100 characters', () => {
    expect(refusal({ 'french.yaml': 'remindMe: Rappel\n' })).toContain(
      'french.yaml (root): is not named after a language Herald speaks (en, fr, it, es, de)',
    );
    const long = 'x'.repeat(101);
    expect(refusal({ 'es.yaml': `commands:\n  help:\n    description: ${long}\n` })).toContain(
      'es.yaml:3 commands.help.description: is 101 characters long; command menus allow 100',
    );
  });

  it('load with a warning when they leave out a value the built-in text shows', () => {
    const dir = configWith({ 'it.yaml': 'countdownTitle: "⏳ {title} sta per arrivare"\n' });
    const config = loadConfig({ HERALD_CONFIG_DIR: dir, HERALD_DATABASE: ':memory:' });
    expect(config.warnings).toMatchObject([
      {
        file: path.join(dir, 'messages', 'it.yaml'),
        line: 1,
        path: 'countdownTitle',
        message: 'leaves out {left}, which the built-in text shows',
      },
    ]);
    expect(config.messages?.it?.countdownTitle).toBe('⏳ {title} sta per arrivare');
    // herald check says which languages have the operator's texts, and the warning.
    expect(describeMessageFiles(config.messages ?? {}, config.warnings ?? [])).toEqual([
      'Texts: operator overrides for it (1)',
      `  warning: ${path.join(dir, 'messages', 'it.yaml')}:1 countdownTitle: leaves out {left}, which the built-in text shows\n    fix: add {left} if readers need it (built-in: "⏳ {title}: {n, plural, one {manca {left}} other {mancano {left}}}")`,
    ]);
  });

  it('say so when a file holds no texts, instead of calling the texts built-in without a word', () => {
    const dir = configWith({ 'fr.yaml': '# to do\n' });
    const config = loadConfig({ HERALD_CONFIG_DIR: dir, HERALD_DATABASE: ':memory:' });
    expect(describeMessageFiles(config.messages ?? {}, config.warnings ?? [])).toEqual([
      'Texts: built-in',
      `  warning: ${path.join(dir, 'messages', 'fr.yaml')}: holds no texts: the built-in ones are used\n    fix: add the texts to change (keys in docs/i18n.md), or remove the file`,
    ]);
  });

  it('say which keys a group holds when a text is given where a group is', () => {
    const checked = checkOverrides('en', { cmd: 'Hello' });
    expect(checked.errors).toMatchObject([{ path: ['cmd'], message: 'is a group of texts, not one text' }]);
    expect(checked.overrides).toEqual({});
  });
});
