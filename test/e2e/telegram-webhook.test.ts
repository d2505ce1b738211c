import { afterEach, describe, expect, it, vi } from 'vitest';
import { TelegramAdapter } from '../../src/adapters/telegram/telegram-adapter.js';
import { HeraldApp } from '../../src/app.js';
import { allCommands } from '../../src/commands/registry.js';
import { silentLogger } from '../../src/core/logger.js';
import { redact } from '../../src/core/redact.js';
import { UNLIMITED } from '../../src/delivery/rate-limiter.js';
import { operationsRoutes } from '../../src/http/herald-http.js';
import type { HttpRoute } from '../../src/http/route.js';
import { HttpServer } from '../../src/http/server.js';
import { telegramWebhookRoute, WEBHOOK_MAX_BODY, webhookSecret } from '../../src/http/telegram-webhook.js';
import { PrometheusMetrics } from '../../src/observability/prometheus.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { parsePrometheus, sampleValue } from '../http/prometheus-text.js';
import { MI8_FR, testConfig } from '../support/config.js';
import { TOKEN } from '../support/telegram-harness.js';

const GROUP = { id: -1001234567890, type: 'supergroup', title: 'Mi Fans FR' };
const ALICE = { id: 4242, language_code: 'fr', first_name: 'Alice' };
const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['1d'] },
  targets: [{ platform: 'telegram', chat: String(GROUP.id), locale: 'fr', follows: { tags: ['mi8'] } }],
};
const config = testConfig(settings, [MI8_FR]);

interface Webhooked {
  readonly telegram: FakeTelegram;
  readonly stores: SqliteStores;
  readonly server: HttpServer;
  readonly base: string;
  readonly secret: string;
  readonly app: HeraldApp;
  readonly adapter: TelegramAdapter;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A route whose handler is looked up when a request comes (the app is built after the server listens). */
function late(path: string, route: () => HttpRoute | undefined): HttpRoute {
  return {
    method: 'GET',
    path,
    handle: (request) => {
      const target = route();
      if (!target) return { status: 503 };
      return target.handle(request);
    },
  };
}

/**
 * Herald as `herald start` builds it with HERALD_HTTP_PORT and TELEGRAM_WEBHOOK_URL: the real
 * grammY client against the fake Bot API, updates posted by the fake to the webhook route of
 * the HTTP server. `start: false` leaves the app unstarted.
 */
async function startWebhooked(
  opts: { secret?: string; telegram?: FakeTelegram; stores?: SqliteStores; start?: boolean } = {},
): Promise<Webhooked> {
  const telegram = opts.telegram ?? new FakeTelegram(TOKEN);
  if (!opts.telegram) {
    await telegram.start();
    cleanups.push(() => telegram.stop());
  }
  const stores = opts.stores ?? new SqliteStores(':memory:');
  if (!opts.stores) cleanups.push(() => stores.close());
  await stores.migrate();
  const clock = new FakeClock('2018-05-20T10:00:00Z');
  const secret = await webhookSecret(opts.secret, stores.refs);
  const metrics = new PrometheusMetrics({ processMetrics: false, ledgerSampleMs: 0, expositionMs: 0 });
  let adapter: TelegramAdapter | undefined;
  let ops: HttpRoute[] = [];
  const server = new HttpServer({
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger(),
    routes: [
      telegramWebhookRoute({ path: '/telegram/webhook', secretToken: secret, receiver: () => adapter }),
      late('/readyz', () => ops.find((r) => r.path === '/readyz')),
      late('/metrics', () => ops.find((r) => r.path === '/metrics')),
    ],
  });
  const port = await server.listen();
  cleanups.push(() => server.close());
  const base = `http://127.0.0.1:${port}`;
  adapter = new TelegramAdapter({
    token: TOKEN,
    apiRoot: telegram.apiRoot,
    clock,
    logger: silentLogger(),
    commands: allCommands(),
    metrics,
    webhook: { url: `${base}/telegram/webhook`, secretToken: secret },
  });
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger: silentLogger(),
    adapters: [adapter],
    instanceId: 'webhook-test',
    jitter: () => 0,
    schedulerCapMs: 3_600_000,
    limits: { telegram: UNLIMITED },
    metrics,
  });
  ops = operationsRoutes({ config, app, stores, clock, logger: silentLogger() }, metrics);
  cleanups.push(() => app.stop().then(() => {}));
  if (opts.start !== false) {
    await app.start();
    await clock.advance(0);
  }
  return { telegram, stores, server, base, secret, app, adapter };
}

