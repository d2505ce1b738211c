/**
 * Several Herald instances on one database (docs/cluster.md), each a process of its own
 * (bench/cluster-worker.ts). Prints JSON lines:
 * - claim throughput: BENCH_CLAIM_ROWS posts (one per chat) made due at once, claimed and
 *   marked sent through a null adapter, by 1, 2 and 4 instances on PostgreSQL beside one
 *   instance on SQLite (the single-host baseline);
 * - Telegram fan-out: BENCH_CLUSTER_CHATS chats against the fake Bot API with Telegram's limits
 *   scaled by BENCH_CLUSTER_TG_SCALE (default 1: the real limits), by three instances beside one (the limit is the bot's: the same
 *   floor for both).
 * PostgreSQL: HERALD_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/postgres), a
 * user that may create databases; each run makes its own database and drops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseDuration } from '../src/core/duration.js';
import type { LaunchEvent, Target } from '../src/core/types.js';
import { inserting } from '../src/ledger/diff.js';
import { planEvent } from '../src/scheduler/plan.js';
import { openStores } from '../src/stores/open-stores.js';
import type { WorkerSpec } from './cluster-worker.js';
import { type FakeStats, startFakeProcess } from './fake-process.js';
import { envInt } from './stats.js';

const ROWS = envInt('BENCH_CLAIM_ROWS', 20_000);
const CHATS = envInt('BENCH_CLUSTER_CHATS', 2_000);
const K = envInt('BENCH_CLUSTER_TG_SCALE', 1);
const SERVER = process.env.HERALD_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TOKEN = '7000001:AAE-bench-cluster-token-0123456789';

/** A database of the run's own: PostgreSQL (created, dropped after) or an SQLite file. */
interface BenchDb {
  readonly url: string;
  query<R>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

async function postgresDb(): Promise<BenchDb> {
  const name = `herald_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async query(sql, params = []) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (
          await client.query(
            sql.replace(/\?/g, (_, i: number) => `$${countBefore(sql, i) + 1}`),
            params,
          )
        ).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = new pg.Client({ connectionString: SERVER });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** `?` placeholders before offset `i` (PostgreSQL numbers them). */
function countBefore(sql: string, i: number): number {
  return sql.slice(0, i).split('?').length - 1;
}

function sqliteDb(): BenchDb {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-cluster-'));
  const file = path.join(dir, 'herald.db');
  return {
    url: `sqlite:${file}`,
    async query(sql, params = []) {
      const db = new Database(file);
      db.pragma('busy_timeout = 5000');
      try {
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all(...params) as never[];
        statement.run(...params);
        return [];
      } finally {
        db.close();
      }
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One launch an hour away, followed by every chat: one "live" post each, planned. */
async function seed(db: BenchDb, chats: readonly string[]): Promise<void> {
  const stores = openStores(db.url);
  await stores.migrate();
  const event: LaunchEvent = {
    id: 'mi8-fr',
    title: { en: 'Mi 8 launch — France' },
    description: { en: 'Xiaomi unveils the Mi 8.' },
    start: { kind: 'instant', at: Date.now() + 3_600_000 },
    zone: 'Europe/Paris',
    links: [],
    tags: ['launch'],
    status: 'scheduled',
    source: 'config',
    revision: 1,
  };
  await stores.events.put(event);
  const targets: Target[] = chats.map((chatId) => ({
    key: `telegram:${chatId}`,
    platform: 'telegram',
    chatId,
    locale: 'en',
    zone: 'Europe/Paris',
    follows: { tags: ['launch'], events: [] },
    kinds: ['live'],
    enabled: true,
    source: 'config',
  }));
  const rules = { milestones: [parseDuration('0')], reminderOffsets: [], dateOnlyPostTime: '10:00' };
  await stores.ledger.apply(inserting(planEvent(event, targets, [], rules)), Date.now());
  await stores.close();
}

interface Worker {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

async function worker(spec: WorkerSpec): Promise<Worker> {
  const file = fileURLToPath(new URL('./cluster-worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', file, JSON.stringify(spec)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  for (;;) {
    const next = await lines.next();
    if (next.done) throw new Error(`worker ${spec.id} exited before it could claim`);
    if (String(next.value).includes('"acting"')) break;
  }
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    async stop() {
      child.stdin?.write('exit\n');
      await exited;
    },
  };
}

/**
 * Makes every planned post due in a moment (every scheduler re-reads the ledger within its
 * 1 s cap and wakes at that instant); returns the instant.
 */
async function makeDue(db: BenchDb): Promise<number> {
  const at = Date.now() + 2_500;
  await db.query("UPDATE ledger SET due = ?, next_try = ? WHERE status = 'planned'", [at, at]);
  return at;
}

async function sentCount(db: BenchDb): Promise<{ sent: number; last: number; attempts: number }> {
  const [row] = await db.query<{
    sent: number | string;
    last: number | string | null;
    attempts: number | string;
  }>(
    "SELECT COUNT(*) AS sent, MAX(sent_at) AS last, COALESCE(SUM(attempts), 0) AS attempts FROM ledger WHERE status = 'sent'",
  );
  return { sent: Number(row?.sent ?? 0), last: Number(row?.last ?? 0), attempts: Number(row?.attempts ?? 0) };
}

async function waitSent(
  db: BenchDb,
  rows: number,
  timeoutMs: number,
): Promise<{ last: number; attempts: number }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await sentCount(db);
    if (now.sent >= rows) return now;
    if (Date.now() > deadline) throw new Error(`only ${now.sent} of ${rows} sent`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface ClaimResult {
  name: string;
  instances: number;
  rows: number;
  ms: number;
  perSecond: number;
  attempts: number;
}

async function claims(database: 'postgres' | 'sqlite', instances: number): Promise<ClaimResult> {
  const db = database === 'postgres' ? await postgresDb() : sqliteDb();
  try {
    const chats = Array.from({ length: ROWS }, (_, i) => String(-1_000_000_000_000 - i));
    await seed(db, chats);
    const workers: Worker[] = [];
    for (let i = 1; i <= instances; i++)
      workers.push(
        await worker({ db: db.url, id: `herald-${i}`, cluster: database === 'postgres', adapter: 'null' }),
      );
    // Every member has seen every other (and settled) before the posts fall due.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const due = await makeDue(db);
    const done = await waitSent(db, ROWS, 600_000);
    await Promise.all(workers.map((w) => w.stop()));
    const ms = done.last - due;
    return {
      name: `${database}, ${instances} instance${instances === 1 ? '' : 's'}`,
      instances,
      rows: ROWS,
      ms,
      perSecond: Math.round((ROWS / ms) * 1000),
      attempts: done.attempts,
    };
  } finally {
    await db.drop();
  }
}

interface FanOut {
  name: string;
  chats: number;
  floorMs: number;
  wallMs: number;
  rateRatio: number;
  tooManyRequests: number;
  duplicates: number;
  lost: number;
}

async function fanOut(instances: number): Promise<FanOut> {
  const limits = { perSecond: 30 * K, perChatPerSecond: K, perGroupPerMinute: 20 * K };
  const fake = await startFakeProcess<{ apiRoot: string }>('telegram-server-process.ts', [
    TOKEN,
    String(limits.perSecond),
    String(limits.perChatPerSecond),
    String(limits.perGroupPerMinute),
  ]);
  const db = await postgresDb();
  try {
    const chats = Array.from({ length: CHATS }, (_, i) =>
      i % 2 === 0 ? String(-1_000_000_000_000 - i) : String(100_000 + i),
    );
    await seed(db, chats);
    const workers: Worker[] = [];
    for (let i = 1; i <= instances; i++)
      workers.push(
        await worker({
          db: db.url,
          id: `herald-${i}`,
          cluster: true,
          adapter: 'telegram',
          apiRoot: fake.apiRoot,
          token: TOKEN,
          limits,
        }),
      );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const due = await makeDue(db);
    await waitSent(db, CHATS, 600_000);
    await Promise.all(workers.map((w) => w.stop()));
    const stats: FakeStats = await fake.stats();
    const perChat = new Map<string, number>();
    for (const m of stats.sent) perChat.set(m.chat_id, (perChat.get(m.chat_id) ?? 0) + 1);
    const wallMs = Math.max(...stats.sent.map((m) => m.at)) - due;
    return {
      name: `herald on PostgreSQL, ${instances} instance${instances === 1 ? '' : 's'}`,
      chats: CHATS,
      floorMs: Math.round((CHATS / limits.perSecond) * 1000),
      wallMs,
      rateRatio: Number((perChat.size / (wallMs / 1000) / limits.perSecond).toFixed(3)),
      tooManyRequests: stats.tooManyRequests,
      duplicates: [...perChat.values()].reduce((sum, n) => sum + n - 1, 0),
      lost: chats.filter((c) => !perChat.has(c)).length,
    };
  } finally {
    fake.stop();
    await db.drop();
  }
}

const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'claims') {
  for (const [database, n] of [
    ['sqlite', 1],
    ['postgres', 1],
    ['postgres', 2],
    ['postgres', 4],
  ] as const)
    process.stdout.write(`${JSON.stringify({ bench: 'claims', ...(await claims(database, n)) })}\n`);
}
if (which === 'all' || which === 'fanout') {
  for (const n of [1, 3])
    process.stdout.write(`${JSON.stringify({ bench: 'fanout', ...(await fanOut(n)) })}\n`);
}
process.exit(0);
