import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_URL, startWeb, type WebFixture } from './feeds-fixture.js';

/** What a calendar application reads from a feed: each VEVENT with its instants resolved. */
interface ReadEvent {
  readonly uid: string;
  readonly summary: string;
  readonly description: string;
  readonly start: string;
  readonly end: string | undefined;
  readonly dateOnly: boolean;
  readonly tzid: string | undefined;
  readonly status: string | undefined;
  readonly sequence: number;
  readonly location: string | undefined;
  readonly url: string | undefined;
}

/**
 * Parses a feed with ical.js the way a calendar application does: its VTIMEZONEs registered
 * first, so DTSTART;TZID=… resolves through Herald's own VTIMEZONE, not the machine's zone data.
 */
function readFeed(text: string): ReadEvent[] {
  const root = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  for (const vtimezone of root.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(new ICAL.Timezone(vtimezone));
  }
  return root.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    const instant = (time: ICAL.Time) =>
      time.isDate ? time.toString() : new Date(time.toUnixTime() * 1000).toISOString();
    const dtstart = vevent.getFirstProperty('dtstart');
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: instant(event.startDate),
      end: vevent.hasProperty('dtend') ? instant(event.endDate) : undefined,
      dateOnly: event.startDate.isDate,
      tzid: (dtstart?.getParameter('tzid') as string | undefined) ?? undefined,
      status: (vevent.getFirstPropertyValue('status') as string | null) ?? undefined,
      sequence: event.sequence,
      location: event.location ?? undefined,
      url: (vevent.getFirstPropertyValue('url') as string | null) ?? undefined,
    };
  });
}

function byUid(events: readonly ReadEvent[], id: string): ReadEvent {
  const event = events.find((e) => e.uid === `${id}@launches.example`);
  if (!event) throw new Error(`${id} is not in the feed (${events.map((e) => e.uid).join(', ')})`);
  return event;
}

let web: WebFixture | undefined;
afterEach(async () => {
  await web?.close();
  web = undefined;
});

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  if (!web) throw new Error('no server');
  return fetch(`${web.url}${path}`, { headers });
}

