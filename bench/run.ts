/**
 * `npm run bench`: each benchmark runs in its own process (so memory is its own), and
 * Herald is reported beside its baseline from the same run.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Result {
  name: string;
  rows: number;
  setupMs: number;
  memoryMb: number;
  heapMb: number;
  setupMemoryMb?: number;
  firedBeforeRestart?: number;
  fired: number;
  expected: number;
  duplicates: number;
  lateness: { count: number; p50: number; p99: number; max: number };
}

function lines(script: string, args: string[] = []): string[] {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...args], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  return out
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'));
}

function run(script: string): Result {
  return JSON.parse(lines(script).at(-1) ?? '{}') as Result;
}

process.stdout.write('Scheduler benchmark (see docs/benchmarks.md)\n');
const herald = run('./scheduler-herald.ts');
const baseline = run('./scheduler-node-cron.ts');
const rows = [herald, baseline].map((r) => ({
  design: r.name,
  'posts planned': r.rows,
  'set-up (ms)': r.setupMs,
  'set-up RSS (MB)': r.setupMemoryMb ?? '—',
  'serving RSS above idle (MB)': r.memoryMb,
  'heap+external above idle (MB)': r.heapMb,
  'fired / expected': `${r.fired}/${r.expected}`,
  'restart mid-window': r.firedBeforeRestart === undefined ? '—' : `after ${r.firedBeforeRestart}`,
  duplicates: r.duplicates,
  'lateness p50 (ms)': r.lateness.p50,
  'lateness p99 (ms)': r.lateness.p99,
  'lateness max (ms)': r.lateness.max,
}));
console.table(rows);
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : (a / b).toFixed(3));
process.stdout.write(
  `Herald vs baseline: ${herald.rows / baseline.rows}× the posts; set-up ${ratio(herald.setupMs, baseline.setupMs)}×, ` +
    `memory ${ratio(herald.memoryMb, baseline.memoryMb)}×, lateness p99 ${ratio(herald.lateness.p99, baseline.lateness.p99)}×\n`,
);
if (herald.fired !== herald.expected || herald.duplicates !== 0) {
  process.stdout.write('Herald lost or repeated posts: FAIL\n');
  process.exitCode = 1;
}

interface FanOut {
  name: string;
  chats?: number;
  floorMs: number;
  wallMs: number;
  rateRatio: number;
  tooManyRequests: number;
  duplicates: number;
  lost: number;
}

/** Runs a fan-out benchmark, prints it beside its baselines, fails the run if Herald lost or repeated a post. */
function reportFanOut(title: string, script: string, count: 'chats' | 'posts'): void {
  process.stdout.write(`\n${title}\n`);
  const results = lines(script).map((line) => JSON.parse(line) as FanOut & { posts?: number });
  console.table(
    results.map((r) => ({
      design: r.name,
      [count]: r[count],
      'floor (ms)': r.floorMs,
      'wall (ms)': r.wallMs,
      'wall ÷ floor': (r.wallMs / r.floorMs).toFixed(3),
      'rate ÷ limit': r.rateRatio,
      '429s': r.tooManyRequests,
      duplicates: r.duplicates,
      lost: r.lost,
    })),
  );
  const herald = results[0];
  if (herald && (herald.lost > 0 || herald.duplicates > 0)) {
    process.stdout.write(`Herald lost or repeated posts in ${script}: FAIL\n`);
    process.exitCode = 1;
  }
}

reportFanOut(
  'Telegram fan-out benchmark (limits scaled by BENCH_TG_SCALE, default 10×)',
  './telegram-fanout.ts',
  'chats',
);
reportFanOut(
  'Discord fan-out benchmark (limits scaled by BENCH_DC_SCALE, default 3×)',
  './discord-fanout.ts',
  'posts',
);

interface CommandLatency {
  name: string;
  events: number;
  p50: number;
  p99: number;
  floorP50: number;
}

process.stdout.write(
  '\nCommand latency through CommandRouter.handle (sizes: BENCH_COMMAND_SIZES), beside an indexed SELECT … LIMIT 25\n',
);
const latencies = lines('./commands.ts').map((line) => JSON.parse(line) as CommandLatency);
console.table(
  latencies.map((r) => ({
    what: r.name,
    events: r.events,
    'p50 (ms)': r.p50,
    'p99 (ms)': r.p99,
    'p50 ÷ floor p50': (r.p50 / r.floorP50).toFixed(1),
  })),
);

interface LedgerSetup {
  rows: number;
  batch: number;
  ms: number;
  floorMs: number;
  ratio: number;
}

process.stdout.write(
  '\nLedger set-up (BENCH_LEDGER_ROWS), beside better-sqlite3 inserting the same rows in one transaction\n',
);
const setup = JSON.parse(lines('./ledger-setup.ts').at(-1) ?? '{}') as LedgerSetup;
console.table([
  {
    rows: setup.rows,
    'batch (rows)': setup.batch,
    'Herald (ms)': setup.ms,
    'floor (ms)': setup.floorMs,
    'Herald ÷ floor': setup.ratio,
  },
]);

