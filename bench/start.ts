/**
 * `herald start` until ready: how long a start takes and how much memory it holds, as an
 * operator sees it (a child process, stdin a pipe, the console adapter, SQLite on disk).
 *
 * Cases, each the median of BENCH_START_RUNS runs (default 3):
 * - the example config (config/, 2 events) on a new database;
 * - BENCH_START_EVENTS events (default 10000; half date-only, spread over the next year) and
 *   BENCH_START_TARGETS console targets following `*` (default 3), on a new database;
 * - the same, restarted on that database with nothing changed.
 * Beside them, the floor from the same run: bare `node -e "setTimeout(()=>{},1000)"`.
 *
 * Each case runs twice: `node bin/herald.js` from this checkout (TypeScript through tsx) and the
 * compiled CLI (dist/, built here into a temp folder laid out as the Docker image is: bin/,
 * dist/, package.json, node_modules; no src/). BENCH_START_RUNTIMES=tsx or =dist runs one.
 *
 * One JSON line per case: { name, runtime, events, targets, runs, readyMs, rssMb, peakMb,
 * floorMs, floorRssMb }. readyMs: spawn → the log line "Herald is running"; rssMb: VmRSS
 * then; peakMb: VmHWM then (the peak up to ready).
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EVENTS = Number(process.env.BENCH_START_EVENTS ?? 10_000);
const TARGETS = Number(process.env.BENCH_START_TARGETS ?? 3);
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);
const RUNTIMES = (process.env.BENCH_START_RUNTIMES ?? 'tsx,dist').split(',') as Runtime[];
const READY = /Herald is running/;
const TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_MS ?? 600_000);

type Runtime = 'tsx' | 'dist';

interface Sample {
  readonly readyMs: number;
  readonly rssMb: number;
  readonly peakMb: number;
}

/** A child until `ready` shows on stdout or stderr; then its memory, then SIGTERM and its exit. */
async function measure(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, ready: RegExp) {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const sample = await new Promise<Sample>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready after ${TIMEOUT_MS} ms:\n${output}`)),
      TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!ready.test(output)) return;
      const readyMs = performance.now() - started;
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      resolve({ readyMs, rssMb: kb(status, 'VmRSS') / 1024, peakMb: kb(status, 'VmHWM') / 1024 });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`exited (${code}) before ready:\n${output}`)));
  });
  child.stdout.resume();
  child.stderr.resume();
  child.kill('SIGTERM');
  await exited;
  return sample;
}

function kb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`no ${field} in /proc status`);
  return Number(match[1]);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round((value ?? 0) * 10) / 10;
}

function medianOf(samples: readonly Sample[]): Sample {
  return {
    readyMs: median(samples.map((s) => s.readyMs)),
    rssMb: median(samples.map((s) => s.rssMb)),
    peakMb: median(samples.map((s) => s.peakMb)),
  };
}

/** A config folder: the example herald.yaml with `targets` console chats following `*`, and `events` events. */
export function generateConfig(dir: string, events: number, targets: number, now = Date.now()): void {
  mkdirSync(dir, { recursive: true });
  const settings = parseDocument(readFileSync(path.join(ROOT, 'config/herald.yaml'), 'utf8'));
  settings.set(
    'targets',
    Array.from({ length: targets }, (_, i) => ({
      platform: 'console',
      chat: `chat${i + 1}`,
      follows: { tags: ['*'] },
    })),
  );
  writeFileSync(path.join(dir, 'herald.yaml'), settings.toString());
  const zones = ['Europe/Paris', 'Europe/Rome', 'UTC', 'America/New_York', 'Asia/Tokyo'];
  const lines = ['events:'];
  const day = 86_400_000;
  for (let i = 0; i < events; i++) {
    const id = `ev${String(i + 1).padStart(5, '0')}`;
    // From tomorrow to a year ahead, evenly.
    const at = new Date(now + day + Math.floor((i * 364 * day) / Math.max(events, 1)));
    const date = at.toISOString().slice(0, 10);
    const hour = String(8 + (i % 12)).padStart(2, '0');
    lines.push(
      `  - id: ${id}`,
      `    title: Launch ${i + 1}`,
      i % 2 === 0 ? `    date: ${date}` : `    start: ${date}T${hour}:00`,
      `    zone: ${zones[i % zones.length]}`,
      `    city: City ${i % 50}`,
      `    tags: [brand${i % 20}, line${i % 7}]`,
    );
  }
  writeFileSync(path.join(dir, 'events.yaml'), `${lines.join('\n')}\n`);
}

/** The compiled CLI laid out as the Docker run stage has it: bin/, dist/, package.json, node_modules. */
function compiledLayout(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'herald-bench-dist-'));
  execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/typescript/bin/tsc'),
      '-p',
      'tsconfig.build.json',
      '--outDir',
      path.join(root, 'dist'),
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  for (const part of ['bin', 'package.json'])
    cpSync(path.join(ROOT, part), path.join(root, part), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return root;
}

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^(HERALD_|TELEGRAM_|DISCORD_|LOG_LEVEL$|NODE_OPTIONS$)/.test(name)) env[name] = value;
  return { ...env, LOG_LEVEL: 'info', ...extra };
}

async function startCase(
  runtime: Runtime,
  bin: string,
  configDir: string,
  db: string,
  fresh: boolean,
): Promise<Sample> {
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    if (fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
    samples.push(
      await measure(
        process.execPath,
        [bin, 'start'],
        path.dirname(db),
        // The checkout runs its sources through tsx even when its build is current.
        childEnv({
          HERALD_CONFIG_DIR: configDir,
          HERALD_DATABASE: db,
          HERALD_RUNTIME: runtime === 'tsx' ? 'src' : 'dist',
        }),
        READY,
      ),
    );
  }
  return medianOf(samples);
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'herald-bench-start-'));
  const example = path.join(work, 'example');
  cpSync(path.join(ROOT, 'config'), example, { recursive: true });
  const large = path.join(work, 'large');
  generateConfig(large, EVENTS, TARGETS);
  const floorSamples: Sample[] = [];
  for (let run = 0; run < RUNS; run++)
    floorSamples.push(
      await measure(
        process.execPath,
        ['-e', "process.stderr.write('ready\\n'); setTimeout(() => {}, 1000)"],
        work,
        childEnv({}),
        /ready/,
      ),
    );
  const floor = medianOf(floorSamples);
  const print = (name: string, runtime: Runtime, events: number, targets: number, s: Sample) =>
    process.stdout.write(
      `${JSON.stringify({ name, runtime, events, targets, runs: RUNS, ...s, floorMs: floor.readyMs, floorRssMb: floor.rssMb })}\n`,
    );
  for (const runtime of RUNTIMES) {
    const layout = runtime === 'tsx' ? undefined : compiledLayout();
    const bin = path.join(layout ?? ROOT, 'bin/herald.js');
    const db = (name: string) => path.join(work, `${runtime}-${name}`, 'herald.db');
    for (const name of ['example', 'large']) mkdirSync(path.dirname(db(name)), { recursive: true });
    print(
      'example, new database',
      runtime,
      2,
      3,
      await startCase(runtime, bin, example, db('example'), true),
    );
    print(
      `${EVENTS} events, new database`,
      runtime,
      EVENTS,
      TARGETS,
      await startCase(runtime, bin, large, db('large'), true),
    );
    print(
      `${EVENTS} events, restart (unchanged)`,
      runtime,
      EVENTS,
      TARGETS,
      await startCase(runtime, bin, large, db('large'), false),
    );
    if (layout) rmSync(layout, { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
