import { TelegramAdapter } from '../../src/adapters/telegram/telegram-adapter.js';
import { HeraldApp } from '../../src/app.js';
import type { SyncReport } from '../../src/calendar/calendar-service.js';
import { allCommands } from '../../src/commands/registry.js';
import type { HeraldConfig } from '../../src/config/load.js';
import { createLogger, type Logger, silentLogger } from '../../src/core/logger.js';
import { type RateLimits, UNLIMITED } from '../../src/delivery/rate-limiter.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { FakeTelegram } from '../fakes/telegram-server.js';

export const TOKEN = '7000001:AAE-herald-test-token-0123456789';

export interface TelegramHarness {
  readonly app: HeraldApp;
  readonly clock: FakeClock;
  readonly stores: SqliteStores;
  readonly telegram: FakeTelegram;
  /** What `app.start()` reported (config sync: added, changed, removed, moved). */
  readonly report: SyncReport;
  restart(): Promise<TelegramHarness>;
  stop(): Promise<void>;
}

/**
 * Herald with the real grammY client against the fake Bot API; the scheduler runs on a
 * fake clock, the HTTP on the real one.
 */
export async function startTelegram(
  config: HeraldConfig,
  start: string,
  opts: {
    limits?: RateLimits;
    telegram?: FakeTelegram;
    stores?: SqliteStores;
    clock?: FakeClock;
    /** Where Herald logs (default: silent, or debug to stderr with HERALD_TEST_LOG). */
    logger?: Logger;
  } = {},
): Promise<TelegramHarness> {
  const telegram = opts.telegram ?? new FakeTelegram(TOKEN);
  if (!opts.telegram) await telegram.start();
  const clock = opts.clock ?? new FakeClock(start);
  const stores = opts.stores ?? new SqliteStores(':memory:');
  const logger =
    opts.logger ?? (process.env.HERALD_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger());
  const adapter = new TelegramAdapter({
    token: TOKEN,
    apiRoot: telegram.apiRoot,
    clock,
    logger,
    commands: allCommands(),
  });
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger,
    adapters: [adapter],
    instanceId: 'tg-test',
    jitter: () => 0,
    schedulerCapMs: 3_600_000,
    limits: { telegram: opts.limits ?? UNLIMITED },
  });
  const report = await app.start();
  await clock.advance(0);
  const harness: TelegramHarness = {
    app,
    clock,
    stores,
    telegram,
    report,
    async restart() {
      await app.stop();
      return startTelegram(config, start, { ...opts, telegram, stores, clock });
    },
    async stop() {
      await app.stop();
      await telegram.stop();
      await stores.close();
    },
  };
  return harness;
}
