import { eventSpan } from '../../calendar/event-span.js';
import { searchText } from '../../calendar/upcoming.js';
import { type LaunchEvent, OPERATORS, ownerOf } from '../../core/types.js';
import type { SqliteDatabase } from './database.js';

/** The columns of `events` that queries read (the JSON in `data` stays the whole event). */
export function indexColumns(event: LaunchEvent): readonly (string | number | null)[] {
  const span = eventSpan(event);
  const owner = ownerOf(event);
  return [
    span.start,
    span.until,
    span.dateOnly ? 1 : 0,
    event.status,
    owner === OPERATORS ? null : owner,
    event.public === true ? 1 : 0,
    event.removed === true ? 1 : 0,
    searchText(event),
  ];
}

const UPSERT = `INSERT INTO events (id, data, updated_at, start_at, until_at, date_only, status, owner, public, removed, search)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at,
    start_at = excluded.start_at, until_at = excluded.until_at, date_only = excluded.date_only,
    status = excluded.status, owner = excluded.owner, public = excluded.public,
    removed = excluded.removed, search = excluded.search`;

/** Writes an event, its index columns and its tags (inside the caller's transaction). */
export function writeEvent(d: SqliteDatabase, event: LaunchEvent, json: string, at: number): void {
  d.sql(UPSERT).run(event.id, json, at, ...indexColumns(event));
  d.sql('DELETE FROM event_tags WHERE event_id = ?').run(event.id);
  const insertTag = d.sql('INSERT OR IGNORE INTO event_tags (tag, event_id) VALUES (?, ?)');
  for (const tag of event.tags) insertTag.run(tag, event.id);
}

/** Indexes every stored event from its JSON (the version 4 migration). */
export function reindexEvents(d: SqliteDatabase): void {
  const rows = d.db.prepare('SELECT id, data, updated_at FROM events').all() as {
    id: string;
    data: string;
    updated_at: number;
  }[];
  for (const row of rows) writeEvent(d, JSON.parse(row.data) as LaunchEvent, row.data, row.updated_at);
}