describe('/calendar.ics', () => {
  it('holds every public launch at its instant, in its venue’s zone, and never a community’s own', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const response = await get('/calendar.ics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const body = await response.text();
    expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(body).toContain('X-WR-CALNAME:Herald');
    const events = readFeed(body);
    expect(events.map((e) => e.uid).sort()).toEqual(
      ['fan-meetup', 'mi8-milan', 'mi8-paris', 'night-launch', 'tokyo-cancelled'].map(
        (id) => `${id}@launches.example`,
      ),
    );
    expect(body).not.toContain('group-secret');
    expect(body).not.toContain('Our group');

    const paris = byUid(events, 'mi8-paris');
    expect(paris).toMatchObject({
      tzid: 'Europe/Paris',
      start: '2030-05-22T12:00:00.000Z',
      end: '2030-05-22T14:00:00.000Z',
      summary: 'Mi 8 launch — Paris',
      location: 'Carrousel du Louvre, Paris',
      url: `${PUBLIC_URL}/e/mi8-paris?lang=en`,
      status: 'CONFIRMED',
      sequence: 0,
    });
    expect(body).toContain('DTSTART;TZID=Europe/Paris:20300522T140000');
    expect(paris.description).toContain('Xiaomi unveils the Mi 8.');
    expect(paris.description).toContain('Mi France: https://www.mi.com/fr/');

    // Starts in winter time, ends in summer time: both read back through the VTIMEZONE.
    const night = byUid(events, 'night-launch');
    expect(night).toMatchObject({ start: '2030-03-30T21:00:00.000Z', end: '2030-03-31T08:00:00.000Z' });
    expect(body).toContain('DTSTART;TZID=Europe/Paris:20300330T220000');
    expect(body).toContain('DTEND;TZID=Europe/Paris:20300331T100000');

    const fans = byUid(events, 'fan-meetup');
    expect(fans).toMatchObject({ tzid: 'America/New_York', start: '2030-11-03T14:00:00.000Z' });
    // 3 November 2030 is the day New York falls back: 09:00 EST.
    expect(body).toContain('DTSTART;TZID=America/New_York:20301103T090000');
  });

  it('gives a date-only launch as a whole day (VALUE=DATE), with no zone to resolve', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const body = await (await get('/calendar.ics')).text();
    const milan = byUid(readFeed(body), 'mi8-milan');
    expect(milan).toMatchObject({ dateOnly: true, start: '2030-05-24', end: '2030-05-25', tzid: undefined });
    expect(body).toContain('DTSTART;VALUE=DATE:20300524');
    expect(milan.description).toContain('time to be announced');
  });

  it('marks a cancelled launch CANCELLED, and a postponed one TENTATIVE', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    await web.calendar.setStatus('mi8-milan', 'postponed');
    const events = readFeed(await (await get('/calendar.ics')).text());
    expect(byUid(events, 'tokyo-cancelled')).toMatchObject({
      status: 'CANCELLED',
      summary: '❌ Cancelled: Tokyo launch',
      start: '2030-06-01T01:00:00.000Z',
      tzid: 'Asia/Tokyo',
    });
    expect(byUid(events, 'mi8-milan')).toMatchObject({ status: 'TENTATIVE', sequence: 1 });
  });

  it('speaks the language asked for (?lang=), and the default one for a language Herald does not speak', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const fr = readFeed(await (await get('/calendar.ics?lang=fr')).text());
    expect(byUid(fr, 'mi8-paris')).toMatchObject({
      summary: 'Lancement du Mi 8 — Paris',
      url: `${PUBLIC_URL}/e/mi8-paris?lang=fr`,
    });
    expect(byUid(fr, 'mi8-paris').description).toContain('Xiaomi dévoile le Mi 8.');
    expect(byUid(fr, 'mi8-milan').description).toContain('heure à confirmer');
    // A title missing in French falls back to English.
    expect(byUid(fr, 'night-launch').summary).toBe('Night launch');
    const it = readFeed(await (await get('/calendar.ics?lang=it-IT')).text());
    expect(byUid(it, 'mi8-milan').summary).toBe('Lancio di Mi 8 — Milano');
    for (const bad of ['xx', 'french', '<script>', '']) {
      const events = readFeed(await (await get(`/calendar.ics?lang=${encodeURIComponent(bad)}`)).text());
      expect(byUid(events, 'mi8-paris').summary).toBe('Mi 8 launch — Paris');
    }
  });

  it('keeps only the launches with a tag (?tag=)', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const body = await (await get('/calendar.ics?tag=mi8')).text();
    expect(
      readFeed(body)
        .map((e) => e.uid)
        .sort(),
    ).toEqual(['mi8-milan@launches.example', 'mi8-paris@launches.example']);
    expect(body).toContain('X-WR-CALNAME:Herald · mi8');
    const none = await get('/calendar.ics?tag=nothing-has-it');
    expect(none.status).toBe(200);
    expect(readFeed(await none.text())).toEqual([]);
  });
});

describe('/e/<id>.ics', () => {
  it('holds one public launch; an unknown id or a community’s own launch is not found', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const response = await get('/e/mi8-paris.ics?lang=it');
    expect(response.status).toBe(200);
    const events = readFeed(await response.text());
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      uid: 'mi8-paris@launches.example',
      summary: 'Lancio di Mi 8 — Parigi',
      start: '2030-05-22T12:00:00.000Z',
    });
    for (const path of ['/e/no-such-launch.ics', '/e/group-secret.ics']) {
      const missing = await get(path);
      expect(missing.status).toBe(404);
      expect(await missing.text()).not.toContain('Our group');
    }
  });
});