interface PreviewRun {
  events: number;
  targets: number;
  posts: number;
  ms: number;
  floorMs: number;
}

process.stdout.write(
  '\nPreview of one year (BENCH_PREVIEW_EVENTS × BENCH_PREVIEW_TARGETS), beside planning the same posts in memory\n',
);
const preview = JSON.parse(lines('./preview.ts').at(-1) ?? '{}') as PreviewRun;
console.table([
  {
    events: preview.events,
    chats: preview.targets,
    posts: preview.posts,
    'preview (ms)': preview.ms,
    'floor (ms)': preview.floorMs,
    'preview ÷ floor': (preview.ms / preview.floorMs).toFixed(1),
  },
]);

interface StartRun {
  name: string;
  runtime: string;
  events: number;
  readyMs: number;
  rssMb: number;
  peakMb: number;
  floorMs: number;
  floorRssMb: number;
}

process.stdout.write('\nherald start until ready (BENCH_START_EVENTS), beside bare node -e\n');
const starts = lines('./start.ts').map((line) => JSON.parse(line) as StartRun);
console.table(
  starts.map((r) => ({
    case: r.name,
    runtime: r.runtime,
    events: r.events,
    'ready (ms)': r.readyMs,
    'RSS (MB)': r.rssMb,
    'peak (MB)': r.peakMb,
    'ready ÷ floor': (r.readyMs / r.floorMs).toFixed(1),
    'RSS ÷ floor': (r.rssMb / r.floorRssMb).toFixed(1),
  })),
);

interface HttpRun {
  route: string;
  server: 'herald' | 'floor';
  launches: number;
  bytes: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  skipped?: string;
}

process.stdout.write(
  '\nHTTP server (BENCH_HTTP_ROUTES, BENCH_HTTP_LAUNCHES launches), beside bare node:http serving the same bytes from a constant\n',
);
const http = lines('./http.ts').map((line) => JSON.parse(line) as HttpRun);
for (const run of http.filter((r) => r.skipped)) process.stdout.write(`${run.route}: ${run.skipped}\n`);
console.table(
  http
    .filter((r) => !r.skipped && r.server === 'herald')
    .map((r) => {
      const floor = http.find((f) => f.server === 'floor' && f.route === r.route);
      return {
        route: r.route,
        bytes: r.bytes,
        'Herald req/s': r.requestsPerSecond,
        'floor req/s': floor?.requestsPerSecond ?? '—',
        'floor ÷ Herald (req/s)': floor ? (floor.requestsPerSecond / r.requestsPerSecond).toFixed(2) : '—',
        'Herald p99 (ms)': r.p99Ms,
        'floor p99 (ms)': floor?.p99Ms ?? '—',
        'errors / non-2xx': `${r.errors} / ${r.non2xx}`,
      };
    }),
);

interface ClusterLine {
  bench: 'claims' | 'fanout';
  name: string;
  instances?: number;
  rows?: number;
  ms?: number;
  perSecond?: number;
  attempts?: number;
}

process.stdout.write(
  '\nSeveral instances on one database (docs/cluster.md): claims through a null adapter (BENCH_CLAIM_ROWS), beside one instance on SQLite; Telegram fan-out by three instances beside one (BENCH_CLUSTER_CHATS, limits × BENCH_CLUSTER_TG_SCALE)\n',
);
const cluster = lines('./cluster.ts').map((line) => JSON.parse(line) as ClusterLine & Partial<FanOut>);
const claimLines = cluster.filter((r) => r.bench === 'claims');
const sqliteRate = claimLines.find((r) => r.name.startsWith('sqlite'))?.perSecond ?? 0;
console.table(
  claimLines.map((r) => ({
    design: r.name,
    posts: r.rows,
    'claimed and sent (ms)': r.ms,
    'posts/s': r.perSecond,
    '÷ SQLite': sqliteRate ? ((r.perSecond ?? 0) / sqliteRate).toFixed(2) : '—',
    'attempts ÷ posts': ((r.attempts ?? 0) / (r.rows ?? 1)).toFixed(2),
  })),
);
const fanOuts = cluster.filter((r) => r.bench === 'fanout') as (ClusterLine & FanOut)[];
console.table(
  fanOuts.map((r) => ({
    design: r.name,
    chats: r.chats,
    'floor (ms)': r.floorMs,
    'wall (ms)': r.wallMs,
    'wall ÷ floor': (r.wallMs / r.floorMs).toFixed(3),
    'rate ÷ limit': r.rateRatio,
    '429s': r.tooManyRequests,
    duplicates: r.duplicates,
    lost: r.lost,
  })),
);
if (
  fanOuts.some((r) => r.lost > 0 || r.duplicates > 0) ||
  claimLines.some((r) => (r.attempts ?? 0) !== (r.rows ?? 0))
) {
  process.stdout.write('Several instances lost or repeated posts: FAIL\n');
  process.exitCode = 1;
}
