import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { CoordinationStore, TakeOver } from '../../cluster/store.js';
import type { PostgresDatabase } from './database.js';
import type { PostgresMigration } from './migrations.js';

/** The tables several instances coordinate through (src/cluster); the same columns as SQLite's version 5. */
export const COORDINATION_MIGRATION: PostgresMigration = {
  version: 2,
  name: 'leases of the inbound connections, inbound deliveries taken, platforms per instance (several instances)',
  sql: `
    CREATE TABLE leases (
      name text COLLATE "C" PRIMARY KEY,
      holder text COLLATE "C" NOT NULL,
      since bigint NOT NULL,
      until bigint NOT NULL
    );
    CREATE TABLE inbound_deliveries (
      id text COLLATE "C" PRIMARY KEY,
      at bigint NOT NULL
    );
    CREATE INDEX inbound_deliveries_at ON inbound_deliveries (at);
    CREATE TABLE member_platforms (
      id text COLLATE "C" PRIMARY KEY,
      platforms text NOT NULL
    );
  `,
};

/** How long a check of the lock session may take before it counts as lost. */
const PING_TIMEOUT_MS = 2_000;
/** After ending a stalled holder's session, how long its lock may take to go (the backend exits). */
const EVICT_WAIT_MS = 2_000;
const EVICT_STEP_MS = 50;
/** PostgreSQL's SQLSTATE for a refused privilege (pg_terminate_backend of another role's session). */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * Leadership in PostgreSQL is a session advisory lock (`pg_try_advisory_lock`) held on a
 * connection of its own: the server releases it the moment the holder's session ends (a killed
 * process's socket closes at once; a silent host within the keepalives set here, ~8 s), so
 * another instance takes over at its next beat. The holder checks its session every beat and
 * gives the connection up as soon as the session fails. The `leases` table shows who holds
 * what (`herald db status`, and whose session to end); the lock decides.
 *
 * A stopped (SIGSTOP) or hung holder keeps its session: its kernel answers the keepalives. When
 * the cluster says such a holder left (`TakeOver.left`) and its session has been idle a whole
 * lease, the session is ended (`pg_terminate_backend`: a role may end its own sessions) and the
 * lock taken. The holder stopped listening on its own before then (its last renewal is older
 * than the lease less a beat), and learns it lost the lease when it wakes.
 */
export class PostgresCoordinationStore implements CoordinationStore {
  private session: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  /** Leases this instance's session holds. */
  private readonly held = new Set<string>();
  /** Leases whose lock went with a session that failed: reported lost once. */
  private readonly lost = new Set<string>();

  constructor(private readonly db: PostgresDatabase) {}

  async lead(
    name: string,
    holder: string,
    now: number,
    ttlMs: number,
    takeOver?: TakeOver,
  ): Promise<boolean> {
    if (this.lost.delete(name)) return false;
    const session = await this.connect();
    const key = lockKey(this.db.schema, name);
    if (!this.held.has(name)) {
      const [row] = (
        await session.query<{ ok: boolean; holder: string | null }>(
          'SELECT pg_try_advisory_lock($1::bigint) AS ok, (SELECT holder FROM leases WHERE name = $2) AS holder',
          [key, name],
        )
      ).rows;
      if (!row?.ok) {
        const from = row?.holder;
        if (!takeOver || !from || from === holder || !takeOver.left(from)) return false;
        if (!(await this.evict(session, key, from, ttlMs, takeOver))) return false;
        this.held.add(name);
        takeOver.took(from);
      } else this.held.add(name);
    }
    // Proves the session (and with it the lock) is alive, and shows who leads.
    await session.query(
      `INSERT INTO leases (name, holder, since, until) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET
         since = CASE WHEN leases.holder = excluded.holder THEN leases.since ELSE excluded.since END,
         holder = excluded.holder, until = excluded.until`,
      [name, holder, now, now + ttlMs],
    );
    return true;
  }