describe('caching and conditional requests', () => {
  it('answers 304 to a client whose copy is current, by ETag or by date', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const first = await get('/calendar.ics');
    const etag = first.headers.get('etag');
    const lastModified = first.headers.get('last-modified');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(lastModified).toBe('Fri, 01 Mar 2030 10:00:00 GMT');
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');

    const byTag = await get('/calendar.ics', { 'if-none-match': `"other", ${etag}` });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe('');
    expect(byTag.headers.get('etag')).toBe(etag);
    const byDate = await get('/calendar.ics', { 'if-modified-since': lastModified ?? '' });
    expect(byDate.status).toBe(304);
    const stale = await get('/calendar.ics', { 'if-none-match': '"stale"' });
    expect(stale.status).toBe(200);
    const older = await get('/calendar.ics', { 'if-modified-since': 'Thu, 28 Feb 2030 10:00:00 GMT' });
    expect(older.status).toBe(200);
    // A language is its own feed, with its own tag.
    expect((await get('/calendar.ics?lang=fr')).headers.get('etag')).not.toBe(etag);
  });

  it('reads the store once per calendar change, not per request; an edit shows at once with a higher SEQUENCE', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const first = await get('/calendar.ics');
    const etag = first.headers.get('etag') ?? '';
    await get('/calendar.ics?lang=fr');
    await get('/e/mi8-paris.ics');
    await get('/calendar.ics', { 'if-none-match': etag });
    expect(web.reads()).toBe(1);

    await web.clock.advanceTo('2030-03-02T08:00:00Z');
    // An edit nobody is notified of (the description) still raises the SEQUENCE.
    await web.calendar.editEvent('mi8-paris', { description: { en: 'Now with a keynote.' } });
    const after = await get('/calendar.ics', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(web.reads()).toBe(2);
    expect(after.headers.get('last-modified')).toBe('Sat, 02 Mar 2030 08:00:00 GMT');
    const events = readFeed(await after.text());
    const paris = byUid(events, 'mi8-paris');
    expect(paris.sequence).toBe(1);
    expect(paris.description).toContain('Now with a keynote.');
    expect(after.headers.get('etag')).not.toBe(etag);
    // The other launches did not change: their SEQUENCE stays.
    expect(byUid(events, 'night-launch').sequence).toBe(0);

    // A second edit, of the time: the SEQUENCE goes on rising, the UID stays.
    await web.calendar.editEvent('mi8-paris', {
      start: { kind: 'instant', at: Date.parse('2030-05-22T13:00:00Z') },
    });
    const again = readFeed(await (await get('/e/mi8-paris.ics')).text());
    expect(again[0]).toMatchObject({
      uid: 'mi8-paris@launches.example',
      sequence: 2,
      start: '2030-05-22T13:00:00.000Z',
    });
  });

  it('raises the SEQUENCE when a config sync or an import replaces a launch by a different version, not when it is the same', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const { source: _source, revision: _revision, ...night } = (await web.calendar.getEvent('night-launch'))!;
    await web.calendar.replaceEvent(night, 'import');
    expect(byUid(readFeed(await (await get('/calendar.ics')).text()), 'night-launch').sequence).toBe(0);
    await web.calendar.replaceEvent({ ...night, image: 'https://launches.example/img/night.png' }, 'import');
    expect(byUid(readFeed(await (await get('/calendar.ics')).text()), 'night-launch').sequence).toBe(1);
    // Cancelled, then scheduled again: the same UID, a higher SEQUENCE each time.
    await web.calendar.setStatus('night-launch', 'cancelled');
    await web.calendar.setStatus('night-launch', 'scheduled');
    expect(byUid(readFeed(await (await get('/calendar.ics')).text()), 'night-launch')).toMatchObject({
      sequence: 3,
      status: 'CONFIRMED',
    });
  });

  it('drops a launch the moment it is no longer public, and shows one made public', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    expect((await get('/e/fan-meetup.ics')).status).toBe(200);
    await web.calendar.editEvent('fan-meetup', { public: false });
    expect((await get('/e/fan-meetup.ics')).status).toBe(404);
    await web.calendar.editEvent('group-secret', { public: true });
    expect((await get('/e/group-secret.ics')).status).toBe(200);
  });

  it('keeps the calendar writing when a listener fails', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const stop = web.calendar.listen(() => {
      throw new Error('a broken cache');
    });
    await web.calendar.editEvent('mi8-paris', { city: 'Lyon' });
    stop();
    expect((await web.calendar.getEvent('mi8-paris'))?.city).toBe('Lyon');
    expect(byUid(readFeed(await (await get('/calendar.ics')).text()), 'mi8-paris').location).toBe(
      'Carrousel du Louvre, Lyon',
    );
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    web = await startWeb({ now: '2030-03-01T10:00:00Z' });
    const head = await fetch(`${web.url}/calendar.ics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe((await get('/calendar.ics')).headers.get('etag'));
    expect(await head.text()).toBe('');
  });
});
