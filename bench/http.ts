/**
 * The HTTP server under load: requests per second and p99 latency with autocannon, for each
 * route of BENCH_HTTP_ROUTES, beside the floor measured in the same run: bare node:http serving
 * the very bytes Herald answered, from a constant. Each server runs in a process of its own,
 * one at a time; autocannon runs here.
 *
 * BENCH_HTTP_ROUTES (default `/calendar.ics,/,/healthz,/metrics,/bench/blob`): a route Herald
 * answers 404 (not served on this build) is reported as such and skipped. `/bench/blob` is a
 * constant of BENCH_HTTP_BLOB_KB (256) served as a cached feed is: the server's own cost at a
 * feed's size. BENCH_HTTP_LAUNCHES (1000),
 * BENCH_HTTP_SECONDS (5 per run), BENCH_HTTP_ROUNDS (3, after a 2 s warm-up per route and
 * server), BENCH_HTTP_CONNECTIONS (50). Prints one JSON line per route and server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { FloorEntry } from './http-serve.js';
import { envInt } from './stats.js';

const ROUTES = (process.env.BENCH_HTTP_ROUTES ?? '/calendar.ics,/,/healthz,/metrics,/bench/blob').split(',');
const LAUNCHES = envInt('BENCH_HTTP_LAUNCHES', 1000);
const SECONDS = envInt('BENCH_HTTP_SECONDS', 5);
const ROUNDS = envInt('BENCH_HTTP_ROUNDS', 3);
const CONNECTIONS = envInt('BENCH_HTTP_CONNECTIONS', 50);
const BLOB_KB = envInt('BENCH_HTTP_BLOB_KB', 256);

export interface HttpRun {
  readonly route: string;
  readonly server: 'herald' | 'floor';
  readonly launches: number;
  /** Bytes of the body served. */
  readonly bytes: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Set when the route is not served (404): nothing was measured. */
  readonly skipped?: string;
}

async function serve(args: string[]): Promise<{ port: number; child: ChildProcess }> {
  const file = fileURLToPath(new URL('./http-serve.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const first = await lines.next();
  const { port } = JSON.parse(String(first.value)) as { port: number };
  return { port, child };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdin?.write('exit\n');
  await exited;
}

async function load(url: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: seconds });
}

/** Requests per second and latency of one run of BENCH_HTTP_SECONDS. */
async function once(
  port: number,
  route: string,
): Promise<{ rps: number; p50: number; p99: number; non2xx: number; errors: number }> {
  const result = await load(`http://127.0.0.1:${port}${route}`, SECONDS);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

function print(run: HttpRun): void {
  process.stdout.write(`${JSON.stringify(run)}\n`);
}

const herald = await serve(['herald', String(LAUNCHES), String(BLOB_KB)]);
const floor: FloorEntry[] = [];
let baseline: { port: number; child: ChildProcess } | undefined;
try {
  for (const route of ROUTES) {
    const reply = await fetch(`http://127.0.0.1:${herald.port}${route}`);
    const body = Buffer.from(await reply.arrayBuffer());
    if (reply.status !== 200) {
      print({
        route,
        server: 'herald',
        launches: LAUNCHES,
        bytes: 0,
        requestsPerSecond: 0,
        p50Ms: 0,
        p99Ms: 0,
        non2xx: 0,
        errors: 0,
        skipped: `answered ${reply.status}: not served by this build`,
      });
      continue;
    }
    floor.push({
      path: route,
      contentType: reply.headers.get('content-type') ?? 'application/octet-stream',
      base64: body.toString('base64'),
    });
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'herald-bench-floor-')), 'floor.json');
  writeFileSync(file, JSON.stringify(floor));
  baseline = await serve(['floor', file]);
  const servers = { herald: herald.port, floor: baseline.port } as const;
  // Herald and the floor take turns, route by route, round after round: a machine whose load
  // drifts during the run weighs on both alike. Each figure is the median of the rounds.
  const runs = new Map<string, { rps: number; p50: number; p99: number; non2xx: number; errors: number }[]>();
  for (const entry of floor)
    for (const port of Object.values(servers)) await load(`http://127.0.0.1:${port}${entry.path}`, 2);
  for (let round = 0; round < ROUNDS; round++) {
    for (const entry of floor) {
      for (const [name, port] of Object.entries(servers)) {
        const key = `${name} ${entry.path}`;
        runs.set(key, [...(runs.get(key) ?? []), await once(port, entry.path)]);
      }
    }
  }
  for (const entry of floor) {
    for (const name of Object.keys(servers) as ('herald' | 'floor')[]) {
      const results = runs.get(`${name} ${entry.path}`) ?? [];
      print({
        route: entry.path,
        server: name,
        launches: LAUNCHES,
        bytes: Buffer.from(entry.base64, 'base64').length,
        requestsPerSecond: Math.round(median(results.map((r) => r.rps))),
        p50Ms: median(results.map((r) => r.p50)),
        p99Ms: median(results.map((r) => r.p99)),
        non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
        errors: results.reduce((sum, r) => sum + r.errors, 0),
      });
    }
  }
} finally {
  await stop(herald.child);
  if (baseline) await stop(baseline.child);
}
