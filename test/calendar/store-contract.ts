import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlannedPost, Store } from '../../src/calendar/store.js';
import type { LaunchEvent, Target } from '../../src/core/types.js';

export const EVENT: LaunchEvent = {
  id: 'mi8-fr',
  title: { en: 'Mi 8', fr: 'Mi 8 FR' },
  description: {},
  start: { kind: 'date', date: '2018-05-22' },
  zone: 'Europe/Paris',
  city: 'Paris',
  links: [{ label: 'Mi', url: 'https://www.mi.com/fr/' }],
  tags: ['mi8'],
  status: 'scheduled',
  source: 'config',
  revision: 1,
};

export const TARGET: Target = {
  key: 'telegram:-100',
  platform: 'telegram',
  chatId: '-100',
  locale: 'fr',
  zone: 'Europe/Paris',
  follows: { tags: ['mi8'], events: [] },
  kinds: ['countdown', 'live'],
  enabled: true,
  source: 'config',
};

export function post(slot: string, due: number, overrides: Partial<PlannedPost> = {}): PlannedPost {
  return {
    key: `mi8-fr|countdown|${slot}|telegram:-100`,
    eventId: 'mi8-fr',
    kind: 'countdown',
    slot,
    targetKey: 'telegram:-100',
    platform: 'telegram',
    chatId: '-100',
    locale: 'fr',
    zone: 'Europe/Paris',
    due,
    ...overrides,
  };
}