const waitSent = (telegram: FakeTelegram, chat: number, count: number) =>
  vi.waitFor(() => expect(telegram.sentTo(chat).length).toBeGreaterThanOrEqual(count), {
    timeout: 5000,
    interval: 20,
  });

function commandUpdate(text: string): string {
  return JSON.stringify({
    update_id: 900,
    message: {
      message_id: 1,
      date: 1526810400,
      chat: GROUP,
      from: { is_bot: false, ...ALICE },
      text,
      entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]?.length ?? 0 }],
    },
  });
}

describe('Telegram in webhook mode (real grammY, fake Bot API posting to the HTTP server)', () => {
  it('sets the webhook with a secret token and answers the commands Telegram posts to it', async () => {
    const h = await startWebhooked();
    expect(h.telegram.webhook).toEqual({
      url: `${h.base}/telegram/webhook`,
      secretToken: h.secret,
      allowedUpdates: ['message', 'channel_post', 'chat_member', 'my_chat_member'],
    });
    // Generated (none configured): 32 random bytes, kept in the store.
    expect(h.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await h.stores.refs.get('telegram:webhook-secret')).toBe(h.secret);
    expect(redact(`secret=${h.secret}`)).toBe('secret=[redacted]');
    h.telegram.type(GROUP, ALICE, '/countdown mi8-fr');
    h.telegram.type(GROUP, ALICE, '/next@herald_bot');
    await waitSent(h.telegram, GROUP.id, 2);
    const texts = h.telegram.sentTo(GROUP.id).map((m) => m.text ?? '');
    expect(texts[0]).toContain('Début dans 2 jours et 2 heures.');
    expect(texts[1]).toContain('Prochain lancement : Lancement du Mi 8 — France');
    expect(h.telegram.deliveries.map((d) => d.status)).toEqual([200, 200]);
    expect(h.telegram.calls.some((c) => c.method === 'getUpdates')).toBe(false);
    expect(await (await fetch(`${h.base}/readyz`)).json()).toMatchObject({
      ready: true,
      checks: { 'adapter:telegram': { ready: true } },
    });
  });

  it('answers 200 at once and handles the update after', async () => {
    const h = await startWebhooked();
    const release = h.telegram.hold('sendMessage');
    h.telegram.type(GROUP, ALICE, '/countdown mi8-fr');
    await h.telegram.delivered();
    // Telegram has its 200 while the answer cannot have gone out yet (the Bot API holds it).
    expect(h.telegram.deliveries).toEqual([{ updateId: 1, status: 200 }]);
    expect(h.telegram.sentTo(GROUP.id)).toEqual([]);
    await vi.waitFor(() => expect(h.telegram.calls.some((c) => c.method === 'sendMessage')).toBe(true), {
      timeout: 5000,
      interval: 20,
    });
    release();
    await waitSent(h.telegram, GROUP.id, 1);
  });

  it('refuses a request without the right secret token with 401, and handles nothing', async () => {
    const h = await startWebhooked();
    const update = commandUpdate('/next');
    expect(await h.telegram.postToWebhook(update)).toMatchObject({ status: 401 });
    expect(await h.telegram.postToWebhook(update, { secret: 'not-the-secret' })).toMatchObject({
      status: 401,
    });
    expect(await h.telegram.postToWebhook(update, { secret: `${h.secret}x` })).toMatchObject({ status: 401 });
    expect(await h.telegram.postToWebhook(update, { secret: h.secret.slice(1) })).toMatchObject({
      status: 401,
    });
    // The same update with the secret is taken: only the refused ones were left unhandled.
    expect(await h.telegram.postToWebhook(update, { secret: h.secret })).toMatchObject({ status: 200 });
    await waitSent(h.telegram, GROUP.id, 1);
    expect(h.telegram.sent).toHaveLength(1);
  });

  it('refuses a body over the limit with 413, and what is not an update with 400', async () => {
    const h = await startWebhooked();
    const huge = JSON.stringify({ update_id: 1, message: { text: 'x'.repeat(WEBHOOK_MAX_BODY) } });
    expect(await h.telegram.postToWebhook(huge, { secret: h.secret })).toMatchObject({ status: 413 });
    expect(await h.telegram.postToWebhook('{"update_id":', { secret: h.secret })).toMatchObject({
      status: 400,
    });
    expect(await h.telegram.postToWebhook('{"message":{}}', { secret: h.secret })).toMatchObject({
      status: 400,
    });
    expect(h.telegram.sent).toEqual([]);
  });

  it('answers 503 until it can handle updates; Telegram delivers them again once it can', async () => {
    const h = await startWebhooked({ start: false });
    // A webhook left set by the previous run: Telegram posts while Herald is still starting.
    h.telegram.webhook = { url: `${h.base}/telegram/webhook`, secretToken: h.secret, allowedUpdates: [] };
    h.telegram.type(GROUP, ALICE, '/countdown mi8-fr');
    await vi.waitFor(() => expect(h.telegram.deliveries.length).toBeGreaterThan(0), {
      timeout: 5000,
      interval: 10,
    });
    expect(h.telegram.deliveries[0]?.status).toBe(503);
    await h.app.start();
    await h.telegram.delivered();
    await waitSent(h.telegram, GROUP.id, 1);
    expect(h.telegram.deliveries.at(-1)?.status).toBe(200);
    expect(h.telegram.sentTo(GROUP.id)).toHaveLength(1);
  });

  it('counts the 429s Telegram answers', async () => {
    const h = await startWebhooked();
    h.telegram.fail({
      method: 'sendMessage',
      status: 429,
      description: 'Too Many Requests',
      parameters: { retry_after: 1 },
    });
    h.telegram.type(GROUP, ALICE, '/next@herald_bot');
    await vi.waitFor(() => expect(h.telegram.tooManyRequests).toBe(1), { timeout: 5000, interval: 20 });
    const samples = parsePrometheus(await (await fetch(`${h.base}/metrics`)).text());
    await vi.waitFor(async () => {
      const again = parsePrometheus(await (await fetch(`${h.base}/metrics`)).text());
      expect(sampleValue(again, 'herald_rate_limited_total', { platform: 'telegram' })).toBe(1);
    });
    expect(sampleValue(samples, 'herald_adapter_connected', { platform: 'telegram' })).toBe(1);
  });

  it('goes back to long polling (deleteWebhook) when started without the URL', async () => {
    const h = await startWebhooked();
    await h.app.stop();
    // Stopped: the webhook stays set (Telegram keeps the updates), but nothing is taken.
    expect(h.telegram.webhook).toBeDefined();
    expect(h.adapter.connected()).toBe(false);
    const clock = new FakeClock('2018-05-20T10:00:00Z');
    const polling = new TelegramAdapter({
      token: TOKEN,
      apiRoot: h.telegram.apiRoot,
      clock,
      logger: silentLogger(),
      commands: allCommands(),
    });
    const app = new HeraldApp({
      config,
      stores: h.stores,
      clock,
      logger: silentLogger(),
      adapters: [polling],
      instanceId: 'webhook-test',
      schedulerCapMs: 3_600_000,
      limits: { telegram: UNLIMITED },
    });
    cleanups.push(() => app.stop().then(() => {}));
    await app.start();
    expect(h.telegram.webhook).toBeUndefined();
    expect(h.telegram.calls.map((c) => c.method)).toContain('deleteWebhook');
    expect(polling.connected()).toBe(true);
    h.telegram.type(GROUP, ALICE, '/countdown mi8-fr');
    await waitSent(h.telegram, GROUP.id, 1);
  });

  it('keeps a generated secret across restarts; a configured one is used as it is', async () => {
    const stores = new SqliteStores(':memory:');
    cleanups.push(() => stores.close());
    await stores.migrate();
    const first = await webhookSecret(undefined, stores.refs);
    expect(await webhookSecret(undefined, stores.refs)).toBe(first);
    expect(await webhookSecret('operator-chosen_secret-1', stores.refs)).toBe('operator-chosen_secret-1');
    const h = await startWebhooked({ secret: 'operator-chosen_secret-1' });
    expect(h.telegram.webhook?.secretToken).toBe('operator-chosen_secret-1');
  });
});
