import { afterEach, describe, expect, it } from 'vitest';
import type { InboundCommand } from '../../src/adapters/adapter.js';
import { HeraldApp } from '../../src/app.js';
import type { HeraldConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/logger.js';
import { operationsRoutes } from '../../src/http/herald-http.js';
import { readiness } from '../../src/http/readiness.js';
import { HttpServer } from '../../src/http/server.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import { PrometheusMetrics } from '../../src/observability/prometheus.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { MI8_FR, testConfig } from '../support/config.js';
import { parsePrometheus, sampleValue } from './prometheus-text.js';

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['1h', '0'] },
  targets: [{ platform: 'telegram', chat: '-100', locale: 'en', follows: { tags: ['mi8'] } }],
};

interface Ops {
  readonly app: HeraldApp;
  readonly clock: FakeClock;
  readonly stores: SqliteStores;
  readonly telegram: RecordingAdapter;
  readonly metrics: PrometheusMetrics;
  readonly server: HttpServer;
  readonly base: string;
  /** Moves the time the ledger sample is throttled on. */
  tick(ms: number): void;
}

let ops: Ops | undefined;
afterEach(async () => {
  await ops?.server.close();
  await ops?.app.stop();
  await ops?.stores.close().catch(() => {});
  ops = undefined;
});

/** Herald with recording adapters on a fake clock (scheduler cap 1 min), and its operations routes served. */
async function serveOps(config: HeraldConfig = testConfig(settings, [MI8_FR]), metricsToken?: string) {
  const clock = new FakeClock('2018-05-22T10:59:00Z');
  const stores = new SqliteStores(':memory:');
  const telegram = new RecordingAdapter('telegram', () => clock.now());
  const consoleAdapter = new RecordingAdapter('console', () => clock.now());
  let real = 0;
  const metrics = new PrometheusMetrics({ realNow: () => real, ledgerSampleMs: 5_000 });
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger: silentLogger(),
    adapters: [telegram, consoleAdapter],
    instanceId: 'ops',
    jitter: () => 0,
    schedulerCapMs: 60_000,
    metrics,
  });
  const env = metricsToken ? { ...config.env, HERALD_METRICS_TOKEN: metricsToken } : config.env;
  const routes = operationsRoutes(
    { config: { ...config, env }, app, stores, clock, logger: silentLogger() },
    metrics,
  );
  const server = new HttpServer({ host: '127.0.0.1', port: 0, routes, logger: silentLogger() });
  const port = await server.listen();
  ops = {
    app,
    clock,
    stores,
    telegram,
    metrics,
    server,
    base: `http://127.0.0.1:${port}`,
    tick(ms) {
      real += ms;
    },
  };
  return ops;
}

async function ready(o: Ops) {
  const reply = await fetch(`${o.base}/readyz`);
  return {
    status: reply.status,
    body: (await reply.json()) as { ready: boolean; notReady: string[]; checks: Record<string, unknown> },
  };
}

async function scrape(o: Ops, headers: Record<string, string> = {}) {
  const reply = await fetch(`${o.base}/metrics`, { headers });
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await reply.text());
}

