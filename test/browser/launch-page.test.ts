import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWeb, type WebFixture } from '../http/feeds-fixture.js';
import { launchChromium } from './chromium.js';

// The server and the browser stand at the same instant: 2 days and 2 hours before the Paris
// launch (22 May 2030, 14:00 in Paris, 12:00 UTC).
const NOW = '2030-05-20T10:00:00Z';
const ARTIFACTS = path.resolve('test-results');

// A stand-in for the launches' images (the machine has no network): an SVG served in place of
// https://launches.example/img/… by the browser itself.
const IMAGE = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0b5cad"/><stop offset="1" stop-color="#ff6900"/></linearGradient></defs>
<rect width="640" height="400" fill="url(#g)"/>
<rect x="250" y="70" width="140" height="260" rx="22" fill="#111" stroke="#eee" stroke-width="6"/>
<rect x="262" y="92" width="116" height="216" rx="8" fill="#2b3a4f"/>
<text x="320" y="210" font-family="sans-serif" font-size="40" font-weight="700" fill="#fff" text-anchor="middle">8</text>
</svg>`;

// The CSP the server is meant to send (no inline script, no inline style, nothing from elsewhere
// but launch images): the page must work under it.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let browser: Browser;
let web: WebFixture;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  web = await startWeb({ now: NOW });
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

interface Opened {
  readonly page: Page;
  /** Console errors and CSP violations seen by the page. */
  readonly problems: string[];
}

/** A page in a fresh browser context at the fixtures' instant, with the reader's zone and language. */
async function open(pathname: string, options: BrowserContextOptions = {}, at = NOW): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.route('https://launches.example/img/**', (route) =>
    route.fulfill({ status: 200, contentType: 'image/svg+xml', body: IMAGE }),
  );
  await page.route(`${web.url}/**`, async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    if ((headers['content-type'] ?? '').startsWith('text/html')) headers['content-security-policy'] = CSP;
    await route.fulfill({ response, headers });
  });
  if (options.javaScriptEnabled !== false) {
    // The browser's clock stands still at the instant; the tests move it.
    await page.clock.install({ time: new Date(Date.parse(at) - 60_000) });
    await page.clock.pauseAt(new Date(at));
    await page.exposeFunction('__cspViolation', (text: string) => problems.push(text));
    await page.addInitScript(BROWSER.reportCspViolations);
  }
  await page.goto(`${web.url}${pathname}`);
  return { page, problems };
}

const card = (page: Page, id: string) => page.locator(`#launch-${id}`);

/**
 * Code run in the page (strings: Herald's TypeScript has no DOM types, on purpose: src/ must
 * never reach for a browser global).
 */
const BROWSER = {
  reportCspViolations: `document.addEventListener('securitypolicyviolation', (event) =>
    window.__cspViolation('CSP: ' + event.violatedDirective + ' ' + event.blockedURI));`,
  titleDecoration: (selector: string) =>
    `getComputedStyle(document.querySelector(${JSON.stringify(selector)})).textDecorationLine`,
  liveBadgeAnimation: `(() => {
    const probe = document.createElement('span');
    probe.className = 'badge badge-live';
    document.body.append(probe);
    return getComputedStyle(probe, '::before').animationName;
  })()`,
  imagesDecoded: `Promise.all([...document.images].map((img) => img.decode().catch(() => undefined))).then(() => true)`,
  /** The visible text of lowest contrast against its background (WCAG relative luminance). */
  worstContrast: `(() => {
    const rgb = (color) => (color.match(/[\\d.]+/g) || []).map(Number);
    const channel = (c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = (element) => {
      for (let e = element; e; e = e.parentElement) {
        const [r, g, b, a = 1] = rgb(getComputedStyle(e).backgroundColor);
        if (a > 0) return [r, g, b];
      }
      return [255, 255, 255];
    };
    const results = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent.trim() || element.closest('.skip')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const fg = luminance(rgb(getComputedStyle(element).color));
      const bg = luminance(background(element));
      results.push({ text: node.textContent.trim().slice(0, 40), ratio: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05) });
    }
    return results.sort((a, b) => a.ratio - b.ratio)[0];
  })()`,
};

