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
import { envInt, rssMb, summarize } from './stats.js';

const EVENTS = envInt('BENCH_EVENTS', 100_000);
const TARGETS = envInt('BENCH_TARGETS', 10);
const DUE = envInt('BENCH_DUE_EVENTS', 300);
const WINDOW = envInt('BENCH_WINDOW_MS', 10_000);

const idle = rssMb();
const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-'));
const store = new SqliteStore(path.join(dir, 'bench.db'));
await store.migrate();

const setupStart = performance.now();
const start = Date.now() + 3_000 + EVENTS * 0.02; // leave room for set-up before the first slice falls due
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
let batch: PlannedPost[] = [];
for (let i = 0; i < EVENTS; i++) {
  // The first DUE events fall due inside the window; the rest over the next 30 days.
  const at = i < DUE ? start + Math.floor((i / DUE) * WINDOW) : start + WINDOW + 60_000 + Math.floor((i / EVENTS) * 30 * 86_400_000);
  const event: LaunchEvent = {
    id: `ev${i}`,
    title: { en: `Launch ${i}` },
    description: {},
    start: { kind: 'instant', at },
    zone: 'Europe/Paris',
    links: [],
    tags: ['bench'],
    status: 'scheduled',
    source: 'import',
    revision: 1,
  };
  await store.putEvent(event);
  batch.push(...planEvent(event, targets, [], rules));
  if (batch.length >= 20_000) {
    await store.applyLedgerChange({ insert: batch, reschedule: [], cancel: [] }, Date.now());
    batch = [];
  }
}
await store.applyLedgerChange({ insert: batch, reschedule: [], cancel: [] }, Date.now());
const setupMs = performance.now() - setupStart;
const rows = (await store.countLedger()).planned;

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
const counts = await store.countLedger();
await store.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(
  `${JSON.stringify({
    name: 'herald (ledger + one capped timer)',
    rows,
    setupMs: Math.round(setupMs),
    memoryMb: Math.round(memory),
    fired: lateness.length,
    expected,
    duplicates: counts.sent - lateness.length,
    lateness: summarize(lateness),
  })}\n`,
);
