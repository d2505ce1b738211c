import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleScreen } from '../../src/adapters/console/screen.js';
import { HeraldApp } from '../../src/app.js';
import { consoleAdapters } from '../../src/cli/console-session.js';
import { loadConfig } from '../../src/config/load.js';
import { type Clock, virtualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { Target } from '../../src/core/types.js';
import { NO_EVENT } from '../../src/ledger/key.js';
import { SummaryService } from '../../src/scheduler/summaries.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';

const PARIS: Target = {
  key: 'telegram:-100',
  platform: 'telegram',
  chatId: '-100',
  locale: 'fr',
  zone: 'Europe/Paris',
  follows: { tags: ['mi8'], events: [] },
  kinds: ['digest'],
  enabled: true,
  source: 'config',
};

let stores: SqliteStores | undefined;
afterEach(async () => {
  await stores?.close();
  stores = undefined;
});

async function summaries(clock: Clock) {
  stores = new SqliteStores(':memory:');
  await stores.migrate();
  await stores.targets.put(PARIS);
  const service = new SummaryService({
    targets: stores.targets,
    ledger: stores.ledger,
    clock,
    logger: silentLogger(),
    cron: '0 9 * * 1',
    windowMs: 14 * 86_400_000,
    onQueued: () => {},
    capMs: 3_600_000,
  });
  const digests = async () =>
    (await (stores as SqliteStores).ledger.forEvent(NO_EVENT)).map((r) => [
      r.slot,
      new Date(r.due).toISOString(),
    ]);
  return { service, digests };
}

/** A clock whose timers fire `lagMs` after they should (an event loop kept busy). */
function lagging(clock: FakeClock, lagMs: number): Clock {
  return {
    now: () => clock.now(),
    setTimer: (fn, ms) => clock.setTimer(fn, ms + lagMs),
    clearTimer: (handle) => clock.clearTimer(handle),
  };
}

describe('cron digests on the clock Herald runs on', () => {
  it('queues each digest due at its slot, even when the timer that noticed it fired late', async () => {
    const clock = new FakeClock('2018-05-14T06:00:00Z'); // Monday 08:00 in Paris
    const { service, digests } = await summaries(lagging(clock, 45 * 60_000));
    await service.start();
    await clock.advanceTo('2018-05-14T08:00:00Z'); // 10:00 in Paris: the 09:00 timer fired at 09:45
    // Due at 09:00, it goes out before the 10:00 countdowns (the scheduler sends in due order).
    expect(await digests()).toEqual([['2018-05-14T09:00', '2018-05-14T07:00:00.000Z']]);
    service.stop();
  });

  it('finds next Monday’s slot and the one after, and never queues one twice', async () => {
    const clock = new FakeClock('2018-05-14T07:30:00Z'); // Monday 09:30 in Paris: this week's slot passed
    const { service, digests } = await summaries(clock);
    await service.start();
    await clock.advanceTo('2018-05-28T08:00:00Z');
    await service.refresh(); // a follow or a /settings: the same zones, nothing new to queue
    expect(await digests()).toEqual([
      ['2018-05-21T09:00', '2018-05-21T07:00:00.000Z'],
      ['2018-05-28T09:00', '2018-05-28T07:00:00.000Z'],
    ]);
    service.stop();
  });

  it('on a rehearsal’s clock, which stands still until Herald is ready, queues the 09:00 digest at 09:00', async () => {
    const real = new FakeClock('2030-01-01T00:00:00Z');
    const clock = virtualClock(Date.parse('2018-05-14T06:55:00Z'), 7200, real, { held: true });
    const { service, digests } = await summaries(clock);
    await service.start();
    await real.advance(2_000); // a slow start: 4 virtual hours at 7200×, were the clock running
    expect(new Date(clock.now()).toISOString()).toBe('2018-05-14T06:55:00.000Z');
    expect(await digests()).toEqual([]);
    clock.run();
    await real.advance((5 * 60_000) / 7200 - 1); // 08:59:59.99 in Paris
    expect(await digests()).toEqual([]);
    await real.advance(1);
    expect(await digests()).toEqual([['2018-05-14T09:00', '2018-05-14T07:00:00.000Z']]);
    service.stop();
  });
});

describe('the rehearsal of the example campaign', () => {
  it('prints the 09:00 digests at 09:00 on the virtual clock, before the 10:00 countdowns', async () => {
    const config = loadConfig({ HERALD_CONFIG_DIR: 'config', HERALD_DATABASE: ':memory:' });
    const real = new FakeClock('2030-01-01T00:00:00Z');
    const clock = virtualClock(Date.parse('2018-05-14T06:00:00Z'), 7200, real, { held: true });
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => {
      shown += chunk.toString('utf8');
    });
    stores = new SqliteStores(':memory:');
    const adapters = consoleAdapters({
      screen: new ConsoleScreen({ output }),
      clock,
      zone: 'Europe/Paris',
      rehearsal: true,
      onEnd: () => {},
    });
    // As `herald start --rehearse` does: timers re-check the clock every 30 s of real time.
    const app = new HeraldApp({
      config,
      stores,
      clock,
      logger: silentLogger(),
      adapters,
      schedulerCapMs: 30_000 * 7200,
    });
    await app.start();
    clock.run();
    await real.advance(26 * 500); // 26 virtual hours: Monday 08:00 to Tuesday 10:00 in Paris
    await app.stop();
    const headers = shown.split('\n').filter((line) => line.startsWith('──') && !line.includes('discord'));
    expect(headers.slice(0, 4)).toEqual([
      '── 2018-05-14 09:00 → console:main · digest · en ──',
      '── 2018-05-14 09:00 → telegram:-1001234567890 · digest · fr ──',
      '── 2018-05-15 10:00 → console:main · countdown · en ──',
      '── 2018-05-15 10:00 → telegram:-1001234567890 · countdown · fr ──',
    ]);
  });
});
