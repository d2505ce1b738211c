/**
 * PostgreSQL leadership is a session advisory lock: what happens when the holder's session
 * dies (its process was killed, or the server cut it), beyond the contract both stores pass.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMINGS, liveMembers } from '../../src/cluster/standing.js';
import type { TakeOver } from '../../src/cluster/store.js';
import { inserting } from '../../src/ledger/diff.js';
import { PostgresStores } from '../../src/stores/postgres/postgres-stores.js';
import { usePostgres } from '../support/postgres.js';
import { post } from './stores-contract.js';

const postgres = usePostgres();

/** A second instance's stores on the same database and schema. */
function peerOf(first: PostgresStores): PostgresStores {
  return new PostgresStores(first.db.url, {
    ...(first.db.schema ? { schema: first.db.schema } : {}),
    max: 2,
  });
}

/** Ends, as the server would, the sessions of this test's database that `where` picks (in pg_stat_activity or pg_locks). */
async function endSessions(url: string, from: 'pg_stat_activity' | 'pg_locks', where: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const database =
    from === 'pg_locks'
      ? 'database = (SELECT oid FROM pg_database WHERE datname = current_database())'
      : 'datname = current_database()';
  await admin.query(`SELECT pg_terminate_backend(pid) FROM ${from} WHERE ${where} AND ${database}`);
  await admin.end();
}

