import { PostgresStores } from './postgres/postgres-stores.js';
import { SqliteStores } from './sqlite/sqlite-stores.js';
import type { Stores } from './stores.js';

/** Whether HERALD_DATABASE names a PostgreSQL database (`postgres://…` or `postgresql://…`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Opens the stores HERALD_DATABASE names: `postgres://user:password@host:5432/db` (PostgreSQL,
 * shared by every instance that names it), `sqlite:<path>`, a plain path, or `:memory:`.
 * Nothing connects or is created before `migrate()` or the first read.
 */
export function openStores(url: string): Stores {
  if (isPostgresUrl(url)) return new PostgresStores(url);
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  return new SqliteStores(file || 'data/herald.db');
}
