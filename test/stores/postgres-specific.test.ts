import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { inserting, NO_CHANGE } from '../../src/ledger/diff.js';
import { InstanceIdTaken } from '../../src/ledger/instances.js';
import { openStores } from '../../src/stores/open-stores.js';
import { POSTGRES_MIGRATIONS, type PostgresMigration } from '../../src/stores/postgres/migrations.js';
import { PostgresStores } from '../../src/stores/postgres/postgres-stores.js';
import { usePostgres } from '../support/postgres.js';
import { post } from './stores-contract.js';

const postgres = usePostgres();

const claimOf = (owner: string, now: number, limit: number) => ({
  now,
  platforms: ['telegram' as const],
  limit,
  owner,
  leaseMs: 60_000,
});

async function versions(stores: PostgresStores): Promise<number[]> {
  return (await stores.tables.schema()).applied as number[];
}

describe('PostgreSQL store', { timeout: 60_000 }, () => {
  it('is what HERALD_DATABASE=postgres://… opens, in any case of the scheme; an unknown scheme is refused, not a file', async () => {
    const stores = openStores(postgres.db().url);
    expect(stores).toBeInstanceOf(PostgresStores);
    await stores.close();
    const upper = openStores(postgres.db().url.replace(/^postgres/, 'Postgres'));
    expect(upper).toBeInstanceOf(PostgresStores);
    await upper.close();
    for (const url of ['postgress://u:secret-pw@127.0.0.1/db', 'pg://u:secret-pw@127.0.0.1/db'])
      expect(() => openStores(url), url).toThrow(/^HERALD_DATABASE \S+ has the unknown scheme/);
  });

  it('stops a process from beating (or retiring) under an instance id another process registered since', async () => {
    const first = postgres.db().stores();
    await first.migrate();
    const second = new PostgresStores(first.db.url, {
      ...(first.db.schema ? { schema: first.db.schema } : {}),
      max: 2,
    });
    try {
      await first.instances.register('herald-3', 'host-a:100:u1', 1_000);
      await first.instances.beat('herald-3', 2_000);
      await second.instances.register('herald-3', 'host-b:200:u2', 3_000);
      await expect(first.instances.beat('herald-3', 4_000)).rejects.toThrow(
        /^another process on host host-b started as instance "herald-3"; this process stops claiming and sending$/,
      );
      await expect(first.instances.beat('herald-3', 4_000)).rejects.toBeInstanceOf(InstanceIdTaken);
      // Its clean stop does not mark the other process's registration stopped.
      await first.instances.retire('herald-3', 5_000);
      await second.instances.beat('herald-3', 6_000);
      expect(await second.instances.list()).toMatchObject([
        { id: 'herald-3', incarnation: 'host-b:200:u2', beatAt: 6_000 },
      ]);
      expect((await second.instances.list())[0]?.stoppedAt).toBeUndefined();
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('reports a session the server ended in the middle of a transaction as an error, instead of crashing the process', async () => {
    const stores = postgres.db().stores();
    await stores.migrate();
    try {
      const failed = stores.db.transaction(async (sql) => {
        await sql.query('SELECT pg_terminate_backend(pg_backend_pid())').catch(() => undefined);
        // The 'error' event of the ended session comes between two statements.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql.query('SELECT 1');
      });
      await expect(failed).rejects.toThrow();
      // The pool goes on with a fresh connection.
      expect(await stores.db.rows('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await stores.close();
    }
  });

  it('migrates once when several instances start at the same moment', async () => {
    const schema = `race${Date.now() % 100_000}`;
    const instances = [1, 2, 3, 4].map(() => new PostgresStores(postgres.db().url, { schema, max: 2 }));
    await Promise.all(instances.map((s) => s.migrate()));
    const [first] = instances;
    expect(await versions(first as PostgresStores)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    await first?.events.put({
      id: 'mi8',
      title: { en: 'Mi 8' },
      description: {},
      start: { kind: 'instant', at: 1 },
      zone: 'UTC',
      links: [],
      tags: [],
      status: 'scheduled',
      source: 'command',
      revision: 1,
    });
    expect((await instances[3]?.events.list())?.map((e) => e.id)).toEqual(['mi8']);
    await Promise.all(instances.map((s) => s.close()));
  });

  it('leaves nothing of a migration that fails halfway, and applies it whole when run again', async () => {
    let crash = true;
    const second: PostgresMigration = {
      version: POSTGRES_MIGRATIONS.length + 1,
      name: 'a table and its rows',
      sql: `CREATE TABLE extra (id integer PRIMARY KEY); INSERT INTO extra VALUES (1);`,
      after: async (sql) => {
        await sql.query('INSERT INTO extra VALUES (2)');
        if (crash) throw new Error('the process died here');
      },
    };
    const stores = postgres.db().stores({ migrations: [...POSTGRES_MIGRATIONS, second] });
    await expect(stores.migrate()).rejects.toThrow('the process died here');
    const shipped = POSTGRES_MIGRATIONS.map((m) => m.version);
    expect(await versions(stores)).toEqual(shipped);
    expect(await stores.tables.tables()).not.toContain('extra');
    crash = false;
    await stores.migrate();
    expect(await versions(stores)).toEqual([...shipped, second.version]);
    expect(await stores.db.rows('SELECT id FROM extra ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
    await stores.close();
  });

  it('rolls a ledger change back whole when one of its statements fails', async () => {
    const stores = postgres.db().stores();
    await stores.migrate();
    await stores.ledger.apply(inserting([post('7d', 100)]), 0);
    const failing = {
      ...NO_CHANGE,
      insert: [post('1d', 200), post('1h', 300)],
      cancel: [{ key: post('7d', 0).key, reason: 'event cancelled' as const }],
      // Not an instant: the statement after the inserts and before the cancel fails.
      revive: [{ key: post('7d', 0).key, due: Number.NaN }],
    };
    await expect(stores.ledger.apply(failing, 1)).rejects.toThrow();
    expect((await stores.ledger.forEvent('mi8-fr')).map((r) => `${r.slot} ${r.due} ${r.status}`)).toEqual([
      '7d 100 planned',
    ]);
    await stores.close();
  });

  it('inserts each row once when several instances apply the same plan at once (a digest every instance ticks)', async () => {
    const schema = `plans${Date.now() % 100_000}`;
    const instances = [1, 2, 3].map(() => new PostgresStores(postgres.db().url, { schema, max: 2 }));
    await instances[0]?.migrate();
    const posts = Array.from({ length: 200 }, (_, i) => post(`s${i}`, i));
    // Each in its own order: rows are locked in key order whatever order the plan lists them in.
    const orders = [posts, [...posts].reverse(), [...posts.slice(100), ...posts.slice(0, 100)]];
    const inserted = await Promise.all(
      instances.map((s, i) => s.ledger.apply(inserting(orders[i] ?? []), 0)),
    );
    expect(inserted.reduce((a, b) => a + b, 0)).toBe(200);
    expect(await instances[1]?.ledger.count()).toMatchObject({ planned: 200 });
    await Promise.all(instances.map((s) => s.close()));
  });

  it('gives each due row to one instance when several claim at once', async () => {
    const schema = `claims${Date.now() % 100_000}`;
    const instances = ['a', 'b', 'c'].map(() => new PostgresStores(postgres.db().url, { schema, max: 3 }));
    await instances[0]?.migrate();
    const posts = Array.from({ length: 300 }, (_, i) => post(`s${i}`, i));
    await instances[0]?.ledger.apply(inserting(posts), 0);
    const claims = await Promise.all(
      ['a', 'b', 'c'].flatMap((owner, i) =>
        [0, 1, 2, 3].map(() => instances[i]?.ledger.claim(claimOf(owner, 1_000, 40)) ?? Promise.resolve([])),
      ),
    );
    const keys = claims.flat().map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    // Skipped rows wait for the next claim, never for a lock: the rest is there for the taking.
    const rest = await instances[0]?.ledger.claim(claimOf('a', 1_000, 1_000));
    expect(keys.length + (rest?.length ?? 0)).toBe(300);
    await Promise.all(instances.map((s) => s.close()));
  });

  it('settles a row only for the instance that holds it, when a claim of an expired lease races the settle', async () => {
    const schema = `settle${Date.now() % 100_000}`;
    const [a, b] = [1, 2].map(() => new PostgresStores(postgres.db().url, { schema, max: 2 }));
    if (!a || !b) throw new Error('two stores');
    await a.migrate();
    await a.ledger.apply(inserting(Array.from({ length: 50 }, (_, i) => post(`s${i}`, 0))), 0);
    const taken = await a.ledger.claim({ ...claimOf('a', 0, 50), leaseMs: 10 });
    // a's leases ran out: a settles while b claims them.
    const [settled, stolen] = await Promise.all([
      Promise.all(taken.map((r) => a.ledger.settle(r.key, 'a', 20, { status: 'sent', late: false }))),
      b.ledger.claim(claimOf('b', 20, 50)),
    ]);
    const stolenKeys = new Set(stolen.map((r) => r.key));
    for (const [i, row] of taken.entries()) expect(settled[i]).toBe(!stolenKeys.has(row.key));
    const rows = await a.ledger.forEvent('mi8-fr');
    expect(rows.filter((r) => r.status === 'sent').length + stolen.length).toBe(50);
    await Promise.all([a.close(), b.close()]);
  });

  it('names the server and the fix, without the password, when PostgreSQL cannot be reached', async () => {
    const stores = new PostgresStores('postgres://herald:s3cret-passw0rd@127.0.0.1:1/herald');
    const error = await stores.migrate().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    const text = (error as StoreError).describe();
    expect(text).toContain('postgres://herald:[redacted]@127.0.0.1:1/herald');
    expect(text).toContain('fix: start PostgreSQL');
    expect(text).not.toContain('s3cret');
    await stores.close();
  });
  it('says how to fix sslmode=require against a server without SSL, as a StoreError naming the URL', async () => {
    const url = `${postgres.db().url}?sslmode=require`;
    const stores = new PostgresStores(url);
    const error = await stores.migrate().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toContain(`cannot use the PostgreSQL database ${url}`);
    expect((error as StoreError).fix).toBe(
      'the server does not accept SSL: remove sslmode=require or enable SSL on the server',
    );
    await stores.close();
  });
});
