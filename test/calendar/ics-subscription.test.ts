import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeraldApp } from '../../src/app.js';
import { createLogger } from '../../src/core/logger.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { testConfig } from '../support/config.js';

/** A calendar server as Google or Outlook.com serve one: ETag, Last-Modified, 304 when unchanged. */
class CalendarServer {
  body = '';
  etag = '"v1"';
  status = 200;
  readonly requests: IncomingHttpHeaders[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.requests.push(req.headers);
      if (this.status !== 200) {
        res.writeHead(this.status).end('Internal error');
        return;
      }
      if (req.headers['if-none-match'] === this.etag) {
        res.writeHead(304, { etag: this.etag }).end();
        return;
      }
      res
        .writeHead(200, {
          'content-type': 'text/calendar; charset=utf-8',
          etag: this.etag,
          'last-modified': 'Fri, 01 May 2026 08:00:00 GMT',
        })
        .end(this.body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/calendar/ical/private-0123456789abcdef/basic.ics`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

function ics(events: string[][]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
    'X-WR-TIMEZONE:Europe/Paris',
  ];
  for (const event of events) lines.push('BEGIN:VEVENT', ...event, 'END:VEVENT');
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

const LAUNCH_A = (title: string) => [
  'UID:launch-a@google.com',
  `SUMMARY:${title}`,
  'DTSTART;TZID=Europe/Paris:20260520T140000',
];
const LAUNCH_B = [
  'UID:launch-b@google.com',
  'SUMMARY:Mi 11 Lite launch',
  'DTSTART;TZID=Europe/Paris:20260525T140000',
];
const SERIES = [
  'UID:drops@google.com',
  'SUMMARY:Weekly drop',
  'DTSTART;TZID=Europe/Paris:20260605T190000',
  'RRULE:FREQ=WEEKLY;COUNT=3',
];

describe('imports: a calendar URL, read on its interval', () => {
  let server = new CalendarServer();
  let app: HeraldApp | undefined;
  beforeEach(() => {
    server = new CalendarServer();
  });
  afterEach(async () => {
    await app?.stop();
    await server.stop();
  });

  it('upserts by UID, costs nothing on 304, cancels what disappeared (followers told), keeps everything on a 500', async () => {
    const url = await server.start();
    server.body = ics([LAUNCH_A('Mi 11 launch'), LAUNCH_B, SERIES]);
    const clock = new FakeClock('2026-05-01T08:00:00Z');
    const stores = new SqliteStores(':memory:');
    const logs: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      }),
    });
    const console = new RecordingAdapter('console', () => clock.now());
    const config = testConfig({
      defaults: { zone: 'Europe/Paris' },
      targets: [
        { platform: 'console', chat: 'main', follows: { tags: ['mi'] }, kinds: ['countdown', 'notice'] },
      ],
      imports: [{ name: 'launches', url, every: '1h', tags: ['mi'] }],
    });
    app = new HeraldApp({
      config,
      stores,
      clock,
      logger,
      adapters: [console],
      instanceId: 'test',
      jitter: () => 0,
      pollImports: false,
      schedulerCapMs: 3_600_000,
    });
    await app.start();

    const first = (await app.imports.pollNow()).get('launches');
    expect(first).toMatchObject({ status: 'refreshed', report: { added: expect.any(Array), cancelled: [] } });
    const ids = (await stores.events.list()).map((e) => `${e.id} ${e.source} ${e.imported?.from}`);
    expect(ids).toEqual([
      'drops-google-com-20260605 import launches',
      'drops-google-com-20260612 import launches',
      'drops-google-com-20260619 import launches',
      'launch-a-google-com import launches',
      'launch-b-google-com import launches',
    ]);
    expect((await stores.events.get('launch-b-google-com'))?.tags).toEqual(['mi']);

    // Unchanged: the server is asked with the ETag and answers 304; nothing is written.
    const before = JSON.stringify(await stores.events.list());
    expect((await app.imports.pollNow()).get('launches')).toEqual({ status: 'unchanged' });
    expect(server.requests.at(-1)?.['if-none-match']).toBe('"v1"');
    expect(server.requests.at(-1)?.['if-modified-since']).toBe('Fri, 01 May 2026 08:00:00 GMT');
    expect(JSON.stringify(await stores.events.list())).toBe(before);

    // The chat hears of both launches (their 14-day countdowns)…
    await clock.advanceTo('2026-05-12T00:00:00Z');
    expect(console.posts.map((p) => `${p.message.kind} ${p.message.eventId ?? ''}`)).toEqual(
      expect.arrayContaining(['countdown launch-a-google-com', 'countdown launch-b-google-com']),
    );

    // …then the calendar changes: A renamed, B gone.
    server.body = ics([LAUNCH_A('Mi 11 Pro launch'), SERIES]);
    server.etag = '"v2"';
    const second = (await app.imports.pollNow()).get('launches');
    expect(second).toMatchObject({
      status: 'refreshed',
      report: {
        added: [],
        updated: [{ id: 'launch-a-google-com', fields: ['title'] }],
        cancelled: ['launch-b-google-com'],
      },
    });
    expect(await stores.events.get('launch-b-google-com')).toMatchObject({
      status: 'cancelled',
      removed: true,
    });
    const notices = (await stores.ledger.forEvent('launch-b-google-com')).filter(
      (r) => r.kind === 'cancelled',
    );
    // Planned for the chat that heard of it (and sent at once: it is due now).
    expect(notices.map((r) => r.targetKey)).toEqual(['console:main']);
    await clock.advance(60_000);
    expect(console.posts.filter((p) => p.message.kind === 'cancelled').map((p) => p.text)).toEqual([
      expect.stringContaining('Mi 11 Lite launch'),
    ]);
    expect(
      console.posts.some((p) => p.message.kind === 'changed' && p.text.includes('Mi 11 Pro launch')),
    ).toBe(true);

    // The server fails: logged with the reason; nothing is cancelled.
    server.status = 500;
    expect((await app.imports.pollNow()).get('launches')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('answered HTTP 500'),
    });
    expect(logs.join('')).toContain(
      'import launches answered HTTP 500 Internal Server Error: its events are kept',
    );
    expect(await stores.events.get('launch-a-google-com')).toMatchObject({
      status: 'scheduled',
      title: { en: 'Mi 11 Pro launch' },
    });

    // An empty calendar (or a cut one) cancels nothing either.
    server.status = 200;
    server.body = ics([]);
    server.etag = '"v3"';
    expect((await app.imports.pollNow()).get('launches')).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('came back with no events'),
    });
    server.body = ics([LAUNCH_A('Mi 11 Pro launch')]).slice(0, 60);
    server.etag = '"v4"';
    expect((await app.imports.pollNow()).get('launches')).toMatchObject({
      status: 'failed',
      issues: [expect.stringContaining('is never closed')],
    });
    const upcoming = await stores.events.upcoming({ now: clock.now() });
    expect(upcoming.map((e) => e.id)).toEqual([
      'launch-a-google-com',
      'drops-google-com-20260605',
      'drops-google-com-20260612',
      'drops-google-com-20260619',
    ]);
    // The private address never reaches a log line.
    expect(logs.join('')).not.toContain('private-0123456789abcdef');
  });

  it('reads on start and then on its interval, on the app clock', async () => {
    const url = await server.start();
    server.body = ics([LAUNCH_A('Mi 11 launch')]);
    const clock = new FakeClock('2026-05-01T08:00:00Z');
    const stores = new SqliteStores(':memory:');
    const config = testConfig({ imports: [{ name: 'launches', url, every: '30m' }] });
    app = new HeraldApp({
      config,
      stores,
      clock,
      logger: createLogger({ level: 'silent' }),
      adapters: [],
      instanceId: 'test',
      schedulerCapMs: 3_600_000,
    });
    await app.start();
    await clock.advance(0);
    await app.imports.pollNow(); // the reading the start began (and one more, answered 304)
    expect(await stores.events.get('launch-a-google-com')).toBeDefined();
    const asked = server.requests.length;
    await clock.advance(29 * 60_000);
    await app.imports.idle();
    expect(server.requests.length).toBe(asked);
    await clock.advance(60_000);
    await app.imports.idle();
    expect(server.requests.length).toBe(asked + 1);
    expect(server.requests.at(-1)?.['if-none-match']).toBe('"v1"');
  });
});
