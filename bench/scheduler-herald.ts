/**
 * Herald's scheduler at full size: EVENTS launches × TARGETS chats = one ledger row each,
 * in SQLite on disk, with DUE rows falling due during a WINDOW of real time. Prints JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Adapter, Address, PostedRef } from '../src/adapters/adapter.js';
import { SqliteStore } from '../src/calendar/sqlite-store.js';
import type { PlannedPost } from '../src/calendar/store.js';
import { systemClock } from '../src/core/clock.js';
import { parseDuration } from '../src/core/duration.js';
import { silentLogger } from '../src/core/logger.js';
import type { LaunchEvent, Target } from '../src/core/types.js';
import type { OutboundMessage } from '../src/messages/model.js';
import { Dispatcher } from '../src/scheduler/dispatcher.js';
import { planEvent } from '../src/scheduler/plan.js';
import { PostComposer } from '../src/scheduler/post-composer.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { envInt, heapMb, rssMb, summarize } from './stats.js';

const EVENTS = envInt('BENCH_EVENTS', 100_000);
const TARGETS = envInt('BENCH_TARGETS', 10);
const DUE = envInt('BENCH_DUE_EVENTS', 300);
const WINDOW = envInt('BENCH_WINDOW_MS', 10_000);

const idle = rssMb();
const idleHeap = heapMb();
const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-'));
const store = new SqliteStore(path.join(dir, 'bench.db'));
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
for (const target of targets) await store.putTarget(target);
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
    await store.putEvent(event);
    batch.push(...planEvent(event, targets, [], rules));
    if (batch.length >= 5_000) {
      await store.applyLedgerChange({ insert: batch, reschedule: [], cancel: [] }, Date.now());
      batch = [];
    }
  }
  await store.applyLedgerChange({ insert: batch, reschedule: [], cancel: [] }, Date.now());
}

// Most launches are weeks away; the last DUE are planned last and fall due in the window.
await plan(DUE, EVENTS - DUE, (i) => later + Math.floor((i / EVENTS) * 30 * 86_400_000));
const start = Date.now() + 2_000;
await plan(0, DUE, (i) => start + Math.floor((i / DUE) * WINDOW));
// Start-up work a real instance does once before it serves: fold the WAL into the database.
await store.maintain();
const setupMs = performance.now() - setupStart;
const rows = (await store.countLedger()).planned;
// Collect the set-up garbage now, as a long-running instance will have long before its posts fall due.
(globalThis as { gc?: () => void }).gc?.();
const lateness: number[] = [];
class NullAdapter implements Adapter {
  readonly platform = 'console' as const;
  async start() {}
  async stop() {}
  async post(_address: Address, message: OutboundMessage): Promise<PostedRef> {
    void message;
    return { messageId: 'x' };
  }
}
const dispatcher = new Dispatcher({
  store,
  clock: systemClock,
  logger: silentLogger(),
  composer: new PostComposer(store, true),
  maxAttempts: 3,
});
dispatcher.register(new NullAdapter());
dispatcher.onOutcome((outcome, row) => {
  if (outcome.status === 'sent') lateness.push(outcome.at - row.due);
});
const scheduler = new Scheduler({
  store,
  dispatcher,
  clock: systemClock,
  logger: silentLogger(),
  catchUp: { graceMs: 15 * 60_000, stale: 'digest' },
  owner: 'bench',
});
await scheduler.start();
const expected = Math.min(DUE, EVENTS) * TARGETS;
const deadline = start + WINDOW + 20_000;
while (lateness.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
await scheduler.stop();
const memory = rssMb() - idle;
const heap = heapMb() - idleHeap;
const counts = await store.countLedger();
await store.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify({
    name: 'herald (ledger + one capped timer)',
    rows,
    setupMs: Math.round(setupMs),
    memoryMb: Math.round(memory),
    heapMb: Math.round(heap),
    fired: lateness.length,
    expected,
    duplicates: counts.sent - lateness.length,
    lateness: summarize(lateness),
  })}\n`,
);
