/**
 * What an operator sees when the instance holding the Telegram poller stalls (SIGSTOP, a hung
 * event loop) on PostgreSQL, where its lock session stays open: another instance takes the
 * poller once the membership says the holder left, and says from whom and why, in one line.
 * The store side (ending the session) is in test/stores/postgres-coordination.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ExclusiveInbound } from '../../src/adapters/adapter.js';
import { Cluster } from '../../src/cluster/cluster.js';
import { DEFAULT_TIMINGS } from '../../src/cluster/standing.js';
import type { CoordinationStore, TakeOver } from '../../src/cluster/store.js';
import { createLogger } from '../../src/core/logger.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';

const START = Date.parse('2026-05-22T10:00:00Z');

/** Leases as on PostgreSQL with a stalled holder: its lock never runs out; only a take-over ends it. */
class StuckLocks implements CoordinationStore {
  readonly holders = new Map<string, string>();
  constructor(private readonly refuse = false) {}
  async lead(
    name: string,
    holder: string,
    _now: number,
    _ttlMs: number,
    takeOver?: TakeOver,
  ): Promise<boolean> {
    const current = this.holders.get(name);
    if (current === undefined || current === holder) {
      this.holders.set(name, holder);
      return true;
    }
    if (!takeOver?.left(current)) return false;
    if (this.refuse) {
      takeOver.refused(current, 'permission denied to terminate process: GRANT pg_signal_backend');
      return false;
    }
    this.holders.set(name, holder);
    takeOver.took(current);
    return true;
  }
  async resign(name: string, holder: string): Promise<void> {
    if (this.holders.get(name) === holder) this.holders.delete(name);
  }
  async leaders() {
    return [...this.holders].map(([name, holder]) => ({ name, holder, since: 0 }));
  }
  async firstDelivery(): Promise<boolean> {
    return true;
  }
  async announce(): Promise<void> {}
  async platforms(): Promise<Map<string, readonly string[]>> {
    return new Map([
      ['herald-1', ['telegram']],
      ['herald-2', ['telegram']],
    ]);
  }
}

async function setup(refuse = false) {
  const stores = new SqliteStores(':memory:');
  await stores.migrate();
  const clock = new FakeClock(START);
  const lines: { level: number; msg: string }[] = [];
  const logger = createLogger({
    destination: { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  });
  const locks = new StuckLocks(refuse);
  locks.holders.set('telegram:poller', 'herald-2');
  let listening = false;
  const inbound: ExclusiveInbound = {
    lease: 'telegram:poller',
    connect: async () => undefined,
    listen: async () => {
      listening = true;
    },
    unlisten: async () => {
      listening = false;
    },
  };
  await stores.instances.register('herald-1', 'a', clock.now());
  await stores.instances.register('herald-2', 'b', clock.now());
  const cluster = new Cluster({
    instances: stores.instances,
    coordination: locks,
    self: 'herald-1',
    clock,
    logger,
    platforms: () => ['telegram'],
    onChange: () => undefined,
  });
  cluster.addInbound(inbound, { onCommand: async () => undefined });
  await cluster.start();
  return { stores, clock, lines, locks, cluster, listening: () => listening };
}

describe('the inbound connection of a stalled holder', () => {
  it('is taken once the holder’s heartbeat stopped, never while it beats, with one line saying from whom', async () => {
    const { stores, clock, lines, locks, cluster, listening } = await setup();
    // herald-2 beats: its lease is left alone, however long.
    for (let i = 0; i < 10; i++) {
      await stores.instances.beat('herald-2', clock.now());
      await clock.advance(DEFAULT_TIMINGS.beatMs);
    }
    expect(listening()).toBe(false);
    expect(locks.holders.get('telegram:poller')).toBe('herald-2');

    // herald-2 stalls: its lock stays (its session is open), but its heartbeat stops.
    const stalledAt = clock.now() - DEFAULT_TIMINGS.beatMs;
    await clock.advance(DEFAULT_TIMINGS.deadAfterMs + DEFAULT_TIMINGS.beatMs);
    expect(locks.holders.get('telegram:poller')).toBe('herald-1');
    expect(listening()).toBe(true);
    const took = lines.filter((l) => l.msg.startsWith('took telegram:poller'));
    expect(took).toHaveLength(1);
    const seconds = Number(/whose heartbeat stopped (\d+) s ago/.exec(took[0]?.msg ?? '')?.[1]);
    expect(seconds * 1_000).toBeGreaterThanOrEqual(DEFAULT_TIMINGS.deadAfterMs);
    expect(seconds * 1_000).toBeLessThanOrEqual(clock.now() - stalledAt);
    await cluster.stopLeading();
    await cluster.stop();
  });

  it('says once, with the fix, when the holder’s session cannot be ended', async () => {
    const { clock, lines, cluster, listening } = await setup(true);
    await clock.advance(DEFAULT_TIMINGS.deadAfterMs + 5 * DEFAULT_TIMINGS.beatMs);
    expect(listening()).toBe(false);
    const refused = lines.filter((l) => l.msg.startsWith('cannot take telegram:poller from herald-2'));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.msg).toContain('GRANT pg_signal_backend');
    await cluster.stopLeading();
    await cluster.stop();
  });
});
