import { StoreError } from '../../core/errors.js';
import type { PostgresDatabase } from './database.js';
import type { PostgresMigration } from './migrations.js';

/**
 * The advisory lock every migration takes (`pg_advisory_xact_lock`): instances starting at
 * once on one database apply each migration once, one after the other. Its value spells
 * "HERALDMG"; other advisory locks Herald takes must use other keys.
 */
export const MIGRATION_LOCK = 0x484552414c444d47n;

const TRACKING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  applied_at bigint NOT NULL
)`;

/** The versions applied, or none when the database has no `schema_migrations` table yet. */
export async function appliedVersions(db: PostgresDatabase): Promise<number[]> {
  const [table] = await db.rows<{ name: string | null }>(
    "SELECT to_regclass('schema_migrations')::text AS name",
  );
  if (!table?.name) return [];
  return (await db.rows<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map(
    (r) => r.version,
  );
}

/**
 * Brings the schema up to date. A fast check first (every start of an up-to-date instance
 * takes no lock); then each missing migration in its own transaction, after the lock, checking
 * again under it whether another instance applied it meanwhile. PostgreSQL's DDL is
 * transactional: a migration that fails or whose process dies halfway leaves nothing, and the
 * next start runs it again from the beginning.
 */
export async function migrate(db: PostgresDatabase, migrations: readonly PostgresMigration[]): Promise<void> {
  const versions = migrations.map((m) => m.version);
  if (
    new Set(versions).size !== versions.length ||
    versions.some((v, i) => i > 0 && v <= (versions[i - 1] ?? 0))
  )
    throw new StoreError(
      'PostgreSQL migrations are out of order',
      'give each appended migration the next version',
    );
  const done = new Set(await appliedVersions(db));
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    await db.transaction(async (sql) => {
      await sql.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
      if (db.schema !== undefined) await sql.query(`CREATE SCHEMA IF NOT EXISTS ${db.schema}`);
      await sql.query(TRACKING);
      const applied = await sql.query('SELECT 1 FROM schema_migrations WHERE version = $1', [
        migration.version,
      ]);
      if ((applied.rowCount ?? 0) > 0) return;
      await sql.query(migration.sql);
      await migration.after?.(sql);
      await sql.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
        migration.version,
        Date.now(),
      ]);
    });
  }
}
