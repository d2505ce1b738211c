import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HeraldApp } from '../../src/app.js';
import { dbCopy, dbStatus, formatStatus } from '../../src/cli/db.js';
import { copyStores } from '../../src/cli/db-copy.js';
import type { StoreError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { inserting } from '../../src/ledger/diff.js';
import type { LedgerRow } from '../../src/ledger/row.js';
import { POSTGRES_MIGRATIONS } from '../../src/stores/postgres/migrations.js';
import { PostgresStores } from '../../src/stores/postgres/postgres-stores.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import type { Stores } from '../../src/stores/stores.js';
import type { TableRow } from '../../src/stores/tables.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { FaultyAdapter } from '../fakes/faulty-adapter.js';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { usePostgres } from '../support/postgres.js';
import { post } from './stores-contract.js';

const postgres = usePostgres();

const config = testConfig(
  {
    defaults: { locale: 'en', zone: 'Europe/Paris' },
    countdown: { milestones: ['7d', '1d', '1h', '0'] },
    targets: [
      {
        platform: 'telegram',
        chat: '-100',
        locale: 'fr',
        follows: { tags: ['mi8'] },
        kinds: ['countdown', 'live'],
      },
      {
        platform: 'discord',
        chat: '223456789012345678',
        locale: 'en',
        follows: { tags: ['mi8'] },
        kinds: ['countdown', 'live'],
      },
    ],
  },
  [MI8_FR, MI8_IT],
);

interface Platforms {
  readonly telegram: FaultyAdapter;
  readonly discord: FaultyAdapter;
}

/** Herald on a store until `until`, then stopped (SIGTERM); returns what each platform got, by ledger key. */
async function runUntil(stores: Stores, clock: FakeClock, until: string): Promise<Platforms> {
  const platforms = { telegram: new FaultyAdapter('telegram'), discord: new FaultyAdapter('discord') };
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger: silentLogger(),
    adapters: [platforms.telegram, platforms.discord],
    instanceId: 'host-a',
    jitter: () => 0,
    schedulerCapMs: 3_600_000,
  });
  await app.start();
  await clock.advanceTo(until);
  await app.stop();
  return platforms;
}

const delivered = (p: Platforms) => [...p.telegram.delivered, ...p.discord.delivered];

async function ledgerOf(stores: Stores): Promise<LedgerRow[]> {
  return (await Promise.all(['mi8-fr', 'mi8-it'].map((id) => stores.ledger.forEvent(id)))).flat();
}

/** Every row of every table, sorted, as plain values: what two stores must both hold. */
async function contents(stores: Stores): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  await stores.tables.snapshot(async (reader) => {
    for (const table of await stores.tables.tables()) {
      const columns = (await stores.tables.columns(table)).sort();
      const rows: TableRow[] = [];
      for await (const batch of reader.rows(table, columns, 100)) rows.push(...batch);
      out[table] = rows
        .map((r) => JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, r[i]]))))
        .sort();
    }
  });
  return out;
}

function sqliteFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'herald-copy-')), 'herald.db');
}

