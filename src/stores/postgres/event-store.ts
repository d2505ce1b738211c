import { eventSpan } from '../../calendar/event-span.js';
import type { EventStore, TagQuery } from '../../calendar/stores.js';
import { bySoonest, searchText, type UpcomingQuery } from '../../calendar/upcoming.js';
import { type Follows, type LaunchEvent, OPERATORS, ownerOf } from '../../core/types.js';
import type { PostgresDatabase, Sql } from './database.js';
import { asOf, from } from './instants.js';
import { named } from './named.js';

// The queries of the SQLite store (stores/sqlite/calendar-stores.ts), in PostgreSQL's terms:
// arrays for the follows (`= ANY`), `strpos` for the text, `LIMIT NULL` for no limit. Ties of
// `ORDER BY start_at, id` sort in code-unit order because `id` is `COLLATE "C"` (migrations.ts).

// A date-only launch counts as ahead until its day ends: it starts at most a (long) day before.
const DAY_SLACK_MS = 3 * 86_400_000;

const FILTERS = `removed = 0 AND status NOT IN ('cancelled', 'ended')
  AND (@viewer::text IS NULL OR owner IS NULL OR public = 1 OR owner = @viewer)
  AND (@followerOwner::text IS NULL OR owner IS NULL OR public = 1 OR owner = @followerOwner)
  AND (@followsAll::boolean OR id = ANY(@followsIds::text[])
       OR EXISTS (SELECT 1 FROM event_tags t WHERE t.event_id = events.id AND t.tag = ANY(@followsTags::text[])))
  AND (@tag::text IS NULL OR EXISTS (SELECT 1 FROM event_tags t WHERE t.tag = @tag AND t.event_id = events.id))
  AND (@text::text IS NULL OR strpos(search, @text) > 0)`;

// Launches whose start (or day) is ahead, walked along the start index.
const AHEAD = `SELECT data FROM events WHERE start_at >= @aheadFrom::bigint AND start_at <= @startsBy::bigint
  AND until_at >= @now::bigint AND ${FILTERS} ORDER BY start_at, id LIMIT @limit::bigint`;

// Timed launches still live after their start instant (few: a launch is live for hours).
const STILL_LIVE = `SELECT data FROM events WHERE status = 'live' AND date_only = 0 AND until_at < @now::bigint
  AND start_at <= @startsBy::bigint AND ${FILTERS} ORDER BY start_at, id LIMIT @limit::bigint`;

const UPCOMING = `(${AHEAD}) UNION ALL (${STILL_LIVE})`;

// A chat that follows a few launches or small tags: its launches found from its follows.
const AHEAD_OR_LIVE = `((start_at >= @aheadFrom::bigint AND until_at >= @now::bigint)
    OR (status = 'live' AND date_only = 0 AND until_at < @now::bigint))
  AND start_at <= @startsBy::bigint`;
const FOLLOWED_ROWS = `FROM events WHERE id IN (SELECT unnest(@followsIds::text[])
    UNION SELECT event_id FROM event_tags WHERE tag = ANY(@followsTags::text[]))
  AND ${AHEAD_OR_LIVE} AND ${FILTERS}`;
const FOLLOWED = `SELECT data ${FOLLOWED_ROWS} ORDER BY start_at, id LIMIT @limit::bigint`;
const FOLLOWED_COUNT = `SELECT count(*) AS n ${FOLLOWED_ROWS}`;
const FOLLOWED_SIZE = `SELECT (SELECT count(*) FROM event_tags WHERE tag = ANY($1::text[]))
  + cardinality($2::text[]) AS n`;

/** Above this many followed launches (counted in the tag index), walking the start index is faster. */
export const NARROW_FOLLOWS = 1_000;

const COUNT = `SELECT (SELECT count(*) FROM events WHERE start_at >= @aheadFrom::bigint
    AND start_at <= @startsBy::bigint AND until_at >= @now::bigint AND ${FILTERS})
  + (SELECT count(*) FROM events WHERE status = 'live' AND date_only = 0 AND until_at < @now::bigint
    AND start_at <= @startsBy::bigint AND ${FILTERS}) AS n`;

const TAGS = `SELECT d.tag FROM (SELECT DISTINCT tag FROM event_tags
    WHERE @text::text IS NULL OR strpos(tag, @text) > 0) d
  WHERE EXISTS (SELECT 1 FROM event_tags t JOIN events e ON e.id = t.event_id WHERE t.tag = d.tag
    AND e.removed = 0 AND (@viewer::text IS NULL OR e.owner IS NULL OR e.public = 1 OR e.owner = @viewer)
    AND (@aheadOf::bigint IS NULL OR (e.status NOT IN ('cancelled', 'ended')
      AND (e.until_at >= @aheadOf OR (e.status = 'live' AND e.date_only = 0)))))
  ORDER BY d.tag LIMIT @limit::bigint`;

const UPSERT = `INSERT INTO events (id, data, updated_at, start_at, until_at, date_only, status, owner, public, removed, search)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at,
    start_at = excluded.start_at, until_at = excluded.until_at, date_only = excluded.date_only,
    status = excluded.status, owner = excluded.owner, public = excluded.public,
    removed = excluded.removed, search = excluded.search`;
// After the upsert (which locks the event's row), so that this statement sees the tags as
// the last writer of the event left them.
const RETAG = `WITH gone AS (DELETE FROM event_tags WHERE event_id = $1 AND NOT (tag = ANY($2::text[])))
  INSERT INTO event_tags (tag, event_id) SELECT DISTINCT t, $1 FROM unnest($2::text[]) AS t
  ON CONFLICT DO NOTHING`;

