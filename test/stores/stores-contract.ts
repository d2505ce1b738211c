import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LaunchEvent, Target } from '../../src/core/types.js';
import { inserting, NO_CHANGE } from '../../src/ledger/diff.js';
import type { PlannedPost } from '../../src/ledger/row.js';
import type { Stores } from '../../src/stores/stores.js';

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
  const targetKey = overrides.targetKey ?? 'telegram:-100';
  return {
    key: `mi8-fr|countdown|${slot}|${targetKey}`,
    eventId: 'mi8-fr',
    kind: 'countdown',
    slot,
    targetKey,
    platform: 'telegram',
    chatId: '-100',
    locale: 'fr',
    zone: 'Europe/Paris',
    due,
    ...overrides,
  };
}

const claimOf = (owner: string, now: number, limit = 10) => ({
  now,
  platforms: ['telegram' as const],
  limit,
  owner,
  leaseMs: 1_000,
});

/** What every implementation of the stores must do: SQLite and PostgreSQL run it. */
export function storesContract(name: string, open: () => Promise<Stores>): void {
  describe(`${name} stores contract`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await open();
      await stores.migrate();
    });
    afterEach(async () => {
      await stores.close();
    });

    it('migrates twice without harm', async () => {
      await stores.migrate();
      expect(await stores.events.list()).toEqual([]);
    });

    it('keeps events, targets, chat settings and platform references as given', async () => {
      const { events, targets, refs } = stores;
      await events.put(EVENT);
      await events.put({ ...EVENT, id: 'a-first' });
      expect(await events.get('mi8-fr')).toEqual(EVENT);
      expect((await events.list()).map((e) => e.id)).toEqual(['a-first', 'mi8-fr']);
      await events.delete('a-first');
      expect(await events.get('a-first')).toBeUndefined();
      await targets.put(TARGET);
      await targets.put({ ...TARGET, enabled: false, disabledReason: 'kicked' });
      expect(await targets.get(TARGET.key)).toEqual({ ...TARGET, enabled: false, disabledReason: 'kicked' });
      await targets.delete(TARGET.key);
      expect(await targets.list()).toEqual([]);
      expect(await targets.settings('x')).toEqual({});
      await targets.putSettings('x', { locale: 'it' });
      expect(await targets.settings('x')).toEqual({ locale: 'it' });
      await refs.put('k', '1');
      await refs.put('k', '2');
      expect(await refs.get('k')).toBe('2');
    });

    it('remembers where a chat moved, following a chain of moves', async () => {
      const { targets } = stores;
      expect(await targets.movedTo('telegram:-1')).toBeUndefined();
      await targets.recordMove('telegram:-1', 'telegram:-1001', 1);
      await targets.recordMove('telegram:-1001', 'telegram:-1002', 2);
      expect(await targets.movedTo('telegram:-1')).toBe('telegram:-1002');
      expect(await targets.movedTo('telegram:-1001')).toBe('telegram:-1002');
      expect(await targets.movedTo('telegram:-1002')).toBeUndefined();
    });

    it('keeps one subscription per person and topic', async () => {
      const { subscriptions } = stores;
      const sub = {
        platform: 'telegram' as const,
        userId: '42',
        topic: 'event:mi8-fr',
        originChatId: '-100',
        locale: 'fr' as const,
        zone: 'Europe/Paris',
        createdAt: 1,
      };
      expect(await subscriptions.add(sub)).toBe(true);
      expect(await subscriptions.add({ ...sub, createdAt: 2 })).toBe(false);
      expect(await subscriptions.add({ ...sub, topic: 'tag:mi8' })).toBe(true);
      expect(await subscriptions.list({ userId: '42' })).toHaveLength(2);
      expect(await subscriptions.list({ platform: 'discord' })).toHaveLength(0);
      expect(await subscriptions.remove('telegram', '42', 'tag:mi8')).toBe(1);
      expect(await subscriptions.remove('telegram', '42')).toBe(1);
      expect(await subscriptions.list()).toEqual([]);
    });

    it('inserts ledger rows once, moves, revives and cancels planned ones with a reason, never touches sent ones', async () => {
      const { ledger } = stores;
      expect(await ledger.apply(inserting([post('7d', 100), post('1d', 200)]), 0)).toBe(2);
      expect(await ledger.apply(inserting([post('7d', 999)]), 0)).toBe(0);
      expect(await ledger.get(post('7d', 0).key)).toMatchObject({
        due: 100,
        nextTry: 100,
        status: 'planned',
      });
      const [claimed] = await ledger.claim(claimOf('a', 150, 1));
      expect(claimed?.key).toBe(post('7d', 0).key);
      expect(
        await ledger.settle(post('7d', 0).key, 'a', 151, { status: 'sent', messageRef: 'm1', late: false }),
      ).toBe(true);
      await ledger.apply(
        {
          ...NO_CHANGE,
          move: [{ key: post('7d', 0).key, due: 500 }],
          cancel: [{ key: post('7d', 0).key, reason: 'milestone removed' }],
        },
        1,
      );
      expect(await ledger.get(post('7d', 0).key)).toMatchObject({
        status: 'sent',
        due: 100,
        messageRef: 'm1',
        sentAt: 151,
      });
      expect(await ledger.lastRef('mi8-fr', 'countdown', 'telegram:-100')).toBe('m1');
      await ledger.apply(
        { ...NO_CHANGE, cancel: [{ key: post('1d', 0).key, reason: 'event cancelled' }] },
        2,
      );
      expect(await ledger.get(post('1d', 0).key)).toMatchObject({
        status: 'cancelled',
        reason: 'event cancelled',
      });
      await ledger.apply({ ...NO_CHANGE, revive: [{ key: post('1d', 0).key, due: 300 }] }, 3);
      const revived = await ledger.get(post('1d', 0).key);
      expect(revived).toMatchObject({ status: 'planned', due: 300, nextTry: 300 });
      expect(revived?.reason).toBeUndefined();
      await ledger.apply({ ...NO_CHANGE, move: [{ key: post('1d', 0).key, due: 400 }] }, 4);
      expect(await ledger.get(post('1d', 0).key)).toMatchObject({
        status: 'planned',
        due: 400,
        nextTry: 400,
      });
      expect((await ledger.forEvent('mi8-fr')).map((r) => r.slot)).toEqual(['7d', '1d']);
      expect((await ledger.forTarget('telegram:-100')).map((r) => r.slot)).toEqual(['7d', '1d']);
      expect(await ledger.forTarget('telegram:-200')).toEqual([]);
    });

    it("lists an event's and a chat's rows by slot time, then by key in code-unit order", async () => {
      const { ledger } = stores;
      await ledger.apply(inserting(['b', 'B', 'a_', 'a-', 'é'].map((slot) => post(slot, 100))), 0);
      const slots = ['B', 'a-', 'a_', 'b', 'é'];
      expect((await ledger.forEvent('mi8-fr')).map((r) => r.slot)).toEqual(slots);
      expect((await ledger.forTarget('telegram:-100')).map((r) => r.slot)).toEqual(slots);
    });

    it('keeps the plan stamp apart from platform references, and forgets it when cleared', async () => {
      const { ledger, refs } = stores;
      expect(await ledger.planStamp()).toBeUndefined();
      await ledger.setPlanStamp('v1');
      await ledger.setPlanStamp('v2');
      await refs.put('ledger:plan-stamp', 'a reference');
      expect(await ledger.planStamp()).toBe('v2');
      await ledger.setPlanStamp(undefined);
      expect(await ledger.planStamp()).toBeUndefined();
      expect(await refs.get('ledger:plan-stamp')).toBe('a reference');
    });

    it('claims due rows under a lease that another instance takes only once it runs out', async () => {
      const { ledger } = stores;
      await ledger.apply(inserting([post('7d', 100), post('1d', 200), post('1h', 300)]), 0);
      expect(await ledger.nextWake(['telegram'])).toBe(100);
      expect(await ledger.nextWake(['discord'])).toBeUndefined();
      const a = await ledger.claim(claimOf('a', 250));
      expect(a.map((r) => `${r.slot} ${r.status} ${r.leaseOwner}`)).toEqual(['7d sending a', '1d sending a']);
      expect(await ledger.claim(claimOf('b', 260))).toEqual([]);
      expect(await ledger.nextWake(['telegram'])).toBe(300);
      expect(await ledger.settle(a[0]?.key ?? '', 'a', 270, { status: 'sent', late: false })).toBe(true);
      // Instance a died holding 1d: after the lease, b takes it; a can no longer settle it.
      const b = await ledger.claim(claimOf('b', 1300));
      expect(b.map((r) => r.slot)).toEqual(['1d', '1h']);
      expect(await ledger.settle(post('1d', 0).key, 'a', 1301, { status: 'sent', late: false })).toBe(false);
      expect(await ledger.claim(claimOf('c', 1300, 1))).toEqual([]);
      expect(await ledger.get(post('1d', 0).key)).toMatchObject({ status: 'sending', leaseOwner: 'b' });
    });

    it('renews the leases an instance holds, and hands them back at once when it restarts', async () => {
      const { ledger } = stores;
      await ledger.apply(inserting([post('7d', 100), post('1d', 200)]), 0);
      await ledger.claim(claimOf('a', 250));
      expect(await ledger.renew('a', 5_000, 900)).toBe(2);
      expect(await ledger.claim(claimOf('b', 2_000))).toEqual([]);
      expect(await ledger.nextWake(['telegram'])).toBe(5_000);
      expect(await ledger.releaseAll('a', 2_100)).toBe(2);
      expect(await ledger.get(post('7d', 0).key)).toMatchObject({
        status: 'planned',
        due: 100,
        nextTry: 100,
        attempts: 0,
      });
      expect((await ledger.claim(claimOf('a', 2_200))).map((r) => r.slot)).toEqual(['7d', '1d']);
      expect(await ledger.release(post('1d', 0).key, 'a', 2_300)).toBe(true);
      expect(await ledger.release(post('1d', 0).key, 'a', 2_300)).toBe(false);
      expect(await ledger.get(post('1d', 0).key)).toMatchObject({ status: 'planned', nextTry: 200 });
    });

    it('hands back the rows an instance let go of after a failed pass, keeping those it still has in hand', async () => {
      const { ledger } = stores;
      await ledger.apply(inserting([post('7d', 100), post('1d', 200), post('1h', 300)]), 0);
      expect(await ledger.claim(claimOf('a', 400))).toHaveLength(3);
      expect(await ledger.releaseAll('a', 500, [post('1d', 0).key])).toBe(2);
      expect(await ledger.get(post('7d', 0).key)).toMatchObject({ status: 'planned' });
      expect(await ledger.get(post('1h', 0).key)).toMatchObject({ status: 'planned' });
      expect(await ledger.get(post('1d', 0).key)).toMatchObject({ status: 'sending', leaseOwner: 'a' });
      expect(await ledger.settle(post('1d', 0).key, 'a', 600, { status: 'sent', late: false })).toBe(true);
    });

    it('keeps the slot when a row waits for a retry, and reports outcomes newest first with their reasons', async () => {
      const { ledger } = stores;
      await ledger.apply(inserting([post('7d', 100), post('1d', 200), post('1h', 300)]), 0);
      await ledger.claim(claimOf('a', 300));
      await ledger.settle(post('1d', 0).key, 'a', 320, { status: 'failed', reason: 'chat not found' });
      await ledger.settle(post('1h', 0).key, 'a', 330, { status: 'skipped', reason: 'stale' });
      await ledger.retry(post('7d', 0).key, 'a', 310, {
        nextTry: 5_000,
        error: 'HTTP 502',
        countAttempt: true,
      });
      expect(await ledger.get(post('7d', 0).key)).toMatchObject({
        status: 'planned',
        due: 100,
        nextTry: 5_000,
        attempts: 1,
        lastError: 'HTTP 502',
      });
      expect(await ledger.claim(claimOf('a', 4_999))).toEqual([]);
      await ledger.claim(claimOf('a', 5_000));
      await ledger.retry(post('7d', 0).key, 'a', 5_001, {
        nextTry: 6_000,
        error: 'rate limited',
        countAttempt: false,
      });
      expect((await ledger.get(post('7d', 0).key))?.attempts).toBe(1);
      expect((await ledger.audit({ limit: 10 })).map((r) => `${r.slot} ${r.status} ${r.reason}`)).toEqual([
        '1h skipped stale',
        '1d failed chat not found',
      ]);
      expect(await ledger.audit({ limit: 10, targetKeys: ['telegram:-200'] })).toEqual([]);
      expect(await ledger.audit({ limit: 10, targetKeys: [] })).toEqual([]);
      expect(await ledger.count()).toMatchObject({ planned: 1, failed: 1, skipped: 1, sent: 0, sending: 0 });
    });

    it('counts the planned rows due by an instant, per platform, overdue ones included', async () => {
      const { ledger } = stores;
      await ledger.apply(
        inserting([
          post('7d', 1_000),
          post('3d', 50_000),
          post('1d', 61_000),
          post('1h', 2_000, { targetKey: 'discord:42', platform: 'discord', chatId: '42' }),
        ]),
        0,
      );
      expect(await ledger.dueBy(60_000)).toEqual({ console: 0, telegram: 2, discord: 1 });
      await ledger.claim(claimOf('a', 1_000));
      // Claimed: no longer waiting to be sent.
      expect(await ledger.dueBy(60_000)).toEqual({ console: 0, telegram: 1, discord: 1 });
      await ledger.retry(post('7d', 0).key, 'a', 1_500, { nextTry: 90_000, error: 'x', countAttempt: true });
      expect(await ledger.dueBy(60_000)).toEqual({ console: 0, telegram: 1, discord: 1 });
      expect(await ledger.dueBy(100_000)).toEqual({ console: 0, telegram: 3, discord: 1 });
    });

    it("takes instants with fractions of a millisecond (a rate limiter's spacing), never trying earlier", async () => {
      const { ledger } = stores;
      await ledger.apply(inserting([post('7d', 100)]), 0.5);
      await ledger.claim(claimOf('a', 150.25));
      await ledger.retry(post('7d', 0).key, 'a', 160.7, {
        nextTry: 5_000.4,
        error: 'rate limited',
        countAttempt: false,
      });
      expect(await ledger.claim(claimOf('a', 5_000))).toEqual([]);
      expect((await ledger.claim(claimOf('a', 5_001))).map((r) => r.slot)).toEqual(['7d']);
      expect(await ledger.renew('a', 9_000.5, 5_001.5)).toBe(1);
      expect(await ledger.settle(post('7d', 0).key, 'a', 5_002.9, { status: 'sent', late: true })).toBe(true);
      expect(await ledger.get(post('7d', 0).key)).toMatchObject({ status: 'sent', due: 100 });
      await stores.instances.register('host-a', 'i1', 10.5);
      await stores.instances.beat('host-a', 20.5);
      expect((await stores.instances.list()).map((i) => i.id)).toEqual(['host-a']);
    });

    it('registers instances with heartbeats, and tells a restart what its previous run left', async () => {
      const { instances } = stores;
      expect(await instances.register('host-a', 'i1', 100)).toBeUndefined();
      await instances.beat('host-a', 200);
      await instances.beat('host-a', 150);
      const previous = await instances.register('host-a', 'i2', 300);
      expect(previous).toEqual({ id: 'host-a', incarnation: 'i1', startedAt: 100, beatAt: 200 });
      await instances.retire('host-a', 400);
      expect(await instances.list()).toEqual([
        { id: 'host-a', incarnation: 'i2', startedAt: 300, beatAt: 400, stoppedAt: 400 },
      ]);
    });
  });
}
