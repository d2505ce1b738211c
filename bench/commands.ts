/**
 * Command latency at real calendar sizes, through the real entry point (`CommandRouter.handle`,
 * as an adapter calls it) on a SQLite file, beside the floor measured on the same database in
 * the same run: an indexed `SELECT data FROM events ORDER BY start_at, id LIMIT 25` and the
 * decoding of its rows, which any answer listing launches has to do.
 *
 * Sizes: BENCH_COMMAND_SIZES (default 1000,10000,100000); iterations per command:
 * BENCH_COMMAND_RUNS (default 200). Prints one JSON line per size and command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { InboundCommand } from '../src/adapters/adapter.js';
import { HeraldApp } from '../src/app.js';
import type { Clock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { Target } from '../src/core/types.js';
import { PostComposer } from '../src/delivery/composer.js';
import { ledgerKey, NO_EVENT } from '../src/ledger/key.js';
import type { LedgerRow } from '../src/ledger/row.js';
import type { OutboundMessage } from '../src/messages/model.js';
import { SqliteStores } from '../src/stores/sqlite/sqlite-stores.js';
import { benchCalendar, community } from '../test/support/calendar-fixture.js';
import { testConfig } from '../test/support/config.js';
import { envInt, summarize } from './stats.js';

const SIZES = (process.env.BENCH_COMMAND_SIZES ?? '1000,10000,100000').split(',').map(Number);
const RUNS = envInt('BENCH_COMMAND_RUNS', 200);
const NOW = Date.UTC(2026, 11, 1, 9);
const clock: Clock = { now: () => NOW, setTimer: () => ({ id: 0 }), clearTimer: () => {} };

async function time(runs: number, work: () => Promise<unknown> | unknown): Promise<number[]> {
  for (let i = 0; i < Math.min(20, runs); i++) await work();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    out.push(performance.now() - start);
  }
  return out;
}

for (const size of SIZES) {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-commands-'));
  const file = path.join(dir, 'herald.db');
  const stores = new SqliteStores(file);
  await stores.migrate();
  const events = benchCalendar(size, NOW);
  for (const event of events) await stores.events.put(event);
  // A community's group that follows one product line and one country.
  const group = community(4);
  const chatId = '-1004';
  const target: Target = {
    key: `telegram:${chatId}`,
    platform: 'telegram',
    chatId,
    locale: 'fr',
    zone: 'Europe/Paris',
    follows: { tags: ['line3', 'it'], events: [] },
    kinds: ['countdown', 'digest'],
    enabled: true,
    source: 'command',
    owner: group,
  };
  await stores.targets.put(target);
  await stores.maintain();
  const app = new HeraldApp({
    // The user is an operator only so that the flood gate lets every iteration through; in a
    // group an operator sees what the group sees.
    config: testConfig({ owners: ['telegram:42'] }),
    stores,
    clock,
    logger: silentLogger(),
    adapters: [],
    instanceId: 'bench',
  });
  let replies = 0;
  let last: OutboundMessage | undefined;
  const command = (name: string, args: Record<string, string> = {}): InboundCommand => ({
    platform: 'telegram',
    name,
    args: { kind: 'options', values: args },
    chatId,
    chatKind: 'group',
    community: group,
    addressed: true,
    userId: '42',
    isChatAdmin: async () => false,
    reply: async (message: OutboundMessage) => {
      replies++;
      last = message;
    },
  });
  const someId = events[Math.floor(size / 2)]?.id ?? 'ev000000';
  const composer = new PostComposer(stores, true);
  const digest: LedgerRow = {
    key: ledgerKey(NO_EVENT, 'digest', '2026-12-01T09:00', target.key),
    eventId: NO_EVENT,
    kind: 'digest',
    slot: '2026-12-01T09:00',
    targetKey: target.key,
    platform: 'telegram',
    chatId,
    locale: 'fr',
    zone: 'Europe/Paris',
    due: NOW,
    nextTry: NOW,
    status: 'sending',
    attempts: 0,
    late: false,
    updatedAt: NOW,
    payload: { type: 'digest', windowMs: 14 * 86_400_000 },
  };
  const raw = new Database(file, { readonly: true });
  const floorQuery = raw.prepare('SELECT data FROM events ORDER BY start_at, id LIMIT 25');
  const cases: [string, () => Promise<unknown> | unknown][] = [
    [
      'floor: indexed SELECT … LIMIT 25 + decode',
      () => floorQuery.all().map((r) => JSON.parse((r as { data: string }).data)),
    ],
    ['/next', () => app.router.handle(command('next'))],
    ['/events', () => app.router.handle(command('events'))],
    ['/events line7', () => app.router.handle(command('events', { tag: 'line7' }))],
    ['/countdown', () => app.router.handle(command('countdown', { id: someId }))],
    ['digest (compose)', () => composer.compose(digest, NOW, false)],
  ];
  let floorP50 = 0;
  for (const [name, work] of cases) {
    const stats = summarize(await time(RUNS, work));
    if (name.startsWith('floor')) floorP50 = stats.p50;
    process.stdout.write(
      `${JSON.stringify({
        name,
        events: size,
        p50: Number(stats.p50.toFixed(3)),
        p99: Number(stats.p99.toFixed(3)),
        floorP50: Number(floorP50.toFixed(3)),
      })}\n`,
    );
  }
  if (replies === 0 || last?.kind !== 'reply') throw new Error('the commands did not reply');
  raw.close();
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
}
