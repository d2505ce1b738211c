import { afterEach, describe, expect, it } from 'vitest';
import { HeraldApp } from '../../src/app.js';
import { envSchema } from '../../src/config/env.js';
import { silentLogger } from '../../src/core/logger.js';
import { heraldRoutes } from '../../src/http/herald-http.js';
import { HttpServer } from '../../src/http/server.js';
import { PrometheusMetrics } from '../../src/observability/prometheus.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** `herald start`'s routes on a running app: the feeds and the page come with operations. */
async function serve(page: Record<string, string> = {}) {
  const base = testConfig({ defaults: { locale: 'fr', zone: 'Europe/Paris' }, page, targets: [] }, [
    MI8_FR,
    MI8_IT,
  ]);
  const config = {
    ...base,
    env: envSchema.parse({ HERALD_DATABASE: ':memory:', HERALD_PUBLIC_URL: 'https://herald.example' }),
  };
  const clock = new FakeClock('2018-05-20T10:00:00Z');
  const stores = new SqliteStores(':memory:');
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger: silentLogger(),
    adapters: [new RecordingAdapter('console', () => clock.now())],
    instanceId: 'web',
    jitter: () => 0,
    schedulerCapMs: 3_600_000,
  });
  await app.start();
  const routes = heraldRoutes(
    { config, app, stores, clock, logger: silentLogger() },
    new PrometheusMetrics(),
  );
  const server = new HttpServer({ host: '127.0.0.1', port: 0, routes, logger: silentLogger() });
  const port = await server.listen();
  stop = async () => {
    await server.close();
    await app.stop();
    await stores.close();
  };
  return { app, url: `http://127.0.0.1:${port}` };
}

describe('the launch page and feeds in herald start', () => {
  it('serve the config’s launches in its default language, and follow the calendar’s changes', async () => {
    const { app, url } = await serve({
      telegramBot: 'herald_launch_bot',
      discordInvite: 'https://discord.gg/x',
    });
    const page = await (await fetch(`${url}/`)).text();
    expect(page).toContain('<html lang="fr"');
    expect(page).toContain('Lancement du Mi 8 — France');
    expect(page).toContain('https://t.me/herald_launch_bot?start=sub_mi8-fr');
    expect(page).toContain('href="https://discord.gg/x"');
    expect(page).toContain('<meta property="og:url" content="https://herald.example/?lang=fr">');
    const feed = await (await fetch(`${url}/calendar.ics`)).text();
    expect(feed).toContain('UID:mi8-fr@herald.example');
    expect(feed).toContain('DTSTART;TZID=Europe/Paris:20180522T140000');
    expect(feed).toContain('SUMMARY:Lancement du Mi 8 — Italie');

    await app.calendar.setStatus('mi8-it', 'cancelled');
    expect(await (await fetch(`${url}/calendar.ics`)).text()).toContain('STATUS:CANCELLED');
    expect(await (await fetch(`${url}/e/mi8-it`)).text()).toContain('>Annulé</span>');
  });

  it('leave out the Telegram and Discord links the config does not give', async () => {
    const { url } = await serve();
    const page = await (await fetch(`${url}/`)).text();
    expect(page).toContain('Lancement du Mi 8 — France');
    expect(page).not.toContain('t.me/');
    expect(page).not.toContain('discord');
  });
});
