import { describe, expect, it } from 'vitest';
import { ImportPoller } from '../../src/calendar/imports/poller.js';
import type { Fetch } from '../../src/calendar/imports/read-source.js';
import { importSources } from '../../src/calendar/imports/sources.js';
import { importSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/core/logger.js';
import { plannedCalendar } from '../../src/scheduler/replanner.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';

function ics(...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', ...lines, 'END:VCALENDAR', ''].join('\r\n');
}

/** A server that answers each URL with its text, and 304 to a request that names its ETag. */
function fakeFetch(texts: Record<string, string>) {
  const asked: string[] = [];
  const fetch: Fetch = async (url, init) => {
    asked.push(url);
    const body = texts[url] ?? '';
    const etag = `"${body.length}"`;
    const headers = init.headers as Record<string, string>;
    if (headers['if-none-match'] === etag) return new Response(null, { status: 304 });
    return new Response(body, { status: 200, headers: { etag } });
  };
  return { fetch, asked, texts };
}

async function setup(entries: unknown[], texts: Record<string, string>, start = '2026-05-04T08:00:00Z') {
  const clock = new FakeClock(start);
  const stores = new SqliteStores(':memory:');
  await stores.migrate();
  const { calendar } = plannedCalendar({
    stores,
    rules: { milestones: [], reminderOffsets: [], dateOnlyPostTime: '10:00' },
    clock,
    logger: silentLogger(),
    onPlanned: () => {},
  });
  const server = fakeFetch(texts);
  const poller = new ImportPoller({
    sources: importSources(
      entries.map((e) => importSchema.parse(e)),
      '/config',
    ),
    calendar,
    stores,
    clock,
    logger: silentLogger(),
    defaultZone: 'Europe/Paris',
    fetch: server.fetch,
  });
  return { clock, stores, calendar, poller, server };
}

const WEEKLY = ics(
  'BEGIN:VEVENT',
  'UID:drops',
  'SUMMARY:Weekly drop',
  'DTSTART;TZID=Europe/Paris:20260505T190000',
  'RRULE:FREQ=WEEKLY',
  'END:VEVENT',
);

describe('a subscription over time', () => {
  it('moves its window on each day even while the source answers 304, and leaves past occurrences alone', async () => {
    const { clock, stores, poller, server } = await setup(
      [{ name: 'drops', url: 'https://cal.example/drops.ics', window: '14d' }],
      { 'https://cal.example/drops.ics': WEEKLY },
    );
    await poller.pollNow();
    const ids = async () =>
      (await stores.events.list()).filter((e) => !e.removed).map((e) => `${e.id} ${e.status}`);
    expect(await ids()).toEqual(['drops-20260505 scheduled', 'drops-20260512 scheduled']);
    clock.jumpTo('2026-05-13T08:00:00Z');
    expect((await poller.pollNow()).get('drops')).toMatchObject({
      status: 'refreshed',
      report: { added: ['drops-20260519', 'drops-20260526'], cancelled: [] },
    });
    expect(server.asked).toHaveLength(2);
    // The past occurrences stay as they were (history), nothing is cancelled.
    expect(await ids()).toEqual([
      'drops-20260505 scheduled',
      'drops-20260512 scheduled',
      'drops-20260519 scheduled',
      'drops-20260526 scheduled',
    ]);
    // Same day, same text: nothing to do at all.
    expect((await poller.pollNow()).get('drops')).toEqual({ status: 'unchanged' });
  });

  it('leaves events of the config, of commands and of another import alone, and says so', async () => {
    const one = ics(
      'BEGIN:VEVENT',
      'UID:launch',
      'SUMMARY:From one',
      'DTSTART:20260601T120000Z',
      'END:VEVENT',
    );
    const two = ics(
      'BEGIN:VEVENT',
      'UID:launch',
      'SUMMARY:From two',
      'DTSTART:20260602T120000Z',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:cmd',
      'SUMMARY:Clash',
      'DTSTART:20260602T120000Z',
      'END:VEVENT',
    );
    const { stores, calendar, poller } = await setup(
      [
        { name: 'one', url: 'https://a.example/one.ics' },
        { name: 'two', url: 'https://b.example/two.ics' },
      ],
      { 'https://a.example/one.ics': one, 'https://b.example/two.ics': two },
    );
    await calendar.addEvent(
      {
        id: 'cmd',
        title: { en: 'Added by a command' },
        description: {},
        start: { kind: 'date', date: '2026-06-03' },
        zone: 'UTC',
        links: [],
        tags: [],
        status: 'scheduled',
      },
      'command',
    );
    const outcomes = await poller.pollNow();
    expect(outcomes.get('two')).toMatchObject({
      status: 'refreshed',
      report: {
        added: [],
        conflicts: [
          { id: 'cmd', message: 'is an event added by a command' },
          { id: 'launch', message: 'came from the import one' },
        ],
      },
    });
    expect((await stores.events.get('launch'))?.title).toEqual({ en: 'From one' });
    expect((await stores.events.get('cmd'))?.title).toEqual({ en: 'Added by a command' });
  });

  it('gives the events the import’s owner and tags', async () => {
    const { stores, poller } = await setup(
      [
        {
          name: 'club',
          url: 'https://c.example/club.ics',
          owner: 'telegram:chat:-1001234567890',
          tags: ['club'],
        },
      ],
      {
        'https://c.example/club.ics': ics(
          'BEGIN:VEVENT',
          'UID:meet',
          'SUMMARY:Meet-up',
          'CATEGORIES:Fans',
          'DTSTART;VALUE=DATE:20260610',
          'END:VEVENT',
        ),
      },
    );
    await poller.pollNow();
    expect(await stores.events.get('meet')).toMatchObject({
      owner: 'telegram:chat:-1001234567890',
      tags: ['fans', 'club'],
      zone: 'Europe/Paris',
      source: 'import',
      imported: { from: 'club', uid: 'meet' },
    });
  });
});
