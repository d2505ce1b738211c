import type { CoordinationStore } from '../../cluster/store.js';
import type { SqliteDatabase } from './database.js';

/**
 * Leases and inbound deliveries in SQLite (several processes on one host sharing the file):
 * a lease is a row with its holder and its end, taken over once the end has passed. A stalled
 * holder's row runs out like any other, so `lead` needs no `TakeOver` (src/cluster/store.ts).
 */
export class SqliteCoordinationStore implements CoordinationStore {
  constructor(private readonly d: SqliteDatabase) {}

  async lead(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
    const taken = this.d
      .sql(
        `INSERT INTO leases (name, holder, since, until) VALUES (@name, @holder, @now, @until)
         ON CONFLICT (name) DO UPDATE SET
           since = CASE WHEN leases.holder = excluded.holder THEN leases.since ELSE excluded.since END,
           holder = excluded.holder, until = excluded.until
         WHERE leases.holder = excluded.holder OR leases.until <= excluded.since`,
      )
      .run({ name, holder, now, until: now + ttlMs });
    return taken.changes > 0;
  }

  async resign(name: string, holder: string): Promise<void> {
    this.d.sql('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder);
  }

  async leaders(now: number): Promise<{ name: string; holder: string; since: number }[]> {
    return this.d.sql('SELECT name, holder, since FROM leases WHERE until > ? ORDER BY name').all(now) as {
      name: string;
      holder: string;
      since: number;
    }[];
  }

  async firstDelivery(id: string, at: number, keepMs: number): Promise<boolean> {
    return this.d.transaction(() => {
      this.d.sql('DELETE FROM inbound_deliveries WHERE at < ?').run(at - keepMs);
      return (
        this.d
          .sql('INSERT INTO inbound_deliveries (id, at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING')
          .run(id, at).changes > 0
      );
    });
  }

  async announce(id: string, platforms: readonly string[]): Promise<void> {
    this.d
      .sql(
        'INSERT INTO member_platforms (id, platforms) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET platforms = excluded.platforms',
      )
      .run(id, [...platforms].sort().join(','));
  }

  async platforms(): Promise<Map<string, readonly string[]>> {
    const rows = this.d.sql('SELECT id, platforms FROM member_platforms').all() as {
      id: string;
      platforms: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.platforms ? r.platforms.split(',') : []]));
  }
}
