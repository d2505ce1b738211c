/**
 * Writing a large plan: BENCH_LEDGER_ROWS (default 1,000,000) planned posts stored through the
 * ledger store (`LedgerPlans.apply`, batches of BENCH_LEDGER_BATCH rows, as the replanner writes
 * them), beside the floor measured in the same run: better-sqlite3 inserting the same rows into
 * the same schema in one transaction with one prepared statement. The rows are made before
 * either is timed; each writes a new database file. Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inserting } from '../src/ledger/diff.js';
import { ledgerKey } from '../src/ledger/key.js';
import type { PlannedPost } from '../src/ledger/row.js';
import { SqliteStores } from '../src/stores/sqlite/sqlite-stores.js';
import { envInt } from './stats.js';

const ROWS = envInt('BENCH_LEDGER_ROWS', 1_000_000);
const BATCH = envInt('BENCH_LEDGER_BATCH', 10_000);
const TARGETS = 10;
const NOW = Date.UTC(2026, 11, 1);

const rows: PlannedPost[] = [];
for (let i = 0; rows.length < ROWS; i++) {
  const eventId = `ev${String(i).padStart(6, '0')}`;
  for (let t = 0; t < TARGETS && rows.length < ROWS; t++) {
    const targetKey = `telegram:-100${t}`;
    const slot = '1d';
    rows.push({
      key: ledgerKey(eventId, 'countdown', slot, targetKey),
      eventId,
      kind: 'countdown',
      slot,
      targetKey,
      platform: 'telegram',
      chatId: `-100${t}`,
      locale: 'fr',
      zone: 'Europe/Paris',
      due: NOW + i * 60_000,
    });
  }
}

async function fresh<T>(work: (stores: SqliteStores) => Promise<T> | T): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-ledger-'));
  const stores = new SqliteStores(path.join(dir, 'herald.db'));
  await stores.migrate();
  const start = performance.now();
  await work(stores);
  const ms = performance.now() - start;
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

const floor = (stores: SqliteStores) => {
  // The floor reaches the same connection the store uses (same pragmas, same schema).
  const db = (stores as unknown as { d: { db: import('better-sqlite3').Database } }).d.db;
  const insert = db.prepare(
    `INSERT INTO ledger (key, event_id, kind, slot, target_key, platform, chat_id, locale, zone, mention, due, next_try, status, payload, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?)`,
  );
  db.transaction(() => {
    for (const p of rows)
      insert.run(
        p.key,
        p.eventId,
        p.kind,
        p.slot,
        p.targetKey,
        p.platform,
        p.chatId,
        p.locale,
        p.zone,
        null,
        p.due,
        p.due,
        null,
        NOW,
      );
  })();
};

// The floor runs before and after Herald (the faster counts), so that neither gains from going second.
const first = await fresh(floor);
const heraldMs = await fresh(async (stores) => {
  for (let i = 0; i < rows.length; i += BATCH)
    await stores.ledger.apply(inserting(rows.slice(i, i + BATCH)), NOW);
  if ((await stores.ledger.count()).planned !== rows.length) throw new Error('rows were lost');
});

const floorMs = Math.min(first, await fresh(floor));
process.stdout.write(
  `${JSON.stringify({ name: 'ledger set-up', rows: rows.length, batch: BATCH, ms: Math.round(heraldMs), floorMs: Math.round(floorMs), ratio: Number((heraldMs / floorMs).toFixed(3)) })}\n`,
);
