import { createRequire } from 'node:module';
import type pg from 'pg';
import { StoreError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import { inTransaction, type Sql } from './transaction.js';

export type { Sql } from './transaction.js';

/**
 * `bigint` columns (every instant, every count) come back as JavaScript numbers: Herald's
 * instants are milliseconds, far below 2^53. The parser is this pool's own, so nothing else
 * in the process that uses `pg` is affected.
 */
const INT8 = 20;
function typeParsers(types: typeof pg.types): pg.CustomTypesConfig {
  const getTypeParser = (oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary' ? (value: string) => Number(value) : types.getTypeParser(oid, format);
  return { getTypeParser: getTypeParser as typeof types.getTypeParser };
}

/**
 * `pg` loads when a PostgreSQL store is opened, not with the CLI: a SQLite start or any other
 * command never pays for it (half a second on a busy machine).
 */
function driver(): typeof pg {
  return createRequire(import.meta.url)('pg') as typeof pg;
}

/** Connection failures an operator fixes (the server is down, the database or role is wrong). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET']);
const OPERATOR_CODES: Record<string, string> = {
  '3D000': 'create the database first (createdb), or fix its name in HERALD_DATABASE',
  '28P01': 'check the user and password in HERALD_DATABASE',
  '28000': 'check the user in HERALD_DATABASE and pg_hba.conf',
  '57P03': 'the server is starting up: try again in a moment',
};

export interface PostgresOptions {
  /** A schema of its own (created by `migrate`); the tests give each store one. */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly max?: number;
}

/** `postgres://user:password@host/db` with the password redacted, for messages. */
export function displayUrl(url: string): string {
  return redact(url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*:)[^@]*@/i, '$1[redacted]@'));
}

/**
 * One PostgreSQL database behind a `pg.Pool`. Statements run on any pooled connection;
 * `transaction` holds one connection from BEGIN to COMMIT (ROLLBACK on any error).
 */
export class PostgresDatabase {
  readonly pool: pg.Pool;
  readonly schema: string | undefined;

  constructor(
    readonly url: string,
    options: PostgresOptions = {},
  ) {
    if (options.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema))
      throw new StoreError(
        `invalid PostgreSQL schema name ${JSON.stringify(options.schema)}`,
        'use lower-case letters, digits and _',
      );
    this.schema = options.schema;
    const { Pool, types } = driver();
    this.pool = new Pool({
      connectionString: url,
      max: options.max ?? 10,
      types: typeParsers(types),
      application_name: 'herald',
      ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
    });
    // An idle connection the server closed (a restart): the pool drops it, and the next
    // statement reports the failure where someone is waiting for it.
    this.pool.on('error', () => undefined);
  }

  /** Rows of one statement, on any pooled connection. */
  async rows<R>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return (await this.run(sql, params)).rows as R[];
  }

  /** Runs one statement; returns how many rows it touched. */
  async exec(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.run(sql, params)).rowCount ?? 0;
  }

  private async run(sql: string, params: readonly unknown[]): Promise<pg.QueryResult> {
    try {
      return await this.pool.query(sql, params as unknown[]);
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** Work on one connection, in one transaction (retried whole on a deadlock or serialization failure). */
  async transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    try {
      return await inTransaction(this.pool, work);
    } catch (error) {
      throw this.explain(error);
    }
  }

  /**
   * One connection for a while (a session-level lock, a cursor); released after. When `work`
   * fails the connection is closed, not pooled again: it may still be inside a transaction
   * or hold a session lock.
   */
  async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.explain(error);
    }
    let failed = false;
    // See inTransaction: a checked-out client has no 'error' listener of the pool's.
    const onError = () => {
      failed = true;
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (error) {
      failed = true;
      throw this.explain(error);
    } finally {
      client.removeListener('error', onError);
      client.release(failed);
    }
  }

  /**
   * A session of its own, outside the pool, for what lives as long as a connection does (a
   * session lock, LISTEN): keepalives on, this database's schema; the caller connects and ends it.
   */
  client(applicationName: string, queryTimeoutMs?: number): pg.Client {
    const { Client } = driver();
    return new Client({
      connectionString: this.url,
      application_name: applicationName,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      ...(queryTimeoutMs === undefined ? {} : { query_timeout: queryTimeoutMs }),
      ...(this.schema === undefined ? {} : { options: `-c search_path=${this.schema}` }),
    });
  }

  /** Whether a statement or a transaction is under way, or waits for a connection (tests settle on it). */
  busy(): boolean {
    return this.pool.totalCount > this.pool.idleCount || this.pool.waitingCount > 0;
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  /** A connection failure becomes a StoreError naming the (redacted) URL and the fix. */
  private explain(error: unknown): unknown {
    if (error instanceof StoreError) return error;
    const code = (error as { code?: unknown } | undefined)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if (typeof code === 'string' && (UNREACHABLE.has(code) || code in OPERATOR_CODES))
      return new StoreError(
        `cannot use the PostgreSQL database ${displayUrl(this.url)}: ${redact(message)}`,
        OPERATOR_CODES[code] ?? 'start PostgreSQL, or check the host and port in HERALD_DATABASE',
        { cause: error },
      );
    return error;
  }
}
