import type pg from 'pg';

/** What store code runs statements on: the pool, or the one connection of a transaction. */
export interface Sql {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/** PostgreSQL aborted the transaction as a whole and nothing of it stayed: it may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure
const MAX_ATTEMPTS = 5;

/**
 * Runs `work` between BEGIN and COMMIT on one pooled connection. Any error rolls it back, so
 * a crash or a failed statement never leaves half of a change (a re-plan, a claim) behind: a
 * process that dies mid-transaction loses its connection and the server rolls back for it.
 * A deadlock (two instances re-planning the same rows in different orders) or a
 * serialization failure runs the whole work again, up to five times; a lost connection
 * does not (a COMMIT may have reached the server).
 */
export async function inTransaction<T>(pool: pg.Pool, work: (sql: Sql) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    // pg-pool removes its own 'error' listener while a client is checked out: a session the
    // server ends between two statements (a restart, pg_terminate_backend) would otherwise
    // emit an unhandled 'error' and crash the process. The next statement reports it.
    const onError = (error: Error) => {
      broken ??= error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollback) {
        // The connection is gone or unusable: the pool must not hand it out again.
        broken = rollback instanceof Error ? rollback : new Error(String(rollback));
      }
      const code = (error as { code?: unknown }).code;
      if (broken === undefined && typeof code === 'string' && RETRYABLE.has(code) && attempt < MAX_ATTEMPTS)
        continue;
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }
}