describe('the launch page in Chromium', () => {
  it('ticks the countdown every second, and says "live now" when the instant comes', async () => {
    const { page, problems } = await open('/', { timezoneId: 'Europe/Paris', locale: 'en-GB' });
    const countdown = card(page, 'mi8-paris').locator('.countdown');
    await expect.poll(() => countdown.textContent()).toBe('Starts in 2d 2h 0m 0s');
    await page.clock.runFor(1000);
    expect(await countdown.textContent()).toBe('Starts in 2d 1h 59m 59s');
    await page.clock.runFor(61_000);
    expect(await countdown.textContent()).toBe('Starts in 2d 1h 58m 58s');
    // The day of the Milan launch is announced, not its hour: days only.
    expect(await card(page, 'mi8-milan').locator('.countdown').textContent()).toBe('The day is in 4 days');

    // Two seconds before the launch, then past it.
    await page.clock.fastForward(Date.parse('2030-05-22T11:59:58Z') - Date.parse('2030-05-20T10:01:02Z'));
    await page.clock.runFor(1000);
    expect(await countdown.textContent()).toBe('Starts in 0m 1s');
    await page.clock.runFor(2000);
    expect(await countdown.textContent()).toBe('Live now');
    expect(await card(page, 'mi8-paris').locator('.badge').textContent()).toBe('Live now');
    expect(problems).toEqual([]);
  });

  it('shows each launch at the reader’s own time beside the venue’s', async () => {
    const expected = [
      ['America/New_York', 'en-US', '/', 'May 22, 08:00 in your zone (America/New_York)'],
      ['Asia/Tokyo', 'en-US', '/', 'May 22, 21:00 in your zone (Asia/Tokyo)'],
      ['Asia/Tokyo', 'fr-FR', '/?lang=fr', '22 mai, 21:00 chez vous (Asia/Tokyo)'],
      ['America/New_York', 'it-IT', '/?lang=it', '22 mag, 08:00 nel tuo fuso orario (America/New_York)'],
    ] as const;
    for (const [timezoneId, locale, pathname, text] of expected) {
      const { page, problems } = await open(pathname, { timezoneId, locale });
      const paris = card(page, 'mi8-paris');
      await expect.poll(() => paris.locator('.reader-time').textContent()).toBe(text);
      expect(await paris.locator('.reader-time').isVisible()).toBe(true);
      // The venue's time does not move with the reader.
      expect(await paris.locator('.when').textContent()).toContain('14:00');
      expect(problems).toEqual([]);
    }
    // A launch on the day New York falls back (3 November 2030): 14:00 UTC is 09:00 there, 23:00 in Tokyo.
    const { page } = await open('/e/fan-meetup', { timezoneId: 'Asia/Tokyo', locale: 'en-US' });
    await expect
      .poll(() => page.locator('.reader-time').textContent())
      .toBe('Nov 3, 23:00 in your zone (Asia/Tokyo)');
    expect(await page.locator('.when').textContent()).toBe('Sunday, 3 November 2030, 09:00 New York time');
  });

  it('speaks French and Italian, from ?lang= or from the browser’s language', async () => {
    const fr = await open('/?lang=fr', { timezoneId: 'Europe/Paris', locale: 'en-GB' });
    expect(await fr.page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await fr.page.locator('h1').textContent()).toBe('Lancements à venir');
    await expect
      .poll(() => card(fr.page, 'mi8-paris').locator('.countdown').textContent())
      .toBe('Commence dans 2j 2h 0min 0s');
    expect(await card(fr.page, 'mi8-paris').locator('.when').textContent()).toBe(
      'mercredi 22 mai 2030 à 14:00, heure de Paris',
    );
    expect(await card(fr.page, 'mi8-milan').locator('.countdown').textContent()).toBe(
      'Le jour J est dans 4\u00a0jours',
    );
    expect(await fr.page.locator('nav.languages [aria-current="true"]').textContent()).toBe('Français');

    // No ?lang=: the browser's Accept-Language (it-IT) decides.
    const it = await open('/', { timezoneId: 'Europe/Rome', locale: 'it-IT' });
    expect(await it.page.locator('html').getAttribute('lang')).toBe('it');
    expect(await it.page.locator('h1').textContent()).toBe('Prossimi lanci');
    await expect
      .poll(() => card(it.page, 'mi8-paris').locator('.countdown').textContent())
      .toBe('Inizia tra 2gg 2h 0min 0s');
    expect(await card(it.page, 'mi8-milan').locator('.badge').textContent()).toBe('Orario da confermare');
    expect(await card(it.page, 'tokyo-cancelled').locator('.badge').textContent()).toBe('Annullato');
    // Following the language switcher keeps the reader on the same page.
    await it.page.locator('nav.languages a[hreflang="en"]').click();
    await it.page.waitForURL(/\?lang=en$/);
    expect(await it.page.locator('h1').textContent()).toBe('Upcoming launches');
  });

  it('shows a cancelled launch as cancelled: badge, note, struck title, no countdown, no reminders', async () => {
    const { page } = await open('/', { timezoneId: 'Europe/Paris', locale: 'en-GB' });
    const tokyo = card(page, 'tokyo-cancelled');
    expect(await tokyo.getAttribute('data-state')).toBe('cancelled');
    expect(await tokyo.locator('.badge').textContent()).toBe('Cancelled');
    expect(await tokyo.locator('.note').textContent()).toBe('This launch is cancelled.');
    expect(await page.evaluate(BROWSER.titleDecoration('#launch-tokyo-cancelled h2'))).toBe('line-through');
    expect(await tokyo.locator('.countdown').count()).toBe(0);
    expect(await tokyo.locator('a[href^="https://t.me/"]').count()).toBe(0);
  });

  it('reads without JavaScript: the server’s countdown and the venue’s time, nothing half-filled', async () => {
    const { page } = await open('/', { timezoneId: 'Asia/Tokyo', locale: 'en-GB', javaScriptEnabled: false });
    const paris = card(page, 'mi8-paris');
    expect(await paris.locator('.countdown').textContent()).toBe('Starts in 2 days and 2 hours');
    expect(await paris.locator('.when').textContent()).toBe('Wednesday, 22 May 2030, 14:00 Paris time');
    expect(await paris.locator('.reader-time').isVisible()).toBe(false);
  });

  it('moves only once a minute, without seconds, for a reader who prefers reduced motion', async () => {
    const { page } = await open('/', {
      timezoneId: 'Europe/Paris',
      locale: 'en-GB',
      reducedMotion: 'reduce',
    });
    const countdown = card(page, 'mi8-paris').locator('.countdown');
    await expect.poll(() => countdown.textContent()).toBe('Starts in 2d 2h 0m');
    await page.clock.runFor(5000);
    expect(await countdown.textContent()).toBe('Starts in 2d 2h 0m');
    await page.clock.runFor(60_000);
    expect(await countdown.textContent()).toBe('Starts in 2d 1h 59m');
    // The live badge's pulse is still.
    expect(await page.evaluate(BROWSER.liveBadgeAnimation)).toBe('none');
  });

  it('is readable: one h1, a language, labelled navigation, and text contrast of at least 4.5:1 in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, problems } = await open('/', {
        timezoneId: 'Europe/Paris',
        locale: 'en-GB',
        colorScheme,
      });
      await expect.poll(() => card(page, 'mi8-paris').locator('.reader-time').isVisible()).toBe(true);
      expect(await page.locator('h1').count()).toBe(1);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('nav[aria-label]').count()).toBe(1);
      expect(await page.locator('img:not([alt])').count()).toBe(0);
      const worst = (await page.evaluate(BROWSER.worstContrast)) as
        | { text: string; ratio: number }
        | undefined;
      expect(worst?.ratio, `${colorScheme}: "${worst?.text}"`).toBeGreaterThanOrEqual(4.5);
      expect(problems).toEqual([]);
    }
  });

  it('keeps a screenshot of the page as a test artifact', async () => {
    const { page, problems } = await open('/', { timezoneId: 'America/New_York', locale: 'en-US' });
    await expect.poll(() => card(page, 'mi8-paris').locator('.reader-time').isVisible()).toBe(true);
    expect(await page.evaluate(BROWSER.imagesDecoded)).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'launch-page.png');
    const shot = await page.screenshot({ path: file, fullPage: true });
    expect(shot.subarray(1, 4).toString()).toBe('PNG');
    // The README's picture: HERALD_UPDATE_SCREENSHOT=1 npx vitest run --project browser
    if (process.env.HERALD_UPDATE_SCREENSHOT === '1') {
      await page.setViewportSize({ width: 1100, height: 1300 });
      await page.screenshot({ path: path.resolve('docs/launch-page.png') });
    }
    expect(problems).toEqual([]);
  });
});
