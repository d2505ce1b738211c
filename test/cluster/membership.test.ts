/**
 * What an operator reads while instances join and leave: every time this instance gains or
 * loses the right to claim and send, one log line says so, including on a beat that also
 * changes the members (the three-instance process tests wait for that line).
 */
import { describe, expect, it } from 'vitest';
import { Membership } from '../../src/cluster/membership.js';
import { DEFAULT_TIMINGS } from '../../src/cluster/standing.js';
import type { Clock, TimerHandle } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';

const START = Date.parse('2026-05-22T10:00:00Z');

/** A process's view of the clock that can be stopped (SIGSTOP): its timers wait, then fire late, at once. */
class StallableClock implements Clock {
  private stalled: (() => void)[] | undefined;
  constructor(private readonly base: FakeClock) {}
  now(): number {
    return this.base.now();
  }
  setTimer(fn: () => void, ms: number): TimerHandle {
    return this.base.setTimer(() => (this.stalled ? this.stalled.push(fn) : fn()), ms);
  }
  clearTimer(handle: TimerHandle): void {
    this.base.clearTimer(handle);
  }
  stall(): void {
    this.stalled = [];
  }
  /** SIGCONT: the timers that came due meanwhile fire now. */
  async resume(): Promise<void> {
    const due = this.stalled ?? [];
    this.stalled = undefined;
    for (const fn of due) fn();
    await this.base.advance(0);
  }
}

async function setup(self: string, wrap: (base: FakeClock) => Clock = (base) => base) {
  const stores = new SqliteStores(':memory:');
  await stores.migrate();
  const clock = new FakeClock(START);
  const own = wrap(clock);
  const lines: string[] = [];
  let changes = 0;
  const logger = createLogger({
    destination: { write: (line: string) => lines.push(JSON.parse(line).msg as string) },
  });
  const membership = new Membership({
    instances: stores.instances,
    platforms: async () => new Map([[self, ['telegram']]]),
    self,
    clock: own,
    logger,
    timings: DEFAULT_TIMINGS,
    onChange: () => {
      changes += 1;
    },
  });
  return { stores, clock, lines, membership, changes: () => changes };
}

describe('an instance’s membership', () => {
  it('says it claims and sends from its first beat when it runs alone', async () => {
    const { stores, clock, lines, membership } = await setup('herald-1');
    await stores.instances.register('herald-1', 'a', clock.now());
    await membership.start();
    expect(lines).toEqual(['cluster members: herald-1', 'this instance now claims and sends its chats']);
    expect(membership.members(clock.now())?.members).toEqual(['herald-1']);
    await membership.stop();
  });

  it('waits out settling among others, then says it claims and sends, once', async () => {
    const { stores, clock, lines, membership, changes } = await setup('herald-2');
    await stores.instances.register('herald-1', 'a', clock.now());
    await stores.instances.register('herald-2', 'b', clock.now());
    await membership.start();
    expect(lines).toEqual(['cluster members: herald-1, herald-2']);
    expect(membership.members(clock.now())).toBeUndefined();
    const changesAtStart = changes();

    // herald-1 keeps beating; after settleMs herald-2 may act.
    for (let i = 0; i < DEFAULT_TIMINGS.settleMs / DEFAULT_TIMINGS.beatMs + 1; i++) {
      await stores.instances.beat('herald-1', clock.now());
      await clock.advance(DEFAULT_TIMINGS.beatMs);
    }
    expect(lines.filter((l) => l === 'this instance now claims and sends its chats')).toHaveLength(1);
    expect(membership.members(clock.now())?.members).toEqual(['herald-1', 'herald-2']);
    expect(changes()).toBe(changesAtStart + 1);
    await membership.stop();
  });

  it('says it stops to settle after a stall, not that its heartbeat lapsed, when its first beat back succeeds', async () => {
    let stallable: StallableClock | undefined;
    const {
      stores,
      clock: base,
      lines,
      membership,
    } = await setup('herald-1', (b) => {
      stallable = new StallableClock(b);
      return stallable;
    });
    if (!stallable) throw new Error('no clock');
    await stores.instances.register('herald-1', 'a', base.now());
    await stores.instances.register('herald-2', 'b', base.now());
    await membership.start();
    const beatOn = async (ms: number) => {
      for (let t = 0; t < ms; t += DEFAULT_TIMINGS.beatMs) {
        await stores.instances.beat('herald-2', base.now());
        await base.advance(DEFAULT_TIMINGS.beatMs);
      }
    };
    await beatOn(DEFAULT_TIMINGS.settleMs + DEFAULT_TIMINGS.beatMs);
    expect(lines).toContain('this instance now claims and sends its chats');

    // SIGSTOP for 8 s while herald-2 beats on; SIGCONT: the late timer beats at once, and succeeds.
    stallable.stall();
    await beatOn(8_000);
    await stallable.resume();
    const stops = lines.filter((l) => l.startsWith('this instance stops claiming and sending'));
    expect(stops).toEqual([
      'this instance stops claiming and sending while it settles after rejoining the cluster (its heartbeat had lapsed)',
    ]);
    expect(membership.members(base.now())).toBeUndefined();
    expect(membership.inStanding(base.now())).toBe(true);
    await membership.stop();
  });

  it('says it stops when its heartbeat lapses (the database is gone)', async () => {
    const { stores, clock, lines, membership } = await setup('herald-1');
    await stores.instances.register('herald-1', 'a', clock.now());
    await membership.start();
    await stores.close();
    await clock.advance(DEFAULT_TIMINGS.deadAfterMs);
    expect(lines).toContain('this instance stops claiming and sending: its heartbeat lapsed');
    expect(membership.members(clock.now())).toBeUndefined();
    await membership.stop();
  });
});

