import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { upcoming } from '../../src/calendar/upcoming.js';
import type { EventStatus, LaunchEvent } from '../../src/core/types.js';
import type { Stores } from '../../src/stores/stores.js';

// Around the spring DST change in Paris and New York, and a year end.
const BASE = Date.UTC(2026, 2, 27, 12);
const DAY = 86_400_000;
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'UTC'] as const;
const TAGS = ['mi8', 'redmi', 'fr', 'it'] as const;
const COMMUNITIES = ['telegram:chat:-1', 'discord:guild:2'] as const;

const eventArb = fc.record({
  n: fc.integer({ min: 0, max: 40 }),
  dateOnly: fc.boolean(),
  offsetMin: fc.integer({ min: -4 * 24 * 60, max: 10 * 24 * 60 }),
  zone: fc.constantFrom(...ZONES),
  status: fc.constantFrom<EventStatus>('scheduled', 'scheduled', 'live', 'ended', 'postponed', 'cancelled'),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  owner: fc.option(fc.constantFrom(...COMMUNITIES), { nil: undefined }),
  public: fc.boolean(),
  removed: fc.boolean(),
  title: fc.constantFrom('Mi 8', 'Lancement Étoile', 'Redmi Note', 'Édition limitée'),
});

type Draft = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function toEvent(e: Draft): LaunchEvent {
  const at = BASE + e.offsetMin * 60_000;
  const date = new Date(at).toISOString().slice(0, 10);
  return {
    id: `ev-${e.n}`,
    title: { en: e.title, fr: `${e.title} FR` },
    description: {},
    start: e.dateOnly ? { kind: 'date', date } : { kind: 'instant', at },
    zone: e.zone,
    links: [],
    tags: e.tags,
    status: e.removed ? 'cancelled' : e.status,
    source: 'command',
    revision: 1,
    ...(e.owner === undefined ? {} : { owner: e.owner }),
    ...(e.public ? { public: true } : {}),
    ...(e.removed ? { removed: true as const } : {}),
  };
}

/** A scheduled launch at BASE in UTC, untagged, the operators', to spread into literal cases. */
function plainEvent(): LaunchEvent {
  return toEvent({
    n: 1,
    dateOnly: false,
    offsetMin: 0,
    zone: 'UTC',
    status: 'scheduled',
    tags: [],
    owner: undefined,
    public: false,
    removed: false,
    title: 'Mi 8',
  });
}

/** Empties the store's calendar and writes these drafts (the last of an id wins); returns them by id. */
async function replaceCalendar(stores: Stores, drafts: readonly Draft[]): Promise<Map<string, LaunchEvent>> {
  for (const event of await stores.events.list()) await stores.events.delete(event.id);
  const byId = new Map<string, LaunchEvent>();
  for (const draft of drafts) byId.set(`ev-${draft.n}`, toEvent(draft));
  for (const event of byId.values()) await stores.events.put(event);
  return byId;
}

const queryArb = fc.record(
  {
    nowMin: fc.integer({ min: -2 * 24 * 60, max: 6 * 24 * 60 }),
    windowMs: fc.integer({ min: 0, max: 5 * DAY }),
    viewer: fc.constantFrom('operators', ...COMMUNITIES),
    follower: fc.record({
      tags: fc.uniqueArray(fc.constantFrom('*', ...TAGS), { maxLength: 2 }),
      events: fc.uniqueArray(
        fc.integer({ min: 0, max: 40 }).map((n) => `ev-${n}`),
        { maxLength: 3 },
      ),
      owner: fc.option(fc.constantFrom(...COMMUNITIES), { nil: undefined }),
    }),
    tag: fc.constantFrom(...TAGS),
    text: fc.constantFrom('mi', 'ÉTOILE', 'ev-1', 'fr', 'zz'),
    limit: fc.integer({ min: 1, max: 30 }),
  },
  { requiredKeys: ['nowMin'] },
);

