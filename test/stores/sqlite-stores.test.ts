import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { inserting } from '../../src/ledger/diff.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { clusterContract } from './cluster-contract.js';
import { eventQueriesContract } from './event-queries-contract.js';
import { EVENT, post, storesContract } from './stores-contract.js';

storesContract('SQLite', async () => new SqliteStores(':memory:'));
eventQueriesContract('SQLite', async () => new SqliteStores(':memory:'));
// The same answers when a chat's launches are found by walking the start index, whatever they are.
eventQueriesContract(
  'SQLite (follows walked)',
  async () => new SqliteStores(':memory:', { narrowFollows: -1 }),
);

describe('SQLite stores on disk', () => {
  it('keep the calendar and the ledger across a reopen (a restart)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'herald-db-')), 'nested', 'herald.db');
    const first = new SqliteStores(file);
    await first.migrate();
    await first.events.put(EVENT);
    await first.ledger.apply(inserting([post('7d', 100)]), 0);
    await first.ledger.claim({ now: 100, platforms: ['telegram'], limit: 1, owner: 'a', leaseMs: 1000 });
    await first.ledger.settle(post('7d', 0).key, 'a', 101, { status: 'sent', messageRef: 'm1', late: false });
    await first.close();
    const second = new SqliteStores(file);
    await second.migrate();
    expect(await second.events.get('mi8-fr')).toEqual(EVENT);
    expect(await second.ledger.get(post('7d', 0).key)).toMatchObject({ status: 'sent', messageRef: 'm1' });
    await second.close();
  });

  it('migrate a version-1 database: next tries from due times, terminal reasons from the old error column', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'herald-db-')), 'herald.db');
    const { SQLITE_MIGRATIONS } = await import('../../src/stores/sqlite/migrations.js');
    const v1 = new Database(file);
    v1.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    v1.exec(SQLITE_MIGRATIONS[0]?.sql ?? '');
    v1.prepare('INSERT INTO schema_migrations VALUES (1, 0)').run();
    const insert = v1.prepare(
      `INSERT INTO ledger (key, event_id, kind, slot, target_key, platform, chat_id, locale, zone, due, status, last_error, updated_at)
       VALUES (?, 'mi8-fr', 'countdown', ?, 'telegram:-100', 'telegram', '-100', 'fr', 'Europe/Paris', ?, ?, ?, 0)`,
    );
    insert.run('a', '7d', 100, 'planned', null);
    insert.run('b', '1d', 200, 'cancelled', 're-planned');
    // Waiting for a retry: version 1 had moved its due time to the retry's.
    insert.run('c', '1h', 5_000, 'planned', 'rate limited for 1000 ms');
    v1.close();
    const stores = new SqliteStores(file);
    await stores.migrate();
    expect(await stores.ledger.get('a')).toMatchObject({ due: 100, nextTry: 100, status: 'planned' });
    expect(await stores.ledger.get('b')).toMatchObject({ status: 'cancelled', reason: 're-planned' });
    expect((await stores.ledger.get('b'))?.lastError).toBeUndefined();
    // Its slot is unknown until the first re-plan gives it back; its next try stays.
    expect(await stores.ledger.get('c')).toMatchObject({ status: 'planned', due: 0, nextTry: 5_000 });
    await stores.close();
  });
});

clusterContract('SQLite', async () => new SqliteStores(':memory:'));