  async resign(name: string, holder: string): Promise<void> {
    this.lost.delete(name);
    if (!this.held.delete(name) || !this.session) return;
    await this.session.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey(this.db.schema, name)]);
    await this.session.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
  }

  async leaders(now: number): Promise<{ name: string; holder: string; since: number }[]> {
    return this.db.rows('SELECT name, holder, since FROM leases WHERE until > $1 ORDER BY name COLLATE "C"', [
      now,
    ]);
  }

  async firstDelivery(id: string, at: number, keepMs: number): Promise<boolean> {
    await this.db.exec('DELETE FROM inbound_deliveries WHERE at < $1', [at - keepMs]);
    return (
      (await this.db.exec(
        'INSERT INTO inbound_deliveries (id, at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
        [id, at],
      )) > 0
    );
  }

  async announce(id: string, platforms: readonly string[]): Promise<void> {
    await this.db.exec(
      `INSERT INTO member_platforms (id, platforms) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET platforms = excluded.platforms`,
      [id, [...platforms].sort().join(',')],
    );
  }

  async platforms(): Promise<Map<string, readonly string[]>> {
    const rows = await this.db.rows<{ id: string; platforms: string }>(
      'SELECT id, platforms FROM member_platforms',
    );
    return new Map(rows.map((r) => [r.id, r.platforms ? r.platforms.split(',') : []]));
  }

  /** Ends the lock session (its locks go with it). */
  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.held.clear();
    await session?.end().catch(() => undefined);
  }

  /**
   * Ends the lock session of `from`, a holder that left the cluster, and takes the lock: true
   * when this session holds it now. Only a session idle for a whole lease is ended (a live
   * holder renews every beat), so a view of the members a beat old never ends a working holder.
   */
  private async evict(
    session: pg.Client,
    key: string,
    from: string,
    ttlMs: number,
    takeOver: TakeOver,
  ): Promise<boolean> {
    const [classid, objid] = lockParts(key);
    const [holding] = (
      await session.query<{ pid: number; quiet: boolean | null }>(
        `SELECT l.pid, a.state_change <= clock_timestamp() - $3::double precision * interval '1 millisecond' AS quiet
         FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND l.classid = $1::oid AND l.objid = $2::oid`,
        [classid, objid, ttlMs],
      )
    ).rows;
    // Released in the meantime: the next beat takes it the ordinary way.
    if (!holding) return false;
    if (holding.quiet === null) {
      takeOver.refused(
        from,
        'its session belongs to another PostgreSQL role, whose activity this one may not see: run every instance as the same role (a role may end its own sessions), or GRANT pg_read_all_stats, pg_signal_backend TO this role',
      );
      return false;
    }
    // Renewed within the lease: a working holder (this view of the members is a beat old).
    if (!holding.quiet) return false;
    try {
      // False when the backend already exited: its lock is gone too.
      await session.query('SELECT pg_terminate_backend($1)', [holding.pid]);
    } catch (error) {
      if ((error as { code?: unknown }).code !== INSUFFICIENT_PRIVILEGE) throw error;
      takeOver.refused(
        from,
        `PostgreSQL refused to end its session (${error instanceof Error ? error.message : String(error)}): run every instance as the same role (a role may end its own sessions), or GRANT pg_signal_backend TO this role (no role may end a superuser's session but a superuser)`,
      );
      return false;
    }
    // The lock goes when the ended backend exits, a moment later.
    for (let waited = 0; ; waited += EVICT_STEP_MS) {
      const [row] = (
        await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key])
      ).rows;
      if (row?.ok) return true;
      if (waited >= EVICT_WAIT_MS) return false;
      await new Promise((resolve) => setTimeout(resolve, EVICT_STEP_MS));
    }
  }

  private connect(): Promise<pg.Client> {
    if (this.session) return Promise.resolve(this.session);
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<pg.Client> {
    const client = this.db.client('herald-leases', PING_TIMEOUT_MS);
    const gone = () => {
      if (this.session !== client) return;
      // Whatever this session held is lost: each lease is reported lost once, then taken anew.
      for (const name of this.held) this.lost.add(name);
      this.held.clear();
      this.session = undefined;
      void client.end().catch(() => undefined);
    };
    client.on('error', gone);
    client.on('end', gone);
    await client.connect();
    // The server drops a silent holder's session (and its locks) within about 8 s.
    await client.query(
      'SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3',
    );
    this.session = client;
    return client;
  }
}

/** A lease's advisory lock key: 64 bits of md5(schema:name), apart from the migrations' key. */
export function lockKey(schema: string | undefined, name: string): string {
  const hex = createHash('md5')
    .update(`herald-lease:${schema ?? ''}:${name}`)
    .digest('hex')
    .slice(0, 16);
  return BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();
}

/** The two halves of a lock key as pg_locks shows them: classid (high 32 bits) and objid (low), unsigned. */
export function lockParts(key: string): [string, string] {
  const bits = BigInt.asUintN(64, BigInt(key));
  return [(bits >> 32n).toString(), (bits & 0xffffffffn).toString()];
}
