import { DiscordAdapter } from '../../src/adapters/discord/discord-adapter.js';
import { HeraldApp } from '../../src/app.js';
import { allCommands } from '../../src/commands/registry.js';
import type { HeraldConfig } from '../../src/config/load.js';
import { createLogger, silentLogger } from '../../src/core/logger.js';
import { type RateLimits, UNLIMITED } from '../../src/delivery/rate-limiter.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeDiscord, type FakeGuild } from '../fakes/discord-server.js';
import { FakeClock } from '../fakes/fake-clock.js';

export const DISCORD_TOKEN = 'OTAwMDAwMDAwMDAwMDAwMDAy.fake.herald-discord-test-token';

export const GUILD: FakeGuild = {
  id: '448000000000000000',
  name: 'Mi Fans Italia',
  channels: [
    { id: '448000000000000001', type: 0, name: 'lanci' },
    { id: '448000000000000002', type: 5, name: 'annunci' },
  ],
};

export interface DiscordHarness {
  readonly app: HeraldApp;
  readonly clock: FakeClock;
  readonly stores: SqliteStores;
  readonly discord: FakeDiscord;
  stop(): Promise<void>;
}

/** Herald with the real discord.js client against the fake REST + gateway; the scheduler on a fake clock. */
export async function startDiscord(
  config: HeraldConfig,
  start: string,
  opts: {
    limits?: RateLimits;
    guilds?: FakeGuild[];
    deferAfterMs?: number;
    /**
     * discord.js's own global cap (default 50 a second), counted on the real clock: a test
     * that sends more than that in a second of real time (while its fake clock stands still)
     * raises it so that only Herald's limiter paces the sends.
     */
    globalRequestsPerSecond?: number;
  } = {},
): Promise<DiscordHarness> {
  const discord = new FakeDiscord(DISCORD_TOKEN, opts.guilds ?? [GUILD]);
  await discord.start();
  const clock = new FakeClock(start);
  const stores = new SqliteStores(':memory:');
  const logger = process.env.HERALD_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger();
  const adapter = new DiscordAdapter({
    token: DISCORD_TOKEN,
    apiRoot: discord.apiRoot,
    clock,
    logger,
    commands: allCommands(),
    adminRoles: config.settings.discordAdminRoles,
    ...(opts.deferAfterMs === undefined ? {} : { deferAfterMs: opts.deferAfterMs }),
    ...(opts.globalRequestsPerSecond === undefined
      ? {}
      : { globalRequestsPerSecond: opts.globalRequestsPerSecond }),
  });
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger,
    adapters: [adapter],
    instanceId: 'dc-test',
    jitter: () => 0,
    schedulerCapMs: 3_600_000,
    limits: { discord: opts.limits ?? UNLIMITED },
  });
  await app.start();
  await clock.advance(0);
  return {
    app,
    clock,
    stores,
    discord,
    async stop() {
      await app.stop();
      await discord.stop();
      await stores.close();
    },
  };
}