describe('PostgreSQL inbound leases', { timeout: 60_000 }, () => {
  it('pass to another instance the moment the holder’s session ends, and the old holder learns it lost them', async () => {
    const first = postgres.db().stores();
    await first.migrate();
    const second = peerOf(first);
    try {
      expect(await first.coordination.lead('telegram:poller', 'herald-1', 1_000, 5_000)).toBe(true);
      expect(await second.coordination.lead('telegram:poller', 'herald-2', 1_000, 5_000)).toBe(false);
      // The server ends the holder's lock session (as it does when the holder's socket closes).
      await endSessions(first.db.url, 'pg_locks', "locktype = 'advisory'");
      // Not a moment of waiting for a lease to run out: the next try takes it.
      await expect
        .poll(() => second.coordination.lead('telegram:poller', 'herald-2', 1_100, 5_000), {
          timeout: 10_000,
        })
        .toBe(true);
      expect(await first.coordination.lead('telegram:poller', 'herald-1', 1_200, 5_000)).toBe(false);
      expect((await second.coordination.leaders(1_300)).map((l) => l.holder)).toEqual(['herald-2']);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

/** A lease short enough for a test to wait out in real time (the lock session's idle time is the server's). */
const TTL = 300;

/** `self`'s view of the cluster at `now`, from the instances table (as Membership computes it). */
async function takeOverAt(stores: PostgresStores, self: string, now: number) {
  const members = liveMembers(await stores.instances.list(), self, now, DEFAULT_TIMINGS);
  const took: string[] = [];
  const refused: string[] = [];
  const takeOver: TakeOver = {
    left: (holder) => !members.includes(holder),
    took: (holder) => took.push(holder),
    refused: (holder, why) => refused.push(`${holder}: ${why}`),
  };
  return { takeOver, took, refused };
}

const leaseSessions = async (stores: PostgresStores) =>
  (
    await stores.db.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE application_name = 'herald-leases' AND datname = current_database()`,
    )
  )[0]?.n;

describe('PostgreSQL inbound leases held by a stalled instance', { timeout: 60_000 }, () => {
  it('pass to another instance once the holder’s heartbeat stopped, though its session stays open; the old holder learns it lost them', async () => {
    const first = postgres.db().stores();
    await first.migrate();
    const second = peerOf(first);
    try {
      await first.instances.register('herald-1', 'a', 1_000);
      await second.instances.register('herald-2', 'b', 1_000);
      expect(await first.coordination.lead('telegram:poller', 'herald-1', 1_000, TTL)).toBe(true);
      const early = await takeOverAt(second, 'herald-2', 1_000);
      expect(await second.coordination.lead('telegram:poller', 'herald-2', 1_000, TTL, early.takeOver)).toBe(
        false,
      );
      expect(early.took).toEqual([]);

      // herald-1 stops (SIGSTOP): no more beats, no more renewals, but its session stays open.
      await second.instances.beat('herald-2', 10_000);
      const later = await takeOverAt(second, 'herald-2', 10_000);
      await expect
        .poll(() => second.coordination.lead('telegram:poller', 'herald-2', 10_000, TTL, later.takeOver), {
          timeout: 10_000,
        })
        .toBe(true);
      expect(later.took).toEqual(['herald-1']);
      expect(later.refused).toEqual([]);
      expect((await second.coordination.leaders(10_100)).map((l) => l.holder)).toEqual(['herald-2']);

      // herald-1 wakes: its session was ended, so it does not hold the lease (and cannot take it back).
      await expect
        .poll(() => first.coordination.lead('telegram:poller', 'herald-1', 10_200, TTL), { timeout: 10_000 })
        .toBe(false);
      expect(await first.coordination.lead('telegram:poller', 'herald-1', 10_300, TTL)).toBe(false);
      expect(await second.coordination.lead('telegram:poller', 'herald-2', 10_400, TTL, later.takeOver)).toBe(
        true,
      );
      // One lock session each: the one ended is gone, herald-1's new one holds nothing.
      expect(await leaseSessions(second)).toBe(2);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('stay with a holder whose heartbeat is fresh, however long its lock session sits idle', async () => {
    const first = postgres.db().stores();
    await first.migrate();
    const second = peerOf(first);
    try {
      await first.instances.register('herald-1', 'a', 1_000);
      await second.instances.register('herald-2', 'b', 1_000);
      expect(await first.coordination.lead('telegram:poller', 'herald-1', 1_000, TTL)).toBe(true);
      await first.instances.beat('herald-1', 10_000);
      await second.instances.beat('herald-2', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 3 * TTL));
      const view = await takeOverAt(second, 'herald-2', 10_000);
      expect(await second.coordination.lead('telegram:poller', 'herald-2', 10_000, TTL, view.takeOver)).toBe(
        false,
      );
      expect(view.took).toEqual([]);
      expect(await first.coordination.lead('telegram:poller', 'herald-1', 10_100, TTL)).toBe(true);
      expect(await leaseSessions(first)).toBe(2);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('stay with a holder that renewed within the lease, even when a stale view of the members calls it gone', async () => {
    const first = postgres.db().stores();
    await first.migrate();
    const second = peerOf(first);
    try {
      expect(await first.coordination.lead('telegram:poller', 'herald-1', 1_000, 60_000)).toBe(true);
      const took: string[] = [];
      const stale: TakeOver = { left: () => true, took: (h) => took.push(h), refused: () => undefined };
      expect(await second.coordination.lead('telegram:poller', 'herald-2', 1_000, 60_000, stale)).toBe(false);
      expect(took).toEqual([]);
      expect(await first.coordination.lead('telegram:poller', 'herald-1', 1_100, 60_000)).toBe(true);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

describe('PostgreSQL ledger wake-ups (LISTEN/NOTIFY)', { timeout: 60_000 }, () => {
  it('tell another instance of a change that can bring a post forward, once it commits, and not the instance that made it', async () => {
    const first = postgres.db().stores();
    await first.migrate();
    const second = peerOf(first);
    let heardByFirst = 0;
    let heardBySecond = 0;
    try {
      expect(await first.wakeups.subscribe(() => heardByFirst++)).toBe(true);
      expect(await second.wakeups.subscribe(() => heardBySecond++)).toBe(true);
      // Subscribing looks once (whatever changed while nobody listened).
      await expect.poll(() => heardByFirst + heardBySecond, { timeout: 5_000 }).toBe(2);
      await second.ledger.apply(inserting([post('1d', 200)]), 0);
      await expect.poll(() => heardByFirst, { timeout: 5_000 }).toBe(2);
      // A change that inserts nothing and moves nothing is not worth a wake-up.
      await second.ledger.apply(inserting([post('1d', 999)]), 0);
      await first.ledger.apply(
        { insert: [], move: [], revive: [], cancel: [{ key: post('1d', 0).key, reason: 'event removed' }] },
        0,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(heardByFirst).toBe(2);
      expect(heardBySecond).toBe(1);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('listen again after the server ends the listening session', async () => {
    const first = postgres.db().stores();
    await first.migrate();
    const second = peerOf(first);
    let heard = 0;
    const trouble: string[] = [];
    try {
      await first.wakeups.subscribe(
        () => heard++,
        (message) => trouble.push(message),
      );
      await expect.poll(() => heard, { timeout: 5_000 }).toBe(1);
      await endSessions(first.db.url, 'pg_stat_activity', "application_name = 'herald-wakeups'");
      await expect.poll(() => trouble.length, { timeout: 5_000 }).toBeGreaterThan(0);
      expect(trouble[0]).toMatch(/^ledger wake-ups lost .*polling until the session is back$/);
      // Back (and it looks once on return); then a change is heard again.
      await expect.poll(() => heard, { timeout: 10_000 }).toBe(2);
      await second.ledger.apply(inserting([post('7d', 100)]), 0);
      await expect.poll(() => heard, { timeout: 5_000 }).toBe(3);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
