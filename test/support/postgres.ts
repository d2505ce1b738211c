import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { displayUrl } from '../../src/stores/postgres/database.js';
import { PostgresStores, type PostgresStoresOptions } from '../../src/stores/postgres/postgres-stores.js';

/** The server the PostgreSQL tests use: a user that may create databases (trust auth on 127.0.0.1 in CI). */
export const TEST_POSTGRES =
  process.env.HERALD_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const HOW_TO_START = [
  'The PostgreSQL tests need a server; they do not skip without one. Start it with',
  '  bash scripts/test-services.sh        (npm test runs it first)',
  'or pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start,',
  'or set HERALD_TEST_POSTGRES to a server where the user may CREATE DATABASE.',
].join('\n');

async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(
      `PostgreSQL is not reachable at ${displayUrl(TEST_POSTGRES)}: ${error instanceof Error ? error.message : String(error)}\n${HOW_TO_START}`,
    );
  }
  return client;
}

/** A database of this test run's own, dropped after it. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Stores on a fresh schema of this database (each call: an empty store). */
  stores(options?: PostgresStoresOptions): PostgresStores;
  drop(): Promise<void>;
}

let schemas = 0;

export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = await adminClient();
  const name = `herald_test_${randomBytes(6).toString('hex')}`;
  try {
    // A collation that sorts unlike JavaScript ('a' before 'B'), where the server has ICU: the
    // store must sort keys and ids in code-unit order whatever the database's collation.
    await admin
      .query(
        `CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`,
      )
      .catch(() => admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`));
    // A test's commits need not wait for the disk (a crashed test run loses nothing it needs).
    await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    stores: (options = {}) =>
      new PostgresStores(url.toString(), { schema: `s${++schemas}`, max: 4, ...options }),
    async drop() {
      const client = await adminClient();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Gives the test file a database of its own: created before its tests (failing them all, with
 * how to start PostgreSQL, when it cannot be reached) and dropped after.
 */
export function usePostgres(): { readonly db: () => TestDatabase } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  }, 30_000);
  afterAll(async () => {
    await database?.drop();
  }, 30_000);
  return {
    db: () => {
      if (!database) throw new Error(`no test database (see the error of the first hook)\n${HOW_TO_START}`);
      return database;
    },
  };
}
