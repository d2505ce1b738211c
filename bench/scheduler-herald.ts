/**
 * Herald's scheduler at full size: EVENTS launches × TARGETS chats = one ledger row each, in
 * SQLite on disk, with the last DUE launches falling due during a WINDOW of real time.
 * Set-up (planning and storing every post) runs in this process; serving runs in a fresh
 * process that opens the database, as an instance does after a restart, so its memory above
 * idle is what serving a million planned posts costs. Halfway through the window that
 * instance stops and a new one takes over the same file: nothing may be lost or repeated.
 * Prints JSON.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Adapter, PostedRef } from '../src/adapters/adapter.js';
import { systemClock } from '../src/core/clock.js';
import { parseDuration } from '../src/core/duration.js';
import { silentLogger } from '../src/core/logger.js';
import type { LaunchEvent, Target } from '../src/core/types.js';
import { PostComposer } from '../src/delivery/composer.js';
import { Dispatcher } from '../src/delivery/dispatcher.js';
import { inserting } from '../src/ledger/diff.js';
import type { PlannedPost } from '../src/ledger/row.js';
import { planEvent } from '../src/scheduler/plan.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { SqliteStores } from '../src/stores/sqlite/sqlite-stores.js';
import { envInt, heapMb, rssMb, summarize } from './stats.js';

const EVENTS = envInt('BENCH_EVENTS', 100_000);
const TARGETS = envInt('BENCH_TARGETS', 10);
const DUE = envInt('BENCH_DUE_EVENTS', 300);
const WINDOW = envInt('BENCH_WINDOW_MS', 10_000);

if (process.argv[2] === 'serve') {
  await serve(String(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
  process.exit(0);
}

const setupIdle = rssMb();
const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-'));
const store = new SqliteStores(path.join(dir, 'bench.db'));
await store.migrate();

const setupStart = performance.now();
const targets: Target[] = Array.from({ length: TARGETS }, (_, i) => ({
  key: `console:bench${i}`,
  platform: 'console',
  chatId: `bench${i}`,
  locale: (['en', 'fr', 'it'] as const)[i % 3] ?? 'en',
  zone: 'Europe/Paris',
  follows: { tags: ['bench'], events: [] },
  kinds: ['live'],
  enabled: true,
  source: 'config',
}));
for (const target of targets) await store.targets.put(target);
const rules = { milestones: [parseDuration('0')], reminderOffsets: [], dateOnlyPostTime: '10:00' };
const later = Date.now() + 3_600_000;

async function plan(from: number, count: number, dueAt: (i: number) => number): Promise<void> {
  let batch: PlannedPost[] = [];
  for (let i = from; i < from + count; i++) {
    const event: LaunchEvent = {
      id: `ev${i}`,
      title: { en: `Launch ${i}` },
      description: {},
      start: { kind: 'instant', at: dueAt(i) },
      zone: 'Europe/Paris',
      links: [],
      tags: ['bench'],
      status: 'scheduled',
      source: 'import',
      revision: 1,
    };
    await store.events.put(event);
    batch.push(...planEvent(event, targets, [], rules));
    if (batch.length >= 5_000) {
      await store.ledger.apply(inserting(batch), Date.now());
      batch = [];
    }
  }
  await store.ledger.apply(inserting(batch), Date.now());
}

// Most launches are weeks away; the last DUE are planned last and fall due in the window.
await plan(DUE, EVENTS - DUE, (i) => later + Math.floor((i / EVENTS) * 30 * 86_400_000));
const start = Date.now() + 4_000 + WINDOW / 2;
await plan(0, DUE, (i) => start + Math.floor((i / DUE) * WINDOW));
// Start-up work a real instance does once before it serves: fold the WAL into the database.
await store.maintain();
const setupMs = performance.now() - setupStart;
const rows = (await store.ledger.count()).planned;
const setupMemory = rssMb() - setupIdle;
await store.close();
const expected = Math.min(DUE, EVENTS) * TARGETS;
const served = JSON.parse(
  execFileSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      'serve',
      path.join(dir, 'bench.db'),
      String(start),
      String(expected),
    ],
    {
      encoding: 'utf8',
    },
  ).trim(),
) as Record<string, unknown>;
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({
    name: 'herald (ledger + one capped timer)',
    rows,
    setupMs: Math.round(setupMs),
    setupMemoryMb: Math.round(setupMemory),
    ...served,
    expected,
  })}\n`,
);

/** A fresh instance serving the database; restarted halfway through the window. */
async function serve(file: string, start: number, expected: number): Promise<void> {
  const idle = rssMb();
  const idleHeap = heapMb();
  const lateness: number[] = [];
  const sentKeys = new Map<string, number>();
  class NullAdapter implements Adapter {
    readonly platform = 'console' as const;
    async start() {}
    async stop() {}
    async post(): Promise<PostedRef> {
      return { messageId: 'x' };
    }
  }
  const instance = (name: string) => {
    const db = new SqliteStores(file);
    const dispatcher = new Dispatcher({
      ledger: db.ledger,
      refs: db.refs,
      owner: name,
      clock: systemClock,
      logger: silentLogger(),
      composer: new PostComposer(db, true),
      maxAttempts: 3,
    });
    dispatcher.register(new NullAdapter());
    dispatcher.onOutcome((outcome, row) => {
      if (outcome.status !== 'sent') return;
      lateness.push(outcome.at - row.due);
      sentKeys.set(row.key, (sentKeys.get(row.key) ?? 0) + 1);
    });
    const scheduler = new Scheduler({
      ledger: db.ledger,
      instances: db.instances,
      dispatcher,
      clock: systemClock,
      logger: silentLogger(),
      catchUp: { graceMs: 15 * 60_000, stale: 'digest' },
      owner: name,
    });
    return { db, scheduler };
  };
  const first = instance('bench-a');
  await first.db.migrate();
  await first.scheduler.start();
  const restartAt = start + WINDOW / 2;
  while (Date.now() < restartAt) await new Promise((r) => setTimeout(r, 20));
  // A restart mid-window: the first instance stops, a new one opens the same file.
  await first.scheduler.stop();
  await first.db.close();
  const firedBeforeRestart = lateness.length;
  const second = instance('bench-b');
  await second.db.migrate();
  await second.scheduler.start();
  const deadline = start + WINDOW + 20_000;
  while (lateness.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await second.scheduler.stop();
  const memory = rssMb() - idle;
  const heap = heapMb() - idleHeap;
  const counts = await second.db.ledger.count();
  await second.db.close();
  process.stdout.write(
    `${JSON.stringify({
      memoryMb: Math.round(memory),
      heapMb: Math.round(heap),
      fired: sentKeys.size,
      firedBeforeRestart,
      duplicates:
        [...sentKeys.values()].reduce((sum, n) => sum + n - 1, 0) + Math.max(0, counts.sent - sentKeys.size),
      lateness: summarize(lateness),
    })}\n`,
  );
}
