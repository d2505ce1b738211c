import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';

function load(herald: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-page-config-'));
  writeFileSync(path.join(dir, 'herald.yaml'), herald);
  writeFileSync(
    path.join(dir, 'events.yaml'),
    'events:\n  - id: mi8-fr\n    title: Mi 8\n    zone: Europe/Paris\n    date: 2030-05-22\n',
  );
  return loadConfig({ HERALD_CONFIG_DIR: dir });
}

describe('the page section of herald.yaml', () => {
  it('is optional, and gives the page its Telegram bot and Discord invite', () => {
    expect(load('defaults: { locale: fr }\n').settings.page).toEqual({});
    expect(
      load('page:\n  telegramBot: herald_launch_bot\n  discordInvite: https://discord.gg/herald\n').settings
        .page,
    ).toEqual({ telegramBot: 'herald_launch_bot', discordInvite: 'https://discord.gg/herald' });
  });

  it('refuses a bot name with an @, and an invite that is not http(s), saying how to write them', () => {
    let error: unknown;
    try {
      load('page:\n  telegramBot: "@herald_bot"\n  discordInvite: "javascript:alert(1)"\n');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).message;
    expect(text).toContain('page.telegramBot');
    expect(text).toContain('without the @');
    expect(text).toContain('page.discordInvite');
    expect(text).toContain('must be an http(s) URL');
  });
});
