import type { SqliteDatabase } from './database.js';
import { reindexEvents } from './event-index.js';

export interface SqliteMigration {
  readonly version: number;
  readonly sql: string;
  /** Work SQL cannot do (values computed in TypeScript), in the same transaction. */
  readonly after?: (d: SqliteDatabase) => void;
}

/** Versioned schema for the SQLite store. Append; never edit a migration that has shipped. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE targets (
        key TEXT PRIMARY KEY,
        data TEXT NOT NULL
      );
      CREATE TABLE chat_settings (
        chat_key TEXT PRIMARY KEY,
        locale TEXT,
        zone TEXT
      );
      CREATE TABLE subscriptions (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        origin_chat_id TEXT NOT NULL,
        locale TEXT NOT NULL,
        zone TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (platform, user_id, topic)
      );
      CREATE TABLE ledger (
        key TEXT PRIMARY KEY,
        event_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        slot TEXT NOT NULL,
        target_key TEXT NOT NULL,
        platform TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        locale TEXT NOT NULL,
        zone TEXT NOT NULL,
        mention TEXT,
        due INTEGER NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        message_ref TEXT,
        late INTEGER NOT NULL DEFAULT 0,
        payload TEXT,
        lease_owner TEXT,
        lease_until INTEGER,
        updated_at INTEGER NOT NULL,
        sent_at INTEGER
      );
      CREATE INDEX ledger_pending ON ledger (status, platform, due);
      CREATE INDEX ledger_event ON ledger (event_id);
      CREATE INDEX ledger_updated ON ledger (updated_at);
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    // The ledger keeps two times per row apart (the slot it is for, the next try) and a
    // terminal reason; instances have heartbeats; chats that moved stay moved.
    version: 2,
    sql: `
      ALTER TABLE ledger ADD COLUMN next_try INTEGER;
      UPDATE ledger SET next_try = due;
      -- Version 1 moved \`due\` itself when a post waited for a retry: the slot of such a row
      -- is unknown (0) until the first re-plan gives it back (see ledger/diff.ts).
      UPDATE ledger SET due = 0 WHERE status = 'planned' AND last_error IS NOT NULL;
      ALTER TABLE ledger ADD COLUMN reason TEXT;
      UPDATE ledger SET reason = last_error, last_error = NULL
        WHERE status IN ('failed', 'skipped', 'cancelled');
      DROP INDEX ledger_pending;
      CREATE INDEX ledger_next ON ledger (status, platform, next_try);
      CREATE INDEX ledger_lease ON ledger (lease_owner) WHERE lease_owner IS NOT NULL;
      CREATE INDEX ledger_target ON ledger (target_key, event_id, kind);
      CREATE TABLE instances (
        id TEXT PRIMARY KEY,
        incarnation TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        beat_at INTEGER NOT NULL,
        stopped_at INTEGER
      );
      CREATE TABLE target_moves (
        from_key TEXT PRIMARY KEY,
        to_key TEXT NOT NULL,
        moved_at INTEGER NOT NULL
      );
    `,
  },
  {
    // Subscriptions remember the community they were made in (reminders follow its visibility).
    version: 3,
    sql: `ALTER TABLE subscriptions ADD COLUMN community TEXT;`,
  },
  {
    // Readers ask the calendar with indexed queries instead of decoding every event: the
    // instants, state and owner of each launch as columns, its tags as rows (see
    // calendar/upcoming.ts for what the queries answer). Existing rows are indexed from their JSON.
    version: 4,
    sql: `
      ALTER TABLE events ADD COLUMN start_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN until_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN date_only INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'scheduled';
      ALTER TABLE events ADD COLUMN owner TEXT;
      ALTER TABLE events ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE events ADD COLUMN search TEXT NOT NULL DEFAULT '';
      CREATE TABLE event_tags (
        tag TEXT NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (tag, event_id)
      ) WITHOUT ROWID;
      CREATE INDEX event_tags_event ON event_tags (event_id);
      -- Covering what the filters read, so that walking a window never loads an event's JSON.
      CREATE INDEX events_start ON events (start_at, id, until_at, status, removed, owner, public, date_only);
      CREATE INDEX events_live ON events (status) WHERE status = 'live';
      CREATE INDEX events_written ON events (updated_at);
    `,
    after: (d) => reindexEvents(d),
  },
  {
    // Several instances on one database (src/cluster): who holds each inbound connection (the
    // Telegram poller, the Discord gateway), the inbound deliveries already taken, and which
    // platforms each instance runs.
    version: 5,
    sql: `
      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        since INTEGER NOT NULL,
        until INTEGER NOT NULL
      );
      CREATE TABLE inbound_deliveries (
        id TEXT PRIMARY KEY,
        at INTEGER NOT NULL
      );
      CREATE INDEX inbound_deliveries_at ON inbound_deliveries (at);
      CREATE TABLE member_platforms (
        id TEXT PRIMARY KEY,
        platforms TEXT NOT NULL
      );
    `,
  },
];