/** The columns of `events` that queries read (the JSON in `data` stays the whole event). */
function indexColumns(event: LaunchEvent): unknown[] {
  const span = eventSpan(event);
  const owner = ownerOf(event);
  // Whole milliseconds (an event's instants are; a fraction would not fit the column).
  return [
    Math.round(span.start),
    Math.round(span.until),
    span.dateOnly ? 1 : 0,
    event.status,
    owner === OPERATORS ? null : owner,
    event.public === true ? 1 : 0,
    event.removed === true ? 1 : 0,
    searchText(event),
  ];
}

/** Writes an event, its index columns and its tags (inside the caller's transaction). */
export async function writeEvent(sql: Sql, event: LaunchEvent, json: string, at: number): Promise<void> {
  await sql.query(UPSERT, [event.id, json, at, ...indexColumns(event)]);
  await sql.query(RETAG, [event.id, [...event.tags]]);
}

function queryParams(q: UpcomingQuery) {
  const follows = q.follower?.follows;
  return {
    viewer: q.viewer ?? null,
    followerOwner: q.follower ? ownerOf(q.follower) : null,
    followsAll: follows === undefined || follows.tags.includes('*'),
    followsIds: [...(follows?.events ?? [])],
    followsTags: [...(follows?.tags ?? [])],
    tag: q.tag ?? null,
    text: q.text === undefined ? null : q.text.toLowerCase(),
    // Whole milliseconds, rounded so that the comparisons answer as with the exact instant.
    aheadFrom: from(q.now - DAY_SLACK_MS),
    startsBy: q.windowMs === undefined ? Number.MAX_SAFE_INTEGER : asOf(q.now + q.windowMs),
    now: from(q.now),
    limit: q.limit ?? null,
  };
}

/** For the queries that start from the follows: the filters need not check them again. */
function followed(params: ReturnType<typeof queryParams>) {
  return { ...params, followsAll: true };
}

const parse = (rows: readonly { data: string }[]) => rows.map((r) => JSON.parse(r.data) as LaunchEvent);

export class PostgresEventStore implements EventStore {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly narrowFollows = NARROW_FOLLOWS,
  ) {}

  /** Whether the follower's launches are few enough to be found from its follows. */
  private async narrow(q: Pick<UpcomingQuery, 'follower'>): Promise<boolean> {
    const follows = q.follower?.follows;
    if (!follows || follows.tags.includes('*')) return false;
    const [size] = await this.db.rows<{ n: number }>(FOLLOWED_SIZE, [[...follows.tags], [...follows.events]]);
    return (size?.n ?? 0) <= this.narrowFollows;
  }

  async get(id: string): Promise<LaunchEvent | undefined> {
    return parse(await this.db.rows('SELECT data FROM events WHERE id = $1', [id]))[0];
  }

  async list(): Promise<LaunchEvent[]> {
    return parse(await this.db.rows('SELECT data FROM events ORDER BY id'));
  }

  async put(event: LaunchEvent): Promise<void> {
    await this.db.transaction((sql) => writeEvent(sql, event, JSON.stringify(event), Date.now()));
  }

  async delete(id: string): Promise<void> {
    await this.db.exec(
      'WITH tags AS (DELETE FROM event_tags WHERE event_id = $1) DELETE FROM events WHERE id = $1',
      [id],
    );
  }

  async upcoming(q: UpcomingQuery): Promise<LaunchEvent[]> {
    const params = queryParams(q);
    if (await this.narrow(q)) return parse(await this.db.rows(...named(FOLLOWED, followed(params))));
    // Both lists, in one statement (one snapshot), merged: a date-only launch whose day has
    // begun started before a launch still live from earlier today.
    const events = parse(await this.db.rows(...named(UPCOMING, params))).sort(bySoonest);
    return q.limit === undefined ? events : events.slice(0, q.limit);
  }

  async count(q: Omit<UpcomingQuery, 'limit'>): Promise<number> {
    const params = queryParams(q);
    const [row] = await this.db.rows<{ n: number }>(
      ...((await this.narrow(q)) ? named(FOLLOWED_COUNT, followed(params)) : named(COUNT, params)),
    );
    return row?.n ?? 0;
  }

  async matching(follows: Follows): Promise<LaunchEvent[]> {
    if (follows.tags.includes('*')) return this.list();
    return parse(
      await this.db.rows(
        `SELECT data FROM events WHERE id = ANY($1::text[])
           OR id IN (SELECT event_id FROM event_tags WHERE tag = ANY($2::text[]))
         ORDER BY id`,
        [[...follows.events], [...follows.tags]],
      ),
    );
  }

  async writtenSince(at: number): Promise<LaunchEvent[]> {
    return parse(await this.db.rows('SELECT data FROM events WHERE updated_at > $1 ORDER BY id', [asOf(at)]));
  }

  async tags(q: TagQuery): Promise<string[]> {
    const rows = await this.db.rows<{ tag: string }>(
      ...named(TAGS, {
        text: q.text?.toLowerCase() ?? null,
        viewer: q.viewer ?? null,
        aheadOf: q.aheadOf === undefined ? null : from(q.aheadOf),
        limit: q.limit ?? null,
      }),
    );
    return rows.map((r) => r.tag);
  }
}
