/**
 * A web server over a real calendar for the HTTP and browser tests: SQLite in memory, the
 * calendar service (its changes invalidate the web's cache), the feed and page routes, on a
 * free port of 127.0.0.1, at a fake instant (the server's; a browser has its own clock).
 */
import { CalendarService, type EventDraft } from '../../src/calendar/calendar-service.js';
import { silentLogger } from '../../src/core/logger.js';
import { feedRoutes } from '../../src/http/feeds/feed-routes.js';
import { PublicCalendar } from '../../src/http/feeds/public-calendar.js';
import { type PageDeps, pageRoutes } from '../../src/http/page/page-routes.js';
import { HttpServer } from '../../src/http/server.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';

export const PUBLIC_URL = 'https://launches.example';

/** Launches of the fixtures, at literal instants (see each). */
export const LAUNCHES = {
  /** 14:00 in Paris (CEST), 12:00 UTC: 08:00 in New York, 21:00 in Tokyo. */
  paris: {
    id: 'mi8-paris',
    title: { en: 'Mi 8 launch — Paris', fr: 'Lancement du Mi 8 — Paris', it: 'Lancio di Mi 8 — Parigi' },
    description: {
      en: 'Xiaomi unveils the Mi 8.',
      fr: 'Xiaomi dévoile le Mi 8.',
      it: 'Xiaomi presenta Mi 8.',
    },
    start: { kind: 'instant', at: Date.parse('2030-05-22T12:00:00Z') },
    end: Date.parse('2030-05-22T14:00:00Z'),
    zone: 'Europe/Paris',
    city: 'Paris',
    venue: 'Carrousel du Louvre',
    links: [{ label: 'Mi France', url: 'https://www.mi.com/fr/' }],
    image: 'https://launches.example/img/mi8.png',
    tags: ['xiaomi', 'mi8'],
    status: 'scheduled',
  },
  /** Across the night the clocks go forward in Paris (31 March 2030, 02:00 → 03:00). */
  night: {
    id: 'night-launch',
    title: { en: 'Night launch' },
    description: { en: 'All night long.' },
    // 22:00 CET on 30 March (21:00 UTC) to 10:00 CEST on 31 March (08:00 UTC): 11 hours.
    start: { kind: 'instant', at: Date.parse('2030-03-30T21:00:00Z') },
    end: Date.parse('2030-03-31T08:00:00Z'),
    zone: 'Europe/Paris',
    city: 'Paris',
    links: [],
    tags: ['night'],
    status: 'scheduled',
  },
  /** The day alone is announced. */
  milan: {
    id: 'mi8-milan',
    title: { en: 'Mi 8 launch — Milan', fr: 'Lancement du Mi 8 — Milan', it: 'Lancio di Mi 8 — Milano' },
    description: { en: 'Xiaomi unveils the Mi 8 for Italy.', it: 'Xiaomi presenta Mi 8 per l’Italia.' },
    start: { kind: 'date', date: '2030-05-24' },
    zone: 'Europe/Rome',
    city: 'Milano',
    links: [],
    tags: ['xiaomi', 'mi8'],
    status: 'scheduled',
  },
  /** Cancelled. */
  tokyo: {
    id: 'tokyo-cancelled',
    title: { en: 'Tokyo launch', fr: 'Lancement à Tokyo', it: 'Lancio a Tokyo' },
    description: { en: 'It was to be in Tokyo.' },
    start: { kind: 'instant', at: Date.parse('2030-06-01T01:00:00Z') },
    zone: 'Asia/Tokyo',
    city: 'Tokyo',
    links: [],
    tags: ['xiaomi'],
    status: 'cancelled',
  },
  /** A community's own launch: never on the web. */
  secret: {
    id: 'group-secret',
    title: { en: 'Our group’s meetup' },
    description: {},
    start: { kind: 'instant', at: Date.parse('2030-05-23T18:00:00Z') },
    zone: 'Europe/Paris',
    links: [],
    tags: ['mi8'],
    status: 'scheduled',
    owner: 'telegram:chat:-100777',
  },
  /** A community's launch an operator made public. */
  shared: {
    id: 'fan-meetup',
    title: { en: 'Fan meetup — New York' },
    description: { en: 'Fans meet.' },
    start: { kind: 'instant', at: Date.parse('2030-11-03T14:00:00Z') },
    zone: 'America/New_York',
    city: 'New York',
    links: [],
    tags: ['fans'],
    status: 'scheduled',
    owner: 'discord:guild:9001',
    public: true,
  },
} satisfies Record<string, EventDraft>;

export interface WebFixture {
  readonly url: string;
  readonly clock: FakeClock;
  readonly calendar: CalendarService;
  readonly published: PublicCalendar;
  readonly stores: SqliteStores;
  /** How many times the store's calendar was read. */
  reads(): number;
  close(): Promise<void>;
}

export interface WebFixtureOptions {
  readonly now: string;
  readonly launches?: readonly EventDraft[];
  /** The page's deps beside the fixture's (default: a Telegram bot and a Discord invite). */
  readonly page?: Partial<Pick<PageDeps, 'telegramBot' | 'discordInvite' | 'defaultLocale'>>;
}

export const TELEGRAM_BOT = 'herald_launch_bot';
export const DISCORD_INVITE = 'https://discord.gg/herald-launches';

export async function startWeb(opts: WebFixtureOptions): Promise<WebFixture> {
  const clock = new FakeClock(opts.now);
  const stores = new SqliteStores(':memory:');
  await stores.migrate();
  const logger = silentLogger();
  const calendar = new CalendarService(stores, clock, logger);
  let reads = 0;
  const list = stores.events.list.bind(stores.events);
  const published = new PublicCalendar({
    events: {
      list: () => {
        reads++;
        return list();
      },
    },
    clock,
  });
  calendar.listen(published.onChange);
  const launches: readonly EventDraft[] = opts.launches ?? Object.values(LAUNCHES);
  for (const launch of launches) {
    await calendar.addEvent(launch, launch.owner === undefined ? 'config' : 'command');
  }
  const server = new HttpServer({
    host: '127.0.0.1',
    port: 0,
    logger,
    routes: [
      ...feedRoutes({ calendar: published, clock, publicUrl: PUBLIC_URL, defaultLocale: 'en' }),
      ...pageRoutes({
        calendar: published,
        clock,
        publicUrl: PUBLIC_URL,
        defaultLocale: 'en',
        telegramBot: () => TELEGRAM_BOT,
        discordInvite: DISCORD_INVITE,
        ...opts.page,
      }),
    ],
  });
  const port = await server.listen();
  return {
    url: `http://127.0.0.1:${port}`,
    clock,
    calendar,
    published,
    stores,
    reads: () => reads,
    close: async () => {
      await server.close();
      await stores.close();
    },
  };
}