describe('herald db copy', { timeout: 120_000 }, () => {
  it('moves a SQLite store that has sent posts to PostgreSQL, where a start sends nothing twice', async () => {
    const file = sqliteFile();
    const sqlite = new SqliteStores(file);
    // A week of the campaign on SQLite: the 7-day and 1-day countdowns of Paris, the 7-day of Milan.
    const before = await runUntil(sqlite, new FakeClock('2018-05-14T00:00:00Z'), '2018-05-21T15:00:00Z');
    const sentOnSqlite = await ledgerOf(sqlite);
    const copiedContents = await contents(sqlite);
    await sqlite.close();
    expect(delivered(before).map(([key]) => key)).toHaveLength(6);

    const report = await dbCopy(`sqlite:${file}`, postgres.db().url, false);
    expect(report).toContain(`Copied SQLite ${file} → PostgreSQL ${postgres.db().url}`);
    expect(report).toMatch(/ledger +\d+/);
    const pg = new PostgresStores(postgres.db().url);
    expect(await contents(pg)).toEqual(copiedContents);

    // The rest of the campaign on PostgreSQL, from where SQLite stopped.
    const clock = new FakeClock('2018-05-21T15:00:00Z', { quiet: () => !pg.db.busy() });
    const after = await runUntil(pg, clock, '2018-05-26T00:00:00Z');
    const sentBefore = new Set(delivered(before).map(([key]) => key));
    const sentAfter = delivered(after);
    expect(sentAfter.length).toBeGreaterThan(0);
    for (const [key, times] of sentAfter) {
      expect(sentBefore.has(key), `${key} went out again on PostgreSQL`).toBe(false);
      expect(times, key).toBe(1);
    }
    // Rows sent on SQLite stay as they were: same message, same time, not written again.
    const rows = new Map((await ledgerOf(pg)).map((r) => [r.key, r]));
    for (const row of sentOnSqlite.filter((r) => r.status === 'sent')) expect(rows.get(row.key)).toEqual(row);
    const sent = [...rows.values()].filter((r) => r.status === 'sent').map((r) => r.key);
    expect(sent.sort()).toEqual([...sentBefore, ...sentAfter.map(([key]) => key)].sort());
    expect([...rows.values()].filter((r) => r.status === 'planned' || r.status === 'sending')).toEqual([]);

    const status = await dbStatus(postgres.db().url, clock.now());
    expect(status.ledger.sent).toBe(sent.length);
    expect(status.instances).toEqual([expect.objectContaining({ id: 'host-a', state: 'stopped' })]);
    expect(formatStatus(status, clock.now())).toContain(
      `Schema: version ${POSTGRES_MIGRATIONS.length}, up to date.`,
    );

    // And back: the same rows in a new SQLite file, every value as PostgreSQL holds it.
    const back = sqliteFile();
    await dbCopy(postgres.db().url, `sqlite:${back}`, false);
    const again = new SqliteStores(back);
    expect(await contents(again)).toEqual(await contents(pg));
    await again.close();
    await pg.close();
  });

  it('refuses a target that holds anything unless forced, and then replaces it', async () => {
    const source = new SqliteStores(':memory:');
    await source.migrate();
    await source.refs.put('discord:event', '1');
    const target = postgres.db().stores();
    await target.migrate();
    await target.refs.put('other', '2');
    await expect(copyStores(source, target, { force: false })).rejects.toThrow(
      'the target is not empty: meta (1)',
    );
    expect(await target.refs.get('other')).toBe('2');
    const copied = await copyStores(source, target, { force: true });
    expect(copied.find((c) => c.table === 'meta')).toEqual({ table: 'meta', rows: 1 });
    expect(await target.refs.get('other')).toBeUndefined();
    expect(await target.refs.get('discord:event')).toBe('1');
    await Promise.all([source.close(), target.close()]);
  });

  it('rounds up a fraction of a millisecond SQLite kept (a next try a rate limiter spaced)', async () => {
    const source = new SqliteStores(':memory:');
    await source.migrate();
    await source.ledger.apply(inserting([post('7d', 100)]), 0);
    await source.ledger.claim({ now: 100, platforms: ['telegram'], limit: 1, owner: 'a', leaseMs: 1_000 });
    await source.ledger.retry(post('7d', 0).key, 'a', 100.5, {
      nextTry: 5_000.4,
      error: '429',
      countAttempt: false,
    });
    const target = postgres.db().stores();
    await copyStores(source, target, { force: false });
    expect(await target.ledger.get(post('7d', 0).key)).toMatchObject({ status: 'planned', nextTry: 5_001 });
    await Promise.all([source.close(), target.close()]);
  });

  it('leaves the target as it was when a row cannot be copied halfway through', async () => {
    const file = sqliteFile();
    const source = new SqliteStores(file);
    await source.migrate();
    await source.refs.put('kept', 'yes');
    await source.close();
    // SQLite keeps text in an integer column; PostgreSQL refuses it for a bigint.
    const raw = new Database(file);
    raw
      .prepare(
        `INSERT INTO ledger (key, event_id, kind, slot, target_key, platform, chat_id, locale, zone, due, next_try, status, updated_at)
         VALUES ('k', 'e', 'countdown', '1d', 'telegram:-1', 'telegram', '-1', 'en', 'UTC', 'soon', 0, 'planned', 0)`,
      )
      .run();
    raw.close();
    const target = postgres.db().stores();
    await target.migrate();
    await target.refs.put('before', '1');
    const reopened = new SqliteStores(file);
    await expect(copyStores(reopened, target, { force: true })).rejects.toThrow(/bigint/);
    expect(await target.refs.get('before')).toBe('1');
    expect(await target.refs.get('kept')).toBeUndefined();
    await Promise.all([reopened.close(), target.close()]);
  });
  it('refuses to copy a database into itself under another spelling of its URL, even with --force', async () => {
    const url = postgres.db().url;
    const other = url.replace('postgres://', 'postgresql://').replace('127.0.0.1', 'localhost');
    expect(other).not.toBe(url);
    await expect(dbCopy(url, other, true)).rejects.toThrow(
      '--from and --to name the same database (under two spellings)',
    );
    // Through the stores too, with what the target holds left as it was.
    const [source, target] = [
      new PostgresStores(url, { schema: 'same_db', max: 2 }),
      new PostgresStores(other, { schema: 'same_db', max: 2 }),
    ];
    await source.migrate();
    await source.refs.put('kept', 'yes');
    await expect(copyStores(source, target, { force: true })).rejects.toThrow(/same database/);
    expect(await target.refs.get('kept')).toBe('yes');
    await Promise.all([source.close(), target.close()]);
  });

  it('refuses a target where an instance runs, even with --force, and warns of one on the source', async () => {
    const now = 1_800_000_000_000;
    const source = new SqliteStores(':memory:');
    await source.migrate();
    await source.refs.put('from-source', '1');
    await source.instances.register('source-1', 'a', now - 3_000);
    const target = postgres.db().stores();
    await target.migrate();
    await target.refs.put('live', '1');
    await target.instances.register('web-1', 'b', now - 10_000);
    await target.instances.register('web-2', 'c', now - 45_000);
    const refused = await copyStores(source, target, { force: true, now }).then(
      () => undefined,
      (e: unknown) => e as StoreError,
    );
    expect(refused?.message).toBe(
      'instances are running on the target (web-1, last beat 10 s ago): a copy would replace their data under them',
    );
    expect(refused?.fix).toMatch(/^stop them first/);
    expect(await target.refs.get('live')).toBe('1');

    // Stopped (or silent for longer than a scheduler pass): the copy goes ahead, with a warning.
    await target.instances.retire('web-1', now - 5_000);
    const warnings: string[] = [];
    await copyStores(source, target, { force: true, now, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      'instances are running on the source (source-1, last beat 3 s ago): the copy is a snapshot; copy a stopped source, or what they send after it may be sent again from the target',
    ]);
    expect(await target.refs.get('from-source')).toBe('1');
    await Promise.all([source.close(), target.close()]);
  });
});

describe('herald db status', () => {
  it('calls an instance alive only while the cluster would (a beat within 5 s), with how long ago it beat', async () => {
    const file = sqliteFile();
    const stores = new SqliteStores(file);
    await stores.migrate();
    const now = 1_800_000_000_000;
    await stores.instances.register('beating', 'a', now - 1_000);
    await stores.instances.register('killed', 'b', now - 6_000);
    await stores.instances.register('gone', 'c', now - 600_000);
    await stores.close();
    const status = await dbStatus(`sqlite:${file}`, now);
    expect(status.instances.map((i) => [i.id, i.state, i.lastBeatAgoS])).toEqual([
      ['beating', 'alive', 1],
      ['gone', 'silent', 600],
      ['killed', 'silent', 6],
    ]);
    const text = formatStatus(status, now);
    expect(text).toContain('Instances: 1 alive of 3 known');
    expect(text).toContain('  beating: alive, last beat 1 s ago;');
    expect(text).toContain('  killed: not alive, last beat 6 s ago');
    expect(text).toContain('  gone: not alive, last beat 10 min ago');
  });
});
