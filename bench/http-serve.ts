/**
 * One HTTP server for bench/http.ts, in a process of its own (so that the load generator does
 * not share its event loop). Prints `{"port": …}` once listening; exits on `exit` or SIGTERM.
 *
 * - `herald <launches> <blob KB>`: Herald's server with every route `herald start` serves but
 *   the webhook (heraldRoutes: operations, feeds, page), on a started app over a SQLite store
 *   holding that many launches; plus `/bench/blob`, a constant body of that size answered as a
 *   cached feed is (a prepared reply through `conditional`), to see the server's own cost at a
 *   feed's size.
 * - `floor <file>`: bare node:http answering each path of the JSON file with its bytes, from a
 *   constant: what serving those bytes costs at the least.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { HeraldApp } from '../src/app.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { conditional, etagOf } from '../src/http/conditional.js';
import { heraldRoutes } from '../src/http/herald-http.js';
import type { HttpReply, HttpRoute } from '../src/http/route.js';
import { HttpServer } from '../src/http/server.js';
import { PrometheusMetrics } from '../src/observability/prometheus.js';
import { SqliteStores } from '../src/stores/sqlite/sqlite-stores.js';
import { RecordingAdapter } from '../test/fakes/recording-adapter.js';
import { benchCalendar } from '../test/support/calendar-fixture.js';
import { testConfig } from '../test/support/config.js';

/** What the floor serves at one path. */
export interface FloorEntry {
  readonly path: string;
  readonly contentType: string;
  readonly base64: string;
}

const [mode = 'herald', arg = '1000', blobKb = '256'] = process.argv.slice(2);
let close: () => Promise<void>;
let port: number;

if (mode === 'floor') {
  const entries = JSON.parse(readFileSync(arg, 'utf8')) as FloorEntry[];
  const bytes = new Map(
    entries.map((e) => [e.path, { type: e.contentType, body: Buffer.from(e.base64, 'base64') }]),
  );
  const server = createServer((req, res) => {
    const hit = bytes.get(req.url ?? '/');
    if (!hit) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': hit.type, 'content-length': hit.body.length }).end(hit.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  close = () => new Promise((resolve) => server.close(() => resolve()));
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-http-'));
  const stores = new SqliteStores(path.join(dir, 'herald.db'));
  await stores.migrate();
  for (const event of benchCalendar(Number(arg), Date.now())) await stores.events.put(event);
  const config = testConfig({ defaults: { locale: 'en', zone: 'Europe/Paris' } });
  const metrics = new PrometheusMetrics();
  const logger = silentLogger();
  const app = new HeraldApp({
    config,
    stores,
    clock: systemClock,
    logger,
    adapters: [new RecordingAdapter('console', () => Date.now())],
    instanceId: 'bench-http',
    metrics,
  });
  await app.start();
  const server = new HttpServer({
    host: '127.0.0.1',
    port: 0,
    routes: [
      ...heraldRoutes({ config, app, stores, clock: systemClock, logger }, metrics),
      blobRoute(Number(blobKb)),
    ],
    logger,
  });
  port = await server.listen();
  close = async () => {
    await server.close();
    await app.stop();
    await stores.close();
  };
}

process.stdout.write(`${JSON.stringify({ port })}\n`);
const stop = async () => {
  await close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
for await (const line of createInterface({ input: process.stdin })) if (line === 'exit') await stop();

/** A prepared reply of `kb` kilobytes of calendar-like text, with its validators, as a feed cache holds it. */
function blobRoute(kb: number): HttpRoute {
  const line = 'BEGIN:VEVENT\r\nSUMMARY:Lancement du téléphone\r\nEND:VEVENT\r\n';
  const body = Buffer.from(line.repeat(Math.ceil((kb * 1024) / Buffer.byteLength(line))));
  const full: HttpReply = {
    status: 200,
    headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'public, max-age=300' },
    body,
  };
  const validators = { etag: etagOf(body), lastModified: Date.now() };
  return { method: 'GET', path: '/bench/blob', handle: (request) => conditional(request, full, validators) };
}
