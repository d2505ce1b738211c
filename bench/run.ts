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
  fired: number;
  expected: number;
  duplicates: number;
  lateness: { count: number; p50: number; p99: number; max: number };
}

function run(script: string): Result {
  const file = fileURLToPath(new URL(script, import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', file], {
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Result;
}

process.stdout.write('Scheduler benchmark (see docs/benchmarks.md)\n');
const herald = run('./scheduler-herald.ts');
const baseline = run('./scheduler-node-cron.ts');
const rows = [herald, baseline].map((r) => ({
  design: r.name,
  'posts planned': r.rows,
  'set-up (ms)': r.setupMs,
  'RSS above idle (MB)': r.memoryMb,
  'heap+external above idle (MB)': r.heapMb,
  'fired / expected': `${r.fired}/${r.expected}`,
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