describe('a host whose clock is off the database’s', () => {
  async function beatWith(serverOffsetMs: number): Promise<string[]> {
    const stores = new SqliteStores(':memory:');
    await stores.migrate();
    const clock = new FakeClock(Date.now());
    const lines: string[] = [];
    const instances = Object.assign(Object.create(stores.instances) as typeof stores.instances, {
      serverTime: async () => Date.now() + serverOffsetMs,
    });
    const membership = new Membership({
      instances,
      platforms: async () => new Map([['herald-1', ['telegram']]]),
      self: 'herald-1',
      clock,
      logger: createLogger({
        destination: { write: (line: string) => lines.push(JSON.parse(line).msg as string) },
      }),
      timings: DEFAULT_TIMINGS,
      onChange: () => undefined,
    });
    await stores.instances.register('herald-1', 'a', clock.now());
    await membership.start();
    await membership.stop();
    await stores.close();
    return lines;
  }

  it('is told so, with the fix, when it is seconds behind', async () => {
    const lines = await beatWith(4_000);
    expect(lines.filter((l) => /clock/.test(l))).toEqual([
      expect.stringMatching(
        /^this host's clock is 4\d{3} ms behind the database's: the other instances misjudge its heartbeats \(fix: synchronise the clocks with NTP\)$/,
      ),
    ]);
  });

  it('is left alone when it agrees with it', async () => {
    expect((await beatWith(20)).filter((l) => /clock/.test(l))).toEqual([]);
  });
});

describe('a second start under a running instance’s id on the same host', () => {
  it('is refused and leaves the running instance’s registration as it was', async () => {
    const { HeraldApp } = await import('../../src/app.js');
    const { hostname } = await import('node:os');
    const { testConfig } = await import('../support/config.js');
    const { silentLogger } = await import('../../src/core/logger.js');
    const stores = new SqliteStores(':memory:');
    await stores.migrate();
    const clock = new FakeClock(START);
    // The running one: a live Node process on this host (the test runner's parent).
    const running = `${hostname()}:${process.ppid}:u1`;
    await stores.instances.register('herald-1', running, clock.now());
    const app = new HeraldApp({
      config: testConfig({ defaults: { locale: 'en', zone: 'UTC' } }, []),
      stores,
      clock,
      logger: silentLogger(),
      adapters: [],
      instanceId: 'herald-1',
    });
    await expect(app.start()).rejects.toThrow(
      /^another Herald process runs as instance "herald-1" on this host/,
    );
    expect((await stores.instances.list()).map((r) => r.incarnation)).toEqual([running]);
    await stores.close();
  });
});