/** What every Store implementation must do. SQLite runs it; PostgreSQL will. */
export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    it('migrates twice without harm', async () => {
      await store.migrate();
      expect(await store.listEvents()).toEqual([]);
    });

    it('keeps events, targets, chat settings and meta as given', async () => {
      await store.putEvent(EVENT);
      await store.putEvent({ ...EVENT, id: 'a-first' });
      expect(await store.getEvent('mi8-fr')).toEqual(EVENT);
      expect((await store.listEvents()).map((e) => e.id)).toEqual(['a-first', 'mi8-fr']);
      await store.deleteEvent('a-first');
      expect(await store.getEvent('a-first')).toBeUndefined();
      await store.putTarget(TARGET);
      await store.putTarget({ ...TARGET, enabled: false, disabledReason: 'kicked' });
      expect(await store.getTarget(TARGET.key)).toEqual({
        ...TARGET,
        enabled: false,
        disabledReason: 'kicked',
      });
      await store.deleteTarget(TARGET.key);
      expect(await store.listTargets()).toEqual([]);
      expect(await store.getChatSettings('x')).toEqual({});
      await store.putChatSettings('x', { locale: 'it' });
      expect(await store.getChatSettings('x')).toEqual({ locale: 'it' });
      await store.putMeta('k', '1');
      await store.putMeta('k', '2');
      expect(await store.getMeta('k')).toBe('2');
    });

    it('keeps one subscription per person and topic', async () => {
      const sub = {
        platform: 'telegram' as const,
        userId: '42',
        topic: 'event:mi8-fr',
        originChatId: '-100',
        locale: 'fr' as const,
        zone: 'Europe/Paris',
        createdAt: 1,
      };
      expect(await store.addSubscription(sub)).toBe(true);
      expect(await store.addSubscription({ ...sub, createdAt: 2 })).toBe(false);
      expect(await store.addSubscription({ ...sub, topic: 'tag:mi8' })).toBe(true);
      expect(await store.listSubscriptions({ userId: '42' })).toHaveLength(2);
      expect(await store.removeSubscriptions('telegram', '42', 'tag:mi8')).toBe(1);
      expect(await store.removeSubscriptions('telegram', '42')).toBe(1);
      expect(await store.listSubscriptions()).toEqual([]);
    });

    it('inserts ledger rows once, moves and revives pending ones, never touches sent ones', async () => {
      expect(
        await store.applyLedgerChange(
          { insert: [post('7d', 100), post('1d', 200)], reschedule: [], cancel: [] },
          0,
        ),
      ).toBe(2);
      expect(
        await store.applyLedgerChange({ insert: [post('7d', 999)], reschedule: [], cancel: [] }, 0),
      ).toBe(0);
      expect((await store.getLedgerRow(post('7d', 0).key))?.due).toBe(100);
      await store.markSent(post('7d', 0).key, 101, 'm1', false);
      await store.applyLedgerChange(
        { insert: [], reschedule: [{ key: post('7d', 0).key, due: 500 }], cancel: [post('7d', 0).key] },
        1,
      );
      expect(await store.getLedgerRow(post('7d', 0).key)).toMatchObject({
        status: 'sent',
        due: 100,
        messageRef: 'm1',
        sentAt: 101,
      });
      await store.applyLedgerChange(
        { insert: [], reschedule: [], cancel: [post('1d', 0).key], reason: 'event cancelled' },
        2,
      );
      expect(await store.getLedgerRow(post('1d', 0).key)).toMatchObject({
        status: 'cancelled',
        lastError: 'event cancelled',
      });
      await store.applyLedgerChange(
        { insert: [], reschedule: [{ key: post('1d', 0).key, due: 300 }], cancel: [] },
        3,
      );
      expect(await store.getLedgerRow(post('1d', 0).key)).toMatchObject({ status: 'planned', due: 300 });
      expect((await store.ledgerForEvent('mi8-fr')).map((r) => r.slot)).toEqual(['7d', '1d']);
    });

    it('claims due rows under a lease that a second instance cannot take until it expires', async () => {
      await store.applyLedgerChange(
        { insert: [post('7d', 100), post('1d', 200), post('1h', 300)], reschedule: [], cancel: [] },
        0,
      );
      expect(await store.nextDue(['telegram'])).toBe(100);
      expect(await store.nextDue(['discord'])).toBeUndefined();
      const a = await store.claimDue({
        now: 250,
        platforms: ['telegram'],
        limit: 10,
        owner: 'a',
        leaseMs: 1000,
      });
      expect(a.map((r) => r.slot)).toEqual(['7d', '1d']);
      expect(a.every((r) => r.status === 'sending')).toBe(true);
      expect(
        await store.claimDue({ now: 260, platforms: ['telegram'], limit: 10, owner: 'b', leaseMs: 1000 }),
      ).toEqual([]);
      expect(
        await store.claimDue({ now: 250, platforms: ['discord'], limit: 10, owner: 'b', leaseMs: 1000 }),
      ).toEqual([]);
      await store.markSent(a[0]?.key ?? '', 270, 'm', false);
      // Instance a died holding 1d: after the lease, b takes it.
      const b = await store.claimDue({
        now: 1300,
        platforms: ['telegram'],
        limit: 10,
        owner: 'b',
        leaseMs: 1000,
      });
      expect(b.map((r) => r.slot)).toEqual(['1d', '1h']);
      expect(
        await store.claimDue({ now: 1300, platforms: ['telegram'], limit: 1, owner: 'c', leaseMs: 1000 }),
      ).toEqual([]);
    });

    it('records retries, failures and skips, and reports them in the audit newest first', async () => {
      await store.applyLedgerChange(
        { insert: [post('7d', 100), post('1d', 200), post('1h', 300)], reschedule: [], cancel: [] },
        0,
      );
      await store.retryLater(post('7d', 0).key, 110, 5000, 'HTTP 502', true);
      expect(await store.getLedgerRow(post('7d', 0).key)).toMatchObject({
        status: 'planned',
        due: 5000,
        attempts: 1,
        lastError: 'HTTP 502',
      });
      await store.retryLater(post('7d', 0).key, 111, 6000, 'rate limited', false);
      expect((await store.getLedgerRow(post('7d', 0).key))?.attempts).toBe(1);
      await store.markFailed(post('1d', 0).key, 120, 'chat not found');
      await store.markSkipped(post('1h', 0).key, 130, 'stale');
      expect((await store.audit({ limit: 10 })).map((r) => `${r.slot} ${r.status} ${r.lastError}`)).toEqual([
        '1h skipped stale',
        '1d failed chat not found',
      ]);
      expect(await store.countLedger()).toMatchObject({ planned: 1, failed: 1, skipped: 1, sent: 0 });
    });
  });
}
