import { StoreError } from '../core/errors.js';
import { displayUrl, URL_FORM } from './postgres/database.js';
import { PostgresStores } from './postgres/postgres-stores.js';
import { SqliteStores } from './sqlite/sqlite-stores.js';
import type { Stores } from './stores.js';

/** Whether HERALD_DATABASE names a PostgreSQL database (`postgres://…` or `postgresql://…`). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Refuses a HERALD_DATABASE that is neither a PostgreSQL URL nor a SQLite path: a mistyped
 * scheme (postgress://, pg://, mysql://) or a `postgres:` without its `//` must not become a
 * local SQLite file named after the URL (password included) on which the instance runs alone.
 * The message names the URL with its password redacted.
 */
export function checkStoreUrl(url: string): void {
  if (isPostgresUrl(url)) return;
  if (/^postgres(ql)?:/i.test(url))
    throw new StoreError(
      `HERALD_DATABASE ${displayUrl(url)} is not a PostgreSQL URL: the scheme needs two slashes`,
      URL_FORM,
    );
  // One letter before the colon is a drive (C:/data/herald.db), not a scheme.
  const scheme = /^([a-z][a-z0-9+.-]+):\/?\//i.exec(url)?.[1];
  if (scheme !== undefined && scheme.toLowerCase() !== 'sqlite')
    throw new StoreError(
      `HERALD_DATABASE ${displayUrl(url)} has the unknown scheme ${JSON.stringify(`${scheme}:`)}`,
      'write a postgres:// (or postgresql://) URL, or sqlite:<path>',
    );
}

/**
 * Opens the stores HERALD_DATABASE names: `postgres://user:password@host:5432/db` (PostgreSQL,
 * shared by every instance that names it), `sqlite:<path>`, a plain path, or `:memory:`.
 * Nothing connects or is created before `migrate()` or the first read.
 */
export function openStores(url: string): Stores {
  checkStoreUrl(url);
  if (isPostgresUrl(url)) return new PostgresStores(url);
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  return new SqliteStores(file || 'data/herald.db');
}
