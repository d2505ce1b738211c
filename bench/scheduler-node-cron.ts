/**
 * The baseline most bots use: one node-cron task per planned post. TASKS tasks, of which
 * DUE fall due during WINDOW of real time. Prints JSON. Nothing survives a restart here.
 */
import cron from 'node-cron';
import { envInt, heapMb, rssMb, summarize } from './stats.js';

const TASKS = envInt('BENCH_BASELINE_TASKS', 100_000);
const DUE = envInt('BENCH_DUE_POSTS', 3_000);
const WINDOW = envInt('BENCH_WINDOW_MS', 10_000);

const idle = rssMb();
const idleHeap = heapMb();
const setupStart = performance.now();
const start = Math.ceil((Date.now() + 3_000 + TASKS * 0.08) / 1000) * 1000;
const lateness: number[] = [];
const tasks = [];
for (let i = 0; i < TASKS; i++) {
  // node-cron's finest unit is the second; due posts share the seconds of the window.
  const at =
    i < DUE
      ? start + Math.floor((i / DUE) * (WINDOW / 1000)) * 1000
      : start + WINDOW + 60_000 + Math.floor((i / TASKS) * 30 * 86_400_000);
  const d = new Date(at);
  const expression = `${d.getUTCSeconds()} ${d.getUTCMinutes()} ${d.getUTCHours()} ${d.getUTCDate()} ${d.getUTCMonth() + 1} *`;
  tasks.push(
    cron.schedule(
      expression,
      () => {
        lateness.push(Date.now() - at);
      },
      { timezone: 'UTC', maxExecutions: 1 },
    ),
  );
}
const setupMs = performance.now() - setupStart;
const expected = Math.min(DUE, TASKS);
const deadline = start + WINDOW + 20_000;
while (lateness.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const memory = rssMb() - idle;
const heap = heapMb() - idleHeap;
for (const task of tasks) await task.destroy();
process.stdout.write(
  `${JSON.stringify({
    name: 'baseline: one node-cron task per post',
    rows: TASKS,
    setupMs: Math.round(setupMs),
    memoryMb: Math.round(memory),
    heapMb: Math.round(heap),
    fired: lateness.length,
    expected,
    duplicates: Math.max(0, lateness.length - expected),
    lateness: summarize(lateness),
  })}\n`,
);
process.exit(0);
