/**
 * PostgreSQL leadership is a session advisory lock: what happens when the holder's session
 * dies (its process was killed, or the server cut it), beyond the contract both stores pass.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresStores } from '../../src/stores/postgres/postgres-stores.js';
import { usePostgres } from '../support/postgres.js';

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
