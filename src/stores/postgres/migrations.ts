import { COORDINATION_MIGRATION } from './coordination.js';
import type { Sql } from './transaction.js';

export interface PostgresMigration {
  readonly version: number;
  /** What it does, for `herald db status`. */
  readonly name: string;
  /** One or more statements, run in the migration's transaction. */
  readonly sql: string;
  /** Work SQL cannot do (values computed in TypeScript), in the same transaction. */
  readonly after?: (sql: Sql) => Promise<void>;
}

/**
 * Versioned schema for the PostgreSQL store, the same scheme as SQLite's (a `schema_migrations`
 * row per version applied). Version 1 is the whole schema SQLite reached in its versions 1 to 4,
 * with PostgreSQL's types: instants are `bigint` (milliseconds), and every key, id, tag and
 * status is `COLLATE "C"`, so that ORDER BY sorts as JavaScript compares strings (code units,
 * the order the calendar's `bySoonest` and the contract suites expect), whatever the
 * database's own collation. Flags stay integers (0/1) as in SQLite, so `herald db copy`
 * moves values across unchanged.
 *
 * Append; never edit a migration that has shipped. Each one runs in its own transaction under
 * an advisory lock (migrate.ts): it applies whole or not at all, and two instances starting
 * at once apply it once.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'calendar, targets, subscriptions, ledger, instances (SQLite versions 1-4)',
    sql: `
      CREATE TABLE events (
        id text COLLATE "C" PRIMARY KEY,
        data text NOT NULL,
        updated_at bigint NOT NULL,
        start_at bigint NOT NULL DEFAULT 0,
        until_at bigint NOT NULL DEFAULT 0,
        date_only integer NOT NULL DEFAULT 0,
        status text COLLATE "C" NOT NULL DEFAULT 'scheduled',
        owner text COLLATE "C",
        public integer NOT NULL DEFAULT 0,
        removed integer NOT NULL DEFAULT 0,
        search text NOT NULL DEFAULT ''
      );
      CREATE TABLE event_tags (
        tag text COLLATE "C" NOT NULL,
        event_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (tag, event_id)
      );
      CREATE INDEX event_tags_event ON event_tags (event_id);
      -- Covering what the filters read, so that walking a window never loads an event's JSON.
      CREATE INDEX events_start ON events (start_at, id) INCLUDE (until_at, status, removed, owner, public, date_only);
      CREATE INDEX events_live ON events (status) WHERE status = 'live';
      CREATE INDEX events_written ON events (updated_at);
      CREATE TABLE targets (
        key text COLLATE "C" PRIMARY KEY,
        data text NOT NULL
      );
      CREATE TABLE chat_settings (
        chat_key text COLLATE "C" PRIMARY KEY,
        locale text,
        zone text
      );
      CREATE TABLE subscriptions (
        platform text COLLATE "C" NOT NULL,
        user_id text COLLATE "C" NOT NULL,
        topic text COLLATE "C" NOT NULL,
        origin_chat_id text NOT NULL,
        locale text NOT NULL,
        zone text NOT NULL,
        created_at bigint NOT NULL,
        community text,
        PRIMARY KEY (platform, user_id, topic)
      );
      CREATE INDEX subscriptions_topic ON subscriptions (topic);
      CREATE TABLE ledger (
        key text COLLATE "C" PRIMARY KEY,
        event_id text COLLATE "C" NOT NULL,
        kind text COLLATE "C" NOT NULL,
        slot text COLLATE "C" NOT NULL,
        target_key text COLLATE "C" NOT NULL,
        platform text COLLATE "C" NOT NULL,
        chat_id text NOT NULL,
        locale text NOT NULL,
        zone text NOT NULL,
        mention text,
        due bigint NOT NULL,
        next_try bigint NOT NULL,
        status text COLLATE "C" NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        reason text,
        last_error text,
        message_ref text,
        late integer NOT NULL DEFAULT 0,
        payload text,
        lease_owner text COLLATE "C",
        lease_until bigint,
        updated_at bigint NOT NULL,
        sent_at bigint
      );
      CREATE INDEX ledger_next ON ledger (status, platform, next_try);
      CREATE INDEX ledger_lease ON ledger (lease_owner) WHERE lease_owner IS NOT NULL;
      CREATE INDEX ledger_target ON ledger (target_key, event_id, kind);
      CREATE INDEX ledger_event ON ledger (event_id);
      CREATE INDEX ledger_updated ON ledger (updated_at);
      CREATE TABLE meta (
        key text COLLATE "C" PRIMARY KEY,
        value text NOT NULL
      );
      CREATE TABLE instances (
        id text COLLATE "C" PRIMARY KEY,
        incarnation text NOT NULL,
        started_at bigint NOT NULL,
        beat_at bigint NOT NULL,
        stopped_at bigint
      );
      CREATE TABLE target_moves (
        from_key text COLLATE "C" PRIMARY KEY,
        to_key text COLLATE "C" NOT NULL,
        moved_at bigint NOT NULL
      );
    `,
  },
  // ── Append new migrations here (version 2, 3, …), each with its own version number. ──
  COORDINATION_MIGRATION,
];
