import { afterEach, describe, expect, it } from 'vitest';
import type { EventDraft } from '../../src/calendar/calendar-service.js';
import { ASSETS } from '../../src/http/page/assets.js';
import {
  DISCORD_INVITE,
  LAUNCHES,
  PUBLIC_URL,
  startWeb,
  TELEGRAM_BOT,
  type WebFixture,
} from './feeds-fixture.js';

let web: WebFixture | undefined;
afterEach(async () => {
  await web?.close();
  web = undefined;
});

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  if (!web) throw new Error('no server');
  return fetch(`${web.url}${path}`, { headers });
}

async function html(path: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await get(path, headers);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  return response.text();
}

/** The <article> of one launch in a page. */
function article(page: string, id: string): string {
  const match = new RegExp(`<article[^>]* id="launch-${id}"[\\s\\S]*?</article>`).exec(page);
  if (!match) throw new Error(`${id} is not on the page`);
  return match[0];
}

function launchIds(page: string): string[] {
  return [...page.matchAll(/<article[^>]* id="launch-([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('the launch page', () => {
  it('lists the public launches soonest first, each with its state, and never a community’s own', async () => {
    web = await startWeb({ now: '2030-05-20T10:00:00Z' });
    const page = await html('/');
    expect(page).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
    expect(page).toContain('<h1>Upcoming launches</h1>');
    // The night launch took place in March: only its own page has it.
    expect(launchIds(page)).toEqual(['mi8-paris', 'mi8-milan', 'tokyo-cancelled', 'fan-meetup']);
    expect(page).not.toContain('group-secret');
    expect(page).not.toContain('Our group');

    const paris = article(page, 'mi8-paris');
    expect(paris).toContain('data-state="upcoming"');
    expect(paris).toContain('<span class="badge">Upcoming</span>');
    expect(paris).toContain('>Starts in 2 days and 2 hours</p>');
    expect(paris).toContain(`data-instant="${Date.parse('2030-05-22T12:00:00Z')}"`);
    expect(paris).toContain(
      '<time datetime="2030-05-22T14:00:00+02:00">Wednesday, 22 May 2030, 14:00 Paris time</time>',
    );
    expect(paris).toContain('data-template="{time} in your zone ({zone})"');
    expect(paris).toContain('<p class="where">Carrousel du Louvre, Paris</p>');
    expect(paris).toContain('<a href="https://www.mi.com/fr/" rel="noopener noreferrer">Mi France</a>');

    const milan = article(page, 'mi8-milan');
    expect(milan).toContain('Time to be announced');
    expect(milan).toContain('>The day is in 4 days</p>');
    expect(milan).toContain('data-precision="day"');
    expect(milan).not.toContain('data-reader-time');

    const tokyo = article(page, 'tokyo-cancelled');
    expect(tokyo).toContain('data-state="cancelled"');
    expect(tokyo).toContain('<span class="badge badge-cancelled">Cancelled</span>');
    expect(tokyo).toContain('This launch is cancelled.');
    expect(tokyo).not.toContain('data-countdown');
    expect(tokyo).not.toContain('t.me');
    expect(tokyo).not.toContain('calendar.google.com');
  });

  it('shows a launch live from its start to its end, a postponed one as postponed, a past one on its own page', async () => {
    web = await startWeb({ now: '2030-05-22T12:30:00Z' });
    await web.calendar.setStatus('mi8-milan', 'postponed');
    const page = await html('/');
    const paris = article(page, 'mi8-paris');
    expect(paris).toContain('<span class="badge badge-live">Live now</span>');
    expect(paris).not.toContain('data-countdown');
    const milan = article(page, 'mi8-milan');
    expect(milan).toContain('<span class="badge badge-postponed">Postponed</span>');
    expect(milan).toContain('This launch is postponed: a new date will be announced.');

    await web.clock.advanceTo('2030-05-22T14:00:00Z');
    expect(launchIds(await html('/'))).not.toContain('mi8-paris');
    const own = await html('/e/mi8-paris');
    expect(own).toContain('<span class="badge badge-ended">Ended</span>');
    expect(own).toContain('This launch has taken place.');
  });

  it('speaks the language of ?lang=, else of Accept-Language, else the default', async () => {
    web = await startWeb({ now: '2030-05-20T10:00:00Z' });
    const fr = await get('/?lang=fr', { 'accept-language': 'it' });
    expect(fr.headers.get('content-language')).toBe('fr');
    expect(fr.headers.get('vary')).toBe('Accept-Language');
    const frPage = await fr.text();
    expect(frPage).toContain('<html lang="fr"');
    expect(frPage).toContain('<h1>Lancements à venir</h1>');
    expect(article(frPage, 'mi8-paris')).toContain('mercredi 22 mai 2030 à 14:00, heure de Paris');
    expect(article(frPage, 'mi8-paris')).toContain('>Commence dans 2 jours et 2 heures</p>');
    expect(article(frPage, 'tokyo-cancelled')).toContain('>Annulé</span>');

    const itPage = await html('/', { 'accept-language': 'pt-BR, it-IT;q=0.9, en;q=0.8' });
    expect(itPage).toContain('<html lang="it"');
    expect(itPage).toContain('<h1>Prossimi lanci</h1>');
    expect(article(itPage, 'mi8-milan')).toContain('Lancio di Mi 8 — Milano');
    expect(article(itPage, 'mi8-milan')).toContain('venerdì 24 maggio 2030 (orario da confermare)');

    const weighted = await html('/', { 'accept-language': 'en;q=0.2, fr;q=0.8' });
    expect(weighted).toContain('<html lang="fr"');
    for (const [query, accept] of [
      ['?lang=xx', 'pt'],
      ['?lang=%3Cb%3E', ''],
      ['', 'pt-PT, ja;q=0.9'],
    ] as const) {
      expect(await html(`/${query}`, accept ? { 'accept-language': accept } : {})).toContain(
        '<html lang="en"',
      );
    }
  });

  it('gives one launch its own page, with link previews, and a localized 404 for any other address', async () => {
    web = await startWeb({ now: '2030-05-20T10:00:00Z' });
    const page = await html('/e/mi8-paris?lang=fr');
    expect(page).toContain('<h1 id="title-mi8-paris">Lancement du Mi 8 — Paris</h1>');
    expect(page).toContain('<title>Lancement du Mi 8 — Paris · Herald</title>');
    expect(page).toContain('<meta property="og:title" content="Lancement du Mi 8 — Paris · Herald">');
    expect(page).toContain('<meta property="og:description" content="Xiaomi dévoile le Mi 8.">');
    expect(page).toContain(`<meta property="og:url" content="${PUBLIC_URL}/e/mi8-paris?lang=fr">`);
    expect(page).toContain('<meta property="og:image" content="https://launches.example/img/mi8.png">');
    expect(page).toContain('<meta property="og:locale" content="fr_FR">');
    expect(page).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(page).toContain('<link rel="alternate" type="text/calendar"');
    expect(page).toContain('href="/e/mi8-paris.ics?lang=fr"');

    for (const path of ['/e/group-secret?lang=fr', '/e/no-such-launch?lang=fr']) {
      const missing = await get(path);
      expect(missing.status).toBe(404);
      const body = await missing.text();
      expect(body).toContain('<h1>Lancement introuvable</h1>');
      expect(body).not.toContain('Our group');
    }
  });

  it('offers every way to follow a launch: Telegram reminders, the Discord server, its ICS, Google Calendar', async () => {
    web = await startWeb({ now: '2030-05-20T10:00:00Z' });
    const page = await html('/');
    const paris = article(page, 'mi8-paris');
    expect(paris).toContain(
      `<a href="https://t.me/${TELEGRAM_BOT}?start=sub_mi8-paris">Reminders on Telegram</a>`,
    );
    expect(paris).toContain(`<a href="${DISCORD_INVITE}">Join the Discord server</a>`);
    expect(paris).toContain('<a href="/e/mi8-paris.ics?lang=en" type="text/calendar">');
    const google = /href="(https:\/\/calendar\.google\.com\/[^"]+)"/.exec(paris)?.[1]?.replace(/&amp;/g, '&');
    const params = new URL(google ?? 'https://invalid').searchParams;
    expect(params.get('action')).toBe('TEMPLATE');
    expect(params.get('text')).toBe('Mi 8 launch — Paris');
    expect(params.get('dates')).toBe('20300522T120000Z/20300522T140000Z');
    expect(params.get('ctz')).toBe('Europe/Paris');
    expect(params.get('location')).toBe('Carrousel du Louvre, Paris');
    expect(params.get('details')).toContain(`${PUBLIC_URL}/e/mi8-paris?lang=en`);
    const milanGoogle = /href="(https:\/\/calendar\.google\.com\/[^"]+)"/.exec(
      article(page, 'mi8-milan'),
    )?.[1];
    expect(new URL((milanGoogle ?? '').replace(/&amp;/g, '&')).searchParams.get('dates')).toBe(
      '20300524/20300525',
    );
    // The whole calendar, for calendar applications.
    expect(page).toContain('<a href="webcal://launches.example/calendar.ics?lang=en">');
    expect(page).toContain(`<code>${PUBLIC_URL}/calendar.ics?lang=en</code>`);

    await web.close();
    web = await startWeb({
      now: '2030-05-20T10:00:00Z',
      page: { telegramBot: () => undefined, discordInvite: '' },
    });
    const bare = await html('/');
    expect(bare).not.toContain('t.me/');
    expect(bare).not.toContain('discord');
  });

  it('escapes every text from the calendar and links only to http(s) addresses', async () => {
    const hostile: EventDraft = {
      ...LAUNCHES.paris,
      id: 'hostile',
      title: { en: '<script>alert("t")</script> & <b>co</b>' },
      description: { en: '"quoted" <img src=x onerror=alert(1)>' },
      city: '<i>Paris</i>',
      links: [
        { label: '<b>bad</b>', url: 'javascript:alert(1)' },
        { label: 'good', url: 'https://example.com/?a=1&b="2"' },
      ],
      image: 'javascript:alert(2)',
    };
    web = await startWeb({ now: '2030-05-20T10:00:00Z', launches: [hostile] });
    for (const page of [await html('/'), await html('/e/hostile')]) {
      expect(page).not.toContain('<script>alert');
      expect(page).not.toContain('<b>');
      expect(page).not.toContain('<i>');
      expect(page).not.toContain('<img src=x');
      expect(page).not.toContain('javascript:');
      expect(page).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;');
      expect(page).toContain('&quot;quoted&quot; &lt;img src=x onerror=alert(1)&gt;');
      expect(page).toContain('href="https://example.com/?a=1&amp;b=%222%22"');
    }
  });

  it('has no inline script or style: one script and one style sheet from fingerprinted routes, cached for good', async () => {
    web = await startWeb({ now: '2030-05-20T10:00:00Z' });
    const page = await html('/');
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual([`<script src="${ASSETS.script.path}" defer>`]);
    expect(page).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/);
    expect(ASSETS.script.path).toMatch(/^\/assets\/countdown\.[0-9a-f]{12}\.js$/);
    expect(ASSETS.styles.path).toMatch(/^\/assets\/page\.[0-9a-f]{12}\.css$/);
    expect(page).toContain(`<link rel="stylesheet" href="${ASSETS.styles.path}">`);
    for (const [asset, type] of [
      [ASSETS.script, 'text/javascript; charset=utf-8'],
      [ASSETS.styles, 'text/css; charset=utf-8'],
      [ASSETS.icon, 'image/svg+xml'],
    ] as const) {
      const response = await get(asset.path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await response.text()).toBe(asset.body);
    }
    expect((await get('/assets/countdown.000000000000.js')).status).toBe(404);
    // No external font, script, style sheet or icon.
    const loaded = [
      ...page.matchAll(/<(?:script src|link rel="(?:stylesheet|icon|preload|preconnect)" href)="([^"]+)"/g),
    ];
    expect(loaded.map((m) => m[1])).toEqual([ASSETS.icon.path, ASSETS.styles.path, ASSETS.script.path]);
    expect(ASSETS.styles.body).not.toMatch(/@import|url\(|@font-face/);
  });

  it('is rendered from the cache: one read of the store per calendar change, a new render when the countdown moves', async () => {
    web = await startWeb({ now: '2030-05-20T10:00:30Z' });
    const first = await get('/');
    const etag = first.headers.get('etag') ?? '';
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(article(await first.text(), 'mi8-paris')).toContain('>Starts in 2 days and 2 hours</p>');
    await get('/?lang=fr');
    await get('/e/mi8-paris');
    await get('/calendar.ics');
    const again = await get('/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(web.reads()).toBe(1);

    // The next minute the page says how long is left anew, from the same snapshot.
    await web.clock.advanceTo('2030-05-20T10:01:10Z');
    const later = await get('/', { 'if-none-match': etag });
    expect(later.status).toBe(200);
    expect(article(await later.text(), 'mi8-paris')).toContain('>Starts in 2 days and 1 hour</p>');
    expect(web.reads()).toBe(1);

    await web.calendar.editEvent('mi8-paris', { title: { en: 'Mi 8 launch — Paris, new title' } });
    expect(await html('/')).toContain('Mi 8 launch — Paris, new title');
    expect(web.reads()).toBe(2);
  });

  it('sees within a minute a write another process made without telling this one', async () => {
    web = await startWeb({ now: '2030-05-20T10:00:00Z' });
    expect(launchIds(await html('/'))).not.toContain('from-elsewhere');
    // `herald events add` in another process, or another instance on the same database.
    await web.stores.events.put({ ...LAUNCHES.paris, id: 'from-elsewhere', source: 'command', revision: 1 });
    await web.clock.advanceTo('2030-05-20T10:00:30Z');
    expect(launchIds(await html('/'))).not.toContain('from-elsewhere');
    await web.clock.advanceTo('2030-05-20T10:01:00Z');
    expect(launchIds(await html('/'))).toContain('from-elsewhere');
    expect(web.reads()).toBe(2);
  });

  it('splits a long calendar into pages', async () => {
    const many: EventDraft[] = Array.from({ length: 120 }, (_, i) => ({
      ...LAUNCHES.paris,
      id: `launch-${String(i).padStart(3, '0')}`,
      title: { en: `Launch ${i}` },
      start: { kind: 'instant', at: Date.parse('2030-06-01T10:00:00Z') + i * 3_600_000 },
      end: Date.parse('2030-06-01T10:00:00Z') + i * 3_600_000 + 60_000,
    }));
    web = await startWeb({ now: '2030-05-20T10:00:00Z', launches: many });
    const first = await html('/');
    expect(launchIds(first)).toHaveLength(50);
    expect(launchIds(first)[0]).toBe('launch-000');
    expect(first).toContain('Page 1 of 3');
    expect(first).toContain('<a href="?lang=en&amp;page=2" rel="next">Later launches</a>');
    const third = await html('/?page=3');
    expect(launchIds(third)).toHaveLength(20);
    expect(launchIds(third)[0]).toBe('launch-100');
    expect(third).toContain('rel="prev"');
    expect(third).not.toContain('rel="next"');
  });
});