/** What every store must answer to calendar queries: the definition in calendar/upcoming.ts. */
export function eventQueriesContract(name: string, open: () => Promise<Stores>): void {
  describe(`${name} calendar queries`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await open();
      await stores.migrate();
    });
    afterEach(async () => {
      await stores.close();
    });

    it('answer upcoming() exactly as the in-memory definition does', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(eventArb, { maxLength: 30 }),
          fc.array(queryArb, { minLength: 1, maxLength: 5 }),
          async (drafts, queries) => {
            const byId = await replaceCalendar(stores, drafts);
            const all = [...byId.values()];
            for (const raw of queries) {
              const { nowMin, follower, ...rest } = raw;
              const now = BASE + nowMin * 60_000;
              const q = {
                ...rest,
                ...(follower === undefined
                  ? {}
                  : {
                      follower: {
                        follows: { tags: follower.tags, events: follower.events },
                        ...(follower.owner === undefined ? {} : { owner: follower.owner }),
                      },
                    }),
              };
              const expected = upcoming(all, now, q).map((e) => e.id);
              expect((await stores.events.upcoming({ now, ...q })).map((e) => e.id)).toEqual(expected);
              const { limit: _, ...unlimited } = q;
              expect(await stores.events.count({ now, ...unlimited })).toBe(
                upcoming(all, now, unlimited).length,
              );
            }
          },
        ),
        { numRuns: 150, seed: 20261201 },
      );
    });

    it('find every event with given ids or tags, in any state, removed ones included', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(eventArb, { maxLength: 30 }),
          fc.uniqueArray(fc.constantFrom('*', ...TAGS), { maxLength: 2 }),
          fc.uniqueArray(
            fc.integer({ min: 0, max: 40 }).map((n) => `ev-${n}`),
            { maxLength: 3 },
          ),
          async (drafts, tags, ids) => {
            const byId = await replaceCalendar(stores, drafts);
            const expected = [...byId.values()]
              .filter(
                (e) =>
                  tags.includes('*') ||
                  ids.includes(e.id) ||
                  e.tags.some((t) => (tags as readonly string[]).includes(t)),
              )
              .map((e) => e.id)
              .sort();
            const found = await stores.events.matching({ tags, events: ids });
            expect(found.map((e) => e.id).sort()).toEqual(expected);
          },
        ),
        { numRuns: 60, seed: 20261201 },
      );
    });

    it('list a date-only launch whose day has begun before a launch still live since later', async () => {
      const now = Date.UTC(2026, 2, 27, 12);
      const base = plainEvent();
      // Kiritimati is UTC+14: its 28 March began at 10:00 UTC on the 27th.
      await stores.events.put({
        ...base,
        id: 'kiri-today',
        start: { kind: 'date', date: '2026-03-28' },
        zone: 'Pacific/Kiritimati',
      });
      await stores.events.put({
        ...base,
        id: 'live-1h',
        start: { kind: 'instant', at: now - 3_600_000 },
        status: 'live',
      });
      const all = await stores.events.list();
      expect(upcoming(all, now).map((e) => e.id)).toEqual(['kiri-today', 'live-1h']);
      expect((await stores.events.upcoming({ now })).map((e) => e.id)).toEqual(['kiri-today', 'live-1h']);
      expect((await stores.events.upcoming({ now, limit: 1 })).map((e) => e.id)).toEqual(['kiri-today']);
    });

    it('order launches at the same instant, and tags, by code units as JavaScript compares them', async () => {
      const base = plainEvent();
      // Code units: upper case before lower case, '-' before '_', accents after 'z'; a
      // language's collation (en-US) puts 'a' before 'B' and 'é' beside 'e'.
      const ids = ['b', 'B', 'a_1', 'a-1', 'é', 'z', 'A'];
      for (const id of ids) await stores.events.put({ ...base, id, tags: [`t${id}`] });
      const codeUnits = [...ids].sort();
      expect(codeUnits).toEqual(['A', 'B', 'a-1', 'a_1', 'b', 'z', 'é']);
      expect((await stores.events.upcoming({ now: BASE - DAY })).map((e) => e.id)).toEqual(codeUnits);
      expect((await stores.events.upcoming({ now: BASE - DAY, limit: 3 })).map((e) => e.id)).toEqual(
        codeUnits.slice(0, 3),
      );
      expect((await stores.events.list()).map((e) => e.id)).toEqual(codeUnits);
      expect(await stores.events.tags({})).toEqual(codeUnits.map((id) => `t${id}`));
    });

    it('list the tags a community sees, of launches ahead or of all', async () => {
      const at = BASE + DAY;
      const base = plainEvent();
      await stores.events.put({ ...base, id: 'a', start: { kind: 'instant', at }, tags: ['mi8', 'fr'] });
      await stores.events.put({
        ...base,
        id: 'b',
        start: { kind: 'instant', at: BASE - DAY },
        tags: ['old'],
      });
      await stores.events.put({ ...base, id: 'c', tags: ['secret'], owner: 'telegram:chat:-1' });
      await stores.events.put({ ...base, id: 'd', tags: ['gone'], status: 'cancelled', removed: true });
      expect(await stores.events.tags({ viewer: 'discord:guild:2' })).toEqual(['fr', 'mi8', 'old']);
      expect(await stores.events.tags({ viewer: 'telegram:chat:-1' })).toEqual([
        'fr',
        'mi8',
        'old',
        'secret',
      ]);
      expect(await stores.events.tags({ viewer: 'discord:guild:2', aheadOf: BASE })).toEqual(['fr', 'mi8']);
      expect(await stores.events.tags({ text: 'm' })).toEqual(['mi8']);
      expect(await stores.events.tags({ limit: 2 })).toEqual(['fr', 'mi8']);
      await stores.events.delete('a');
      expect(await stores.events.tags({})).toEqual(['old', 'secret']);
    });
  });
}
