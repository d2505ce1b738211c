/**
 * PostgreSQL leadership is a session advisory lock: what happens when the holder's session
 * dies (its process was killed, or the server cut it), beyond the contract both stores pass.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { inserting } from '../../src/ledger/diff.js';
import { PostgresStores } from '../../src/stores/postgres/postgres-stores.js';
import { usePostgres } from '../support/postgres.js';
import { post } from './stores-contract.js';

const postgres = usePostgres();

describe('PostgreSQL inbound leases', { timeout: 60_000 }, () => {
  it('pass to another instance the moment the holder’s session ends, and the old holder learns it lost them', async () => {
    const first = postgres.db().stores();
    await first.migrate();
    const second = new PostgresStores(first.db.url, {
      ...(first.db.schema ? { schema: first.db.schema } : {}),
      max: 2,
    });
    try {
      expect(await first.coordination.lead('telegram:poller', 'herald-1', 1_000, 5_000)).toBe(true);
      expect(await second.coordination.lead('telegram:poller', 'herald-2', 1_000, 5_000)).toBe(false);
      // The server ends the holder's lock session (as it does when the holder's socket closes).
      const admin = new pg.Client({ connectionString: first.db.url });
      await admin.connect();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      await admin.end();
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

describe('PostgreSQL ledger wake-ups (LISTEN/NOTIFY)', { timeout: 60_000 }, () => {
  it('tell another instance of a change that can bring a post forward, once it commits, and not the instance that made it', async () => {
    const first = postgres.db().stores();
    await first.migrate();
    const second = new PostgresStores(first.db.url, {
      ...(first.db.schema ? { schema: first.db.schema } : {}),
      max: 2,
    });
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
    const second = new PostgresStores(first.db.url, {
      ...(first.db.schema ? { schema: first.db.schema } : {}),
      max: 2,
    });
    let heard = 0;
    const trouble: string[] = [];
    try {
      await first.wakeups.subscribe(
        () => heard++,
        (message) => trouble.push(message),
      );
      await expect.poll(() => heard, { timeout: 5_000 }).toBe(1);
      const admin = new pg.Client({ connectionString: first.db.url });
      await admin.connect();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'herald-wakeups' AND datname = current_database()`,
      );
      await admin.end();
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
