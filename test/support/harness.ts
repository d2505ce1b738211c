import { HeraldApp } from '../../src/app.js';
import type { HeraldConfig } from '../../src/config/load.js';
import { createLogger, silentLogger } from '../../src/core/logger.js';
import type { Platform } from '../../src/core/types.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';

export interface Harness {
  readonly app: HeraldApp;
  readonly clock: FakeClock;
  readonly stores: SqliteStores;
  readonly adapters: Record<Platform, RecordingAdapter>;
  /** Stops this instance and starts a new one on the same store (a restart). */
  restart(at?: string): Promise<Harness>;
}

/** Herald on a fake clock with recording adapters for all three platforms. */
export async function startHarness(
  config: HeraldConfig,
  start: string,
  stores = new SqliteStores(':memory:'),
  clock = new FakeClock(start),
): Promise<Harness> {
  const adapters = {
    console: new RecordingAdapter('console', () => clock.now()),
    telegram: new RecordingAdapter('telegram', () => clock.now()),
    discord: new RecordingAdapter('discord', () => clock.now()),
  };
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger: process.env.HERALD_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger(),
    adapters: Object.values(adapters),
    instanceId: 'test',
    jitter: () => 0,
    // The fake clock cannot drift, so the scheduler may sleep longer between checks.
    schedulerCapMs: 3_600_000,
  });
  await app.start();
  await clock.advance(0);
  return {
    app,
    clock,
    stores,
    adapters,
    async restart(at) {
      await app.stop();
      if (at) clock.jumpTo(at);
      return startHarness(config, at ?? new Date(clock.now()).toISOString(), stores, clock);
    },
  };
}
