import { createRequire } from 'node:module';
import type pg from 'pg';
import { StoreError } from '../../core/errors.js';
import { redact, registerSecrets } from '../../core/redact.js';
import { inTransaction, type Sql } from './transaction.js';
import { parseDatabaseUrl } from './url.js';

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
/** How a PostgreSQL URL is written, for the fix of one that is not (in brackets: a URL's shape would be redacted). */
export const URL_FORM = 'check HERALD_DATABASE: postgres://<user>:<password>@<host>:<port>/<database>';
/**
 * SQLSTATE classes of a connection or server the operator fixes (connection exception,
 * authorization, insufficient resources, operator intervention, configuration); any other
 * SQLSTATE is a statement's own error and stays as it is (callers tell them apart by code).
 */
const OPERATOR_CLASSES = /^(08|28|3D|53|57|F0)/;
const LOST =
  'the connection to PostgreSQL failed or was lost: check that the server runs and is reachable, then try again';
/** Errors of `pg` itself that carry no code, by their message. */
const DRIVER_MESSAGES: readonly [RegExp, string][] = [
  [
    /server does not support SSL/i,
    'the server does not accept SSL: remove sslmode=require or enable SSL on the server',
  ],
  [/^Connection terminated|not queryable|timeout exceeded when trying to connect|connection timeout/i, LOST],
];
/** TLS failures (Node's codes), and the fix. */
const TLS_FIX =
  "the server's certificate is not trusted: give its CA with sslrootcert=<file> in HERALD_DATABASE, or fix the certificate";

export interface PostgresOptions {
  /** A schema of its own (created by `migrate`); the tests give each store one. */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly max?: number;
}

/**
 * `postgres://user:password@host/db` as messages name it: taken apart as the driver takes it
 * (src/stores/postgres/url.ts), the password and any `password=` parameter `[redacted]`.
 */
export function displayUrl(url: string): string {
  return redact(parseDatabaseUrl(url).display);
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
    // Parsed before the driver sees it: its secrets are redacted from whatever follows, and a
    // URL it cannot parse is refused here with the fix, not as a TypeError at the first query.
    const parsed = parseDatabaseUrl(url);
    registerSecrets(parsed.secrets);
    if (parsed.problem !== undefined)
      throw new StoreError(
        `HERALD_DATABASE ${redact(parsed.display)} is not a PostgreSQL URL the driver can use: ${parsed.problem}`,
        URL_FORM,
      );
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

  /**
   * A failure of the connection, the driver or the server becomes a StoreError naming the
   * (redacted) URL and the fix; a statement's own error (a SQLSTATE outside the operator's
   * classes) and an error of the caller's work stay as they are.
   */
  private explain(error: unknown): unknown {
    if (error instanceof StoreError) return error;
    const code = (error as { code?: unknown } | undefined)?.code;
    const message = error instanceof Error ? error.message : String(error);
    const fix = driverFix(error, code, message);
    if (fix === undefined) return error;
    return new StoreError(
      `cannot use the PostgreSQL database ${displayUrl(this.url)}: ${redact(message)}`,
      fix,
      { cause: error },
    );
  }
}

/** The fix for a driver, connection or server failure; undefined for any other error. */
function driverFix(error: unknown, code: unknown, message: string): string | undefined {
  if (typeof code === 'string') {
    if (code in OPERATOR_CODES) return OPERATOR_CODES[code];
    if (UNREACHABLE.has(code)) return 'start PostgreSQL, or check the host and port in HERALD_DATABASE';
    if (code === 'ERR_INVALID_URL') return URL_FORM;
    if (/CERT|^ERR_TLS|^ERR_SSL|^ERR_OSSL/.test(code)) return TLS_FIX;
    if (/^[0-9A-Z]{5}$/.test(code))
      return OPERATOR_CLASSES.test(code)
        ? 'check the server, and the user and database HERALD_DATABASE names (PostgreSQL says why above)'
        : undefined;
  }
  // A network failure of the socket (Node's system errors carry the call that failed).
  if (typeof (error as { syscall?: unknown } | undefined)?.syscall === 'string') return LOST;
  for (const [pattern, fix] of DRIVER_MESSAGES) if (pattern.test(message)) return fix;
  return undefined;
}