describe('/healthz and /readyz', () => {
  it('says the process is up (200) even while Herald is not ready', async () => {
    const o = await serveOps();
    const health = await fetch(`${o.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok\n');
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect((await ready(o)).status).toBe(503);
  });

  it('is ready once started: store, every adapter, the scheduler loop', async () => {
    const o = await serveOps();
    // Not migrated yet, not running yet.
    expect((await ready(o)).body).toMatchObject({
      ready: false,
      notReady: ['store', 'scheduler'],
      checks: { scheduler: { ready: false, detail: 'not running' } },
    });
    await o.app.start();
    await o.clock.advance(0);
    const { status, body } = await ready(o);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ready: true,
      notReady: [],
      checks: {
        store: { ready: true },
        'adapter:telegram': { ready: true },
        'adapter:console': { ready: true },
        scheduler: { ready: true },
      },
    });
  });

  it('names the adapter that lost its connection', async () => {
    const o = await serveOps();
    await o.app.start();
    await o.clock.advance(0);
    o.telegram.online = false;
    expect(await ready(o)).toMatchObject({
      status: 503,
      body: {
        ready: false,
        notReady: ['adapter:telegram'],
        checks: { 'adapter:telegram': { detail: 'not connected' } },
      },
    });
    o.telegram.online = true;
    expect((await ready(o)).status).toBe(200);
  });

  it('is not ready when the scheduler loop has not run within twice its cap, and is again once it runs', async () => {
    const o = await serveOps();
    await o.app.start();
    await o.clock.advance(0);
    // Its timers lost (a stalled loop): three minutes pass with a cap of one.
    o.clock.jumpTo(o.clock.now() + 180_000);
    expect(await ready(o)).toMatchObject({
      status: 503,
      body: {
        notReady: ['scheduler'],
        checks: { scheduler: { ready: false, detail: 'last ran 180000 ms ago (limit 120000 ms)' } },
      },
    });
    o.app.scheduler.poke();
    await o.clock.advance(0);
    expect((await ready(o)).status).toBe(200);
  });

  it('is not ready when the store does not answer, nor once Herald stops', async () => {
    const o = await serveOps();
    await o.app.start();
    await o.clock.advance(0);
    await o.app.stop();
    expect((await ready(o)).body).toMatchObject({ notReady: ['scheduler'] });
    await o.stores.close();
    const { status, body } = await ready(o);
    expect(status).toBe(503);
    expect(body.notReady).toEqual(['store', 'scheduler']);
  });

  it('gives the store a deadline', async () => {
    const state = await readiness({
      store: () => new Promise(() => {}),
      adapters: () => [],
      scheduler: () => ({ running: true, lastLoopAt: 0, capMs: 1 }),
      now: () => 0,
      storeTimeoutMs: 5,
    });
    expect(state).toEqual({
      ready: false,
      notReady: ['store'],
      checks: {
        store: { ready: false, detail: 'no answer within 5 ms' },
        scheduler: { ready: true, detail: 'ran 0 ms ago' },
      },
    });
  });
});

describe('/metrics', () => {
  it('shows posts, lateness, ledger rows, rows due, command replies, adapters and the process', async () => {
    const o = await serveOps();
    await o.app.start();
    await o.clock.advance(0);
    let samples = await scrape(o);
    expect(sampleValue(samples, 'herald_ledger_rows', { state: 'planned' })).toBe(2);
    // 10:59Z: the 1-hour countdown is due at 11:00Z.
    expect(sampleValue(samples, 'herald_ledger_due_next_minute', { platform: 'telegram' })).toBe(1);
    expect(sampleValue(samples, 'herald_adapter_connected', { platform: 'telegram' })).toBe(1);
    expect(sampleValue(samples, 'herald_rate_limited_total', { platform: 'telegram' })).toBe(0);

    // The 1-hour countdown (11:00Z) goes out through the dispatcher 3 s late (a stall of the loop).
    o.clock.jumpTo('2018-05-22T11:00:03Z');
    o.app.scheduler.poke();
    await o.clock.advance(0);
    expect(o.telegram.posts).toHaveLength(1);
    const replies: OutboundMessage[] = [];
    // The answer waits for its slot in the chat (1 a second on Telegram) behind that post.
    const handled = o.telegram.handlers?.onCommand({
      platform: 'telegram',
      name: 'next',
      args: { kind: 'text', text: '' },
      chatId: '-100',
      chatKind: 'group',
      community: 'telegram:chat:-100',
      addressed: true,
      userId: '42',
      isChatAdmin: async () => false,
      reply: async (message: OutboundMessage) => {
        replies.push(message);
      },
    } satisfies InboundCommand);
    await o.clock.advance(2_000);
    await handled;
    expect(replies).toHaveLength(1);
    o.telegram.online = false;
    o.tick(5_000);
    samples = await scrape(o);
    expect(
      sampleValue(samples, 'herald_posts_total', {
        platform: 'telegram',
        kind: 'countdown',
        outcome: 'sent',
      }),
    ).toBe(1);
    expect(sampleValue(samples, 'herald_firing_lateness_seconds_count', { platform: 'telegram' })).toBe(1);
    expect(sampleValue(samples, 'herald_firing_lateness_seconds_sum', { platform: 'telegram' })).toBe(3);
    expect(
      sampleValue(samples, 'herald_firing_lateness_seconds_bucket', { platform: 'telegram', le: '2.5' }),
    ).toBe(0);
    expect(
      sampleValue(samples, 'herald_firing_lateness_seconds_bucket', { platform: 'telegram', le: '5' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'herald_firing_lateness_seconds_bucket', { platform: 'telegram', le: '+Inf' }),
    ).toBe(1);
    expect(sampleValue(samples, 'herald_ledger_rows', { state: 'sent' })).toBe(1);
    expect(sampleValue(samples, 'herald_ledger_rows', { state: 'planned' })).toBe(1);
    expect(
      sampleValue(samples, 'herald_command_replies_total', { platform: 'telegram', command: 'next' }),
    ).toBe(1);
    expect(sampleValue(samples, 'herald_command_reply_seconds_count', { platform: 'telegram' })).toBe(1);
    expect(sampleValue(samples, 'herald_adapter_connected', { platform: 'telegram' })).toBe(0);
    expect(sampleValue(samples, 'herald_adapter_connected', { platform: 'console' })).toBe(1);
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sampleValue(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('counts the rows due within the next minute, overdue ones included', async () => {
    const o = await serveOps();
    await o.app.start();
    await o.clock.advance(0);
    // Herald stopped: its posts wait in the ledger.
    await o.app.stop();
    o.clock.jumpTo('2018-05-22T11:59:30Z');
    o.tick(5_000);
    const samples = await scrape(o);
    // The 1 h post is overdue, the "live" post at 12:00Z due within the minute.
    expect(sampleValue(samples, 'herald_ledger_due_next_minute', { platform: 'telegram' })).toBe(2);
    expect(sampleValue(samples, 'herald_ledger_due_next_minute', { platform: 'discord' })).toBe(0);
  });

  it('reads the ledger at most once per sample interval, however often it is scraped', async () => {
    const o = await serveOps();
    await o.app.start();
    await o.clock.advance(0);
    let reads = 0;
    const count = o.stores.ledger.count.bind(o.stores.ledger);
    o.stores.ledger.count = async () => {
      reads += 1;
      return count();
    };
    for (let i = 0; i < 5; i++) await scrape(o);
    expect(reads).toBe(1);
    o.tick(5_000);
    await scrape(o);
    expect(reads).toBe(2);
  });

  it('builds the exposition once a second however often it is scraped (a flood costs the scheduler little)', async () => {
    const o = await serveOps();
    let builds = 0;
    const metrics = o.metrics.registry.metrics.bind(o.metrics.registry);
    o.metrics.registry.metrics = () => {
      builds += 1;
      return metrics();
    };
    await Promise.all(Array.from({ length: 10 }, () => scrape(o)));
    expect(builds).toBe(1);
    o.tick(999);
    await scrape(o);
    expect(builds).toBe(1);
    o.tick(1);
    await scrape(o);
    expect(builds).toBe(2);
  });

  it('asks for the token when one is set', async () => {
    const o = await serveOps(testConfig(settings, [MI8_FR]), 'scrape-token-0123456789');
    const refused = await fetch(`${o.base}/metrics`);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${o.base}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(
      401,
    );
    for (const authorization of ['Basic scrape-token-0123456789', 'Bearer', 'scrape-token-0123456789'])
      expect((await fetch(`${o.base}/metrics`, { headers: { authorization } })).status, authorization).toBe(
        401,
      );
    const samples = await scrape(o, { authorization: 'Bearer scrape-token-0123456789' });
    expect(sampleValue(samples, 'herald_rate_limited_total', { platform: 'discord' })).toBe(0);
    // The scheme is case-insensitive (RFC 9110), as Prometheus and proxies may send it.
    expect(
      (await fetch(`${o.base}/metrics`, { headers: { authorization: 'bearer scrape-token-0123456789' } }))
        .status,
    ).toBe(200);
  });
});
