import { type InstanceRecord, type InstanceStore, idTaken } from '../../ledger/instances.js';
import type { RefStore } from '../../ledger/store.js';
import type { SqliteDatabase } from './database.js';

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

export class SqliteInstanceStore implements InstanceStore {
  /** The incarnation this process registered under each id: beats and retirement are its own only. */
  private readonly mine = new Map<string, string>();

  constructor(private readonly d: SqliteDatabase) {}

  async register(id: string, incarnation: string, at: number): Promise<InstanceRecord | undefined> {
    return this.d.transaction(() => {
      const before = this.d.sql('SELECT * FROM instances WHERE id = ?').get(id) as InstanceRow | undefined;
      this.d
        .sql(
          `INSERT INTO instances (id, incarnation, started_at, beat_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET incarnation = excluded.incarnation, started_at = excluded.started_at,
           beat_at = excluded.beat_at, stopped_at = NULL`,
        )
        .run(id, incarnation, at, at);
      this.mine.set(id, incarnation);
      return before ? fromRow(before) : undefined;
    });
  }

  async beat(id: string, at: number): Promise<void> {
    const incarnation = this.mine.get(id);
    const changed = this.d
      .sql('UPDATE instances SET beat_at = MAX(beat_at, ?) WHERE id = ? AND (? IS NULL OR incarnation = ?)')
      .run(at, id, incarnation ?? null, incarnation ?? null).changes;
    if (changed === 0 && incarnation !== undefined) throw idTaken(id, await this.list());
  }

  async retire(id: string, at: number): Promise<void> {
    const incarnation = this.mine.get(id);
    this.d
      .sql(
        'UPDATE instances SET beat_at = MAX(beat_at, ?), stopped_at = ? WHERE id = ? AND (? IS NULL OR incarnation = ?)',
      )
      .run(at, at, id, incarnation ?? null, incarnation ?? null);
  }

  async list(): Promise<InstanceRecord[]> {
    return (this.d.sql('SELECT * FROM instances ORDER BY id').all() as InstanceRow[]).map(fromRow);
  }
}

/** Platform references in the `meta` table, under a prefix. */
export class SqliteRefStore implements RefStore {
  constructor(private readonly d: SqliteDatabase) {}

  async get(key: string): Promise<string | undefined> {
    const row = this.d.sql('SELECT value FROM meta WHERE key = ?').get(`ref:${key}`) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  async put(key: string, value: string): Promise<void> {
    this.d
      .sql(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(`ref:${key}`, value);
  }
}
