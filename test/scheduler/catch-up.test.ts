import { describe, expect, it } from 'vitest';
import type { LedgerRow, PlannedPost } from '../../src/calendar/store.js';
import { judge } from '../../src/scheduler/catch-up.js';
import { RateLimiter } from '../../src/scheduler/rate-limiter.js';
import { diffPlan } from '../../src/scheduler/replan.js';

const policy = { graceMs: 15 * 60_000, stale: 'digest' as const };

describe('judge (the catch-up policy)', () => {
  it('sends on time, sends late within the grace window, folds stale countdowns, keeps notices', () => {
    expect(judge({ kind: 'countdown', due: 0 }, 30_000, policy)).toEqual({ action: 'send', late: false });
    expect(judge({ kind: 'countdown', due: 0 }, 5 * 60_000, policy)).toEqual({ action: 'send', late: true });
    expect(judge({ kind: 'live', due: 0 }, 16 * 60_000, policy)).toEqual({
      action: 'skip',
      reason: 'stale: 16 min past due',
      fold: true,
    });
    expect(judge({ kind: 'changed', due: 0 }, 86_400_000, policy)).toEqual({ action: 'send', late: true });
    expect(judge({ kind: 'digest', due: 0 }, 86_400_000, policy)).toMatchObject({
      action: 'skip',
      fold: false,
    });
    expect(judge({ kind: 'reminder', due: 0 }, 86_400_000, { ...policy, stale: 'skip' })).toMatchObject({
      action: 'skip',
      fold: false,
    });
  });
});

describe('RateLimiter', () => {
  it('spaces one chat at 1/s and the whole platform at 30/s', () => {
    const limiter = new RateLimiter({ perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 }, 1);
    expect([0, 0, 0].map(() => limiter.reserve(0, 'a', false))).toEqual([0, 1000, 2000]);
    const other = new RateLimiter({ perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 }, 1);
    const slots = Array.from({ length: 60 }, (_, i) => other.reserve(0, `chat${i}`, false));
    expect(slots[29]).toBeCloseTo(966.67, 1);
    expect(slots[59]).toBeCloseTo(1966.67, 1);
  });

  it('keeps a group under 20 messages a minute', () => {
    const limiter = new RateLimiter({ perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 }, 1);
    const slots = Array.from({ length: 21 }, () => limiter.reserve(0, '-100', true));
    expect(slots[19]).toBe(19_000);
    expect(slots[20]).toBe(60_000);
  });
});

describe('RateLimiter.admit', () => {
  it('holds back a late burst so no second carries more than the limit (2% headroom)', () => {
    const limiter = new RateLimiter({ perSecond: 50, perChatPerSecond: 1, perGroupPerMinute: 20 });
    const admitted = Array.from({ length: 60 }, (_, i) => limiter.admit(500, `c${i}`, false));
    expect(admitted.filter((wait) => wait === 0)).toHaveLength(49);
    expect(admitted[49]).toBe(1000);
    expect(limiter.admit(1500, 'late', false)).toBe(0);
    expect(limiter.admit(1500, 'late', false)).toBe(1000);
  });
});

describe('diffPlan', () => {
  const row = (
    key: string,
    due: number,
    status: LedgerRow['status'],
    kind: LedgerRow['kind'] = 'countdown',
  ): LedgerRow => ({
    key,
    eventId: 'e',
    kind,
    slot: key,
    targetKey: 't',
    platform: 'telegram',
    chatId: '-1',
    locale: 'en',
    zone: 'UTC',
    due,
    status,
    attempts: 0,
    late: false,
    updatedAt: 0,
  });
  const want = (key: string, due: number): PlannedPost => ({
    key,
    eventId: 'e',
    kind: 'countdown',
    slot: key,
    targetKey: 't',
    platform: 'telegram',
    chatId: '-1',
    locale: 'en',
    zone: 'UTC',
    due,
  });

  it('inserts what is new and ahead, moves what moved, cancels what is no longer wanted, leaves history alone', () => {
    const existing = [
      row('a', 100, 'planned'),
      row('b', 200, 'planned'),
      row('c', 50, 'sent'),
      row('d', 300, 'planned'),
      row('n', 10, 'planned', 'changed'),
      row('x', 400, 'cancelled'),
    ];
    const diff = diffPlan(
      existing,
      [want('a', 100), want('b', 250), want('c', 500), want('e', 600), want('f', 5), want('x', 450)],
      60,
    );
    expect(diff).toEqual({
      insert: [want('e', 600)],
      reschedule: [
        { key: 'b', due: 250 },
        { key: 'x', due: 450 },
      ],
      cancel: ['d'],
    });
    // A pending post moved into the past is cancelled (the change notice tells people instead).
    expect(diffPlan([row('a', 100, 'planned')], [want('a', 10)], 60).cancel).toEqual(['a']);
  });
});

describe('roundRobinByChat', () => {
  it('spreads one chat’s posts behind the other chats’ first posts, keeping order otherwise', async () => {
    const { roundRobinByChat } = await import('../../src/scheduler/dispatcher.js');
    const rows = ['a1', 'a2', 'a3', 'b1', 'c1', 'b2'].map((id) => ({
      id,
      platform: 'telegram',
      chatId: id[0] ?? '',
    }));
    expect(roundRobinByChat(rows).map((r) => r.id)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });
});
