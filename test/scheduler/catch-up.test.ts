import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/delivery/rate-limiter.js';
import { judge } from '../../src/scheduler/catch-up.js';

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

describe('roundRobinByChat', () => {
  it('spreads one chat’s posts behind the other chats’ first posts, keeping order otherwise', async () => {
    const { roundRobinByChat } = await import('../../src/delivery/dispatcher.js');
    const rows = ['a1', 'a2', 'a3', 'b1', 'c1', 'b2'].map((id) => ({
      id,
      platform: 'telegram',
      chatId: id[0] ?? '',
    }));
    expect(roundRobinByChat(rows).map((r) => r.id)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });
});

describe('a rehearsal’s wider on-time window', () => {
  it('sends a digest 21 virtual minutes after its slot at 7200× without a "sent late" line', () => {
    const rehearsal = { ...policy, onTimeMs: 250 * 7200 };
    expect(judge({ kind: 'digest', due: 0 }, 21 * 60_000, rehearsal)).toEqual({
      action: 'send',
      late: false,
    });
    expect(judge({ kind: 'countdown', due: 0 }, 21 * 60_000, rehearsal)).toEqual({
      action: 'send',
      late: false,
    });
    // Beyond it a countdown is stale (folded into a catch-up); the default stays one minute.
    expect(judge({ kind: 'countdown', due: 0 }, 31 * 60_000, rehearsal)).toMatchObject({
      action: 'skip',
      fold: true,
    });
    expect(judge({ kind: 'digest', due: 0 }, 2 * 60_000, policy)).toMatchObject({ late: true });
  });
});
