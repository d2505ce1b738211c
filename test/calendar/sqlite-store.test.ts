import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/calendar/sqlite-store.js';
import { EVENT, post, storeContract } from './store-contract.js';

storeContract('SQLite', async () => new SqliteStore(':memory:'));

describe('SQLite store on disk', () => {
  it('keeps the calendar and the ledger across a reopen (a restart)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'herald-db-')), 'nested', 'herald.db');
    const first = new SqliteStore(file);
    await first.migrate();
    await first.putEvent(EVENT);
    await first.applyLedgerChange({ insert: [post('7d', 100)], reschedule: [], cancel: [] }, 0);
    await first.markSent(post('7d', 0).key, 101, 'm1', false);
    await first.close();
    const second = new SqliteStore(file);
    await second.migrate();
    expect(await second.getEvent('mi8-fr')).toEqual(EVENT);
    expect(await second.getLedgerRow(post('7d', 0).key)).toMatchObject({ status: 'sent', messageRef: 'm1' });
    await second.close();
  });
});
