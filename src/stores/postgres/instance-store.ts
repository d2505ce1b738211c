import { type InstanceRecord, type InstanceStore, idTaken } from '../../ledger/instances.js';
import type { RefStore } from '../../ledger/store.js';
import type { PostgresDatabase } from './database.js';
import { asOf } from './instants.js';

/** First key of the lock `register` takes per instance id ("HERI"). */
const REGISTER_LOCK = 0x48455249;

interface InstanceRow {
  id: string;
  incarnation: string;
  started_at: number;
  beat_at: number;
  stopped_at: number | null;
}

function fromRow(r: InstanceRow): InstanceRecord {
  return {
    id: r.id,
    incarnation: r.incarnation,
    startedAt: r.started_at,
    beatAt: r.beat_at,
    ...(r.stopped_at === null ? {} : { stoppedAt: r.stopped_at }),
  };
}

export class PostgresInstanceStore implements InstanceStore {
  /** The incarnation this process registered under each id: beats and retirement are its own only. */
  private readonly mine = new Map<string, string>();

  constructor(private readonly db: PostgresDatabase) {}

  async register(id: string, incarnation: string, at: number): Promise<InstanceRecord | undefined> {
    return this.db.transaction(async (sql) => {
      // Two processes registering one id at once (a new one too) see each other, one after the
      // other: an advisory lock on the id (two-key form, apart from the migrations' lock).
      await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [REGISTER_LOCK, id]);
      const before = await sql.query<InstanceRow>('SELECT * FROM instances WHERE id = $1', [id]);
      await sql.query(
        `INSERT INTO instances (id, incarnation, started_at, beat_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (id) DO UPDATE SET incarnation = excluded.incarnation, started_at = excluded.started_at,
         beat_at = excluded.beat_at, stopped_at = NULL`,
        [id, incarnation, asOf(at)],
      );
      const [previous] = before.rows;
      this.mine.set(id, incarnation);
      return previous ? fromRow(previous) : undefined;
    });
  }

  async beat(id: string, at: number): Promise<void> {
    const incarnation = this.mine.get(id) ?? null;
    const changed = await this.db.exec(
      'UPDATE instances SET beat_at = GREATEST(beat_at, $1) WHERE id = $2 AND ($3::text IS NULL OR incarnation = $3)',
      [asOf(at), id, incarnation],
    );
    if (changed === 0 && incarnation !== null) throw idTaken(id, await this.list());
  }

  async retire(id: string, at: number): Promise<void> {
    await this.db.exec(
      `UPDATE instances SET beat_at = GREATEST(beat_at, $1), stopped_at = $1
       WHERE id = $2 AND ($3::text IS NULL OR incarnation = $3)`,
      [asOf(at), id, this.mine.get(id) ?? null],
    );
  }

  async serverTime(): Promise<number> {
    const [row] = await this.db.rows<{ now: number }>(
      'SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now',
    );
    return row?.now ?? Number.NaN;
  }

  async list(): Promise<InstanceRecord[]> {
    return (await this.db.rows<InstanceRow>('SELECT * FROM instances ORDER BY id')).map(fromRow);
  }
}

/** Platform references in the `meta` table, under a prefix. */
export class PostgresRefStore implements RefStore {
  constructor(private readonly db: PostgresDatabase) {}

  async get(key: string): Promise<string | undefined> {
    const [row] = await this.db.rows<{ value: string }>('SELECT value FROM meta WHERE key = $1', [
      `ref:${key}`,
    ]);
    return row?.value;
  }

  async put(key: string, value: string): Promise<void> {
    await this.db.exec(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [`ref:${key}`, value],
    );
  }
}
