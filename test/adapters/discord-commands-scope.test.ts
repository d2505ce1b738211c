import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { botGuilds, syncDiscordCommands } from '../../src/adapters/discord/commands-sync.js';
import { DiscordAdapter } from '../../src/adapters/discord/discord-adapter.js';
import { allCommands } from '../../src/commands/registry.js';
import type { HeraldConfig } from '../../src/config/load.js';
import { systemClock } from '../../src/core/clock.js';
import { ConfigError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import { FakeDiscord, type FakeGuild } from '../fakes/discord-server.js';
import { testConfig } from '../support/config.js';

const TOKEN = 'OTAwMDAwMDAwMDAwMDAwMDAz.fake.herald-commands-scope-token';
const guild = (n: number): FakeGuild => ({
  id: String(448000000000000000n + BigInt(n) * 1000n),
  name: `Server ${n}`,
  channels: [{ id: String(448000000000000001n + BigInt(n) * 1000n), type: 0, name: 'lanci' }],
});
const [A, B] = [guild(1), guild(2)] as [FakeGuild, FakeGuild];

let discord: FakeDiscord | undefined;
afterEach(async () => {
  await discord?.stop();
  discord = undefined;
});

async function fake(guilds: FakeGuild[]): Promise<FakeDiscord> {
  discord = new FakeDiscord(TOKEN, guilds);
  await discord.start();
  return discord;
}

function config(scope: 'guild' | 'global' | undefined, fakeDiscord: FakeDiscord): HeraldConfig {
  const base = testConfig(scope ? { discord: { commands: scope } } : {});
  return { ...base, env: { ...base.env, DISCORD_TOKEN: TOKEN, DISCORD_API_ROOT: fakeDiscord.apiRoot } };
}

/** The scopes that hold commands (Discord shows every one of them). */
const scopes = (d: FakeDiscord) =>
  [...d.commands.entries()].filter(([, list]) => list.length > 0).map(([scope]) => scope);

describe('Discord commands in one scope only', () => {
  it('registers in each server by default, names the global set left behind, and --clean removes it', async () => {
    const d = await fake([A, B]);
    // Registered globally by an earlier version (or `sync` with the config saying global).
    await syncDiscordCommands(config('global', d));
    expect(scopes(d)).toEqual(['global']);

    const sync = await syncDiscordCommands(config(undefined, d));
    expect(sync.split('\n')).toEqual([
      `Registered 15 commands in guild ${A.id}.`,
      `Registered 15 commands in guild ${B.id}.`,
      '15 commands are also registered globally: Discord shows each command twice. Run herald commands sync --clean to remove them.',
    ]);
    expect(scopes(d)).toEqual(['global', A.id, B.id]);

    const clean = await syncDiscordCommands(config('guild', d), { clean: true });
    expect(clean.split('\n').at(-1)).toBe(
      'Removed 15 commands registered globally (the config registers them in each server).',
    );
    expect(scopes(d)).toEqual([A.id, B.id]);
  });

  it('with discord.commands: global, --clean empties every server’s set; --guild is refused', async () => {
    const d = await fake([A, B]);
    await syncDiscordCommands(config('guild', d));
    expect(scopes(d)).toEqual([A.id, B.id]);
    const out = await syncDiscordCommands(config('global', d), { clean: true });
    expect(out.split('\n')).toEqual([
      'Registered 15 commands globally.',
      `Removed 15 commands registered guild ${A.id} (the config registers them globally).`,
      `Removed 15 commands registered guild ${B.id} (the config registers them globally).`,
    ]);
    expect(scopes(d)).toEqual(['global']);
    const refused = await syncDiscordCommands(config('global', d), { guild: A.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).message).toContain('discord.commands: --guild registers guild commands');
  });

  it('lists every server of a bot in more than 200, page by page', async () => {
    const d = await fake(Array.from({ length: 201 }, (_, n) => guild(n + 1)));
    const rest = new REST({ api: d.apiRoot }).setToken(TOKEN);
    const ids = await botGuilds(rest);
    expect(ids.length).toBe(201);
    expect(new Set(ids).size).toBe(201);
  });

  it('the bot syncs the configured set on start, and warns of the other one instead of showing it twice', async () => {
    const d = await fake([A]);
    await syncDiscordCommands(config('guild', d)); // left from when the config said guild
    const lines: string[] = [];
    const adapter = new DiscordAdapter({
      token: TOKEN,
      apiRoot: d.apiRoot,
      clock: systemClock,
      logger: createLogger({
        level: 'warn',
        destination: { write: (line: string) => void lines.push(line) },
      }),
      commands: allCommands(),
      commandScope: 'global',
    });
    await adapter.start({ onCommand: async () => {} });
    await adapter.stop();
    expect(scopes(d)).toEqual([A.id, 'global']);
    const warnings = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => 'where' in l);
    expect(warnings).toEqual([
      expect.objectContaining({
        where: `guild ${A.id}`,
        commands: 15,
        msg: expect.stringContaining('run herald commands sync --clean'),
      }),
    ]);
  });
});
