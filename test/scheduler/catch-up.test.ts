import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Admission,
  IN_FLIGHT_RECHECK_MS,
  RateLimiter,
  type SendPermit,
} from '../../src/delivery/rate-limiter.js';
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
  const go = (a: Admission) => (a.go ? a.permit : undefined);
  const waitOf = (a: Admission) => (a.go ? 0 : a.waitMs);

  it('holds back a late burst so no second carries more than the limit', () => {
    const limiter = new RateLimiter({ perSecond: 50, perChatPerSecond: 1, perGroupPerMinute: 20 });
    const admitted = Array.from({ length: 60 }, (_, i) => limiter.admit(500, `c${i}`, false));
    expect(admitted.filter((a) => a.go)).toHaveLength(50);
    for (const a of admitted) go(a)?.done(520);
    // While the first 50 are in flight the 51st asks again shortly; once they were answered, it
    // waits until a second after the answers.
    expect(admitted[50]).toMatchObject({ go: false, answers: true });
    expect(waitOf(limiter.admit(1519, 'late', false))).toBe(1);
    const late = limiter.admit(1520, 'late', false);
    expect(late.go).toBe(true);
    go(late)?.done(1530);
    expect(waitOf(limiter.admit(1530, 'late', false))).toBe(1000);
  });

  it('counts a send until its answer is back: a slow platform slows the flow instead of collecting 429s', async () => {
    const limiter = new RateLimiter({ perSecond: 2, perChatPerSecond: 1, perGroupPerMinute: 20 });
    const a = go(limiter.admit(0, 'a', false));
    const b = go(limiter.admit(0, 'b', false));
    expect(a && b).toBeDefined();
    // Neither answered after 5 s: both may still be counted in the platform's current second.
    expect(limiter.admit(5_000, 'c', false)).toEqual({
      go: false,
      waitMs: IN_FLIGHT_RECHECK_MS,
      answers: true,
    });
    // The dispatcher waits for the next answer rather than a timer.
    let woke = false;
    void limiter.nextAnswer().then(() => {
      woke = true;
    });
    a?.done(5_000);
    await Promise.resolve();
    expect(woke).toBe(true);
    expect(waitOf(limiter.admit(5_500, 'c', false))).toBe(500);
    expect(limiter.admit(6_000, 'c', false).go).toBe(true);
  });

  it('forgets a cancelled send (nothing left the process)', () => {
    const limiter = new RateLimiter({ perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 });
    go(limiter.admit(0, 'a', false))?.cancel();
    expect(limiter.admit(1, 'a', false).go).toBe(true);
  });

  it('never lets any window of the platform hold more than the limit, whenever the requests arrive', () => {
    // Each send is counted by the platform at an arbitrary instant between admission and answer.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 400 }),
            chat: fc.integer({ min: 0, max: 3 }),
            latency: fc.integer({ min: 0, max: 1_500 }),
            arrival: fc.double({ min: 0, max: 1, noNaN: true }),
          }),
          { maxLength: 120 },
        ),
        (sends) => {
          const limiter = new RateLimiter({ perSecond: 5, perChatPerSecond: 1, perGroupPerMinute: 20 });
          limiter.setShare(0.6);
          const open: { permit: SendPermit; at: number }[] = [];
          const counted: { at: number; chat: number }[] = [];
          let now = 0;
          for (const s of sends) {
            now += s.gap;
            for (const o of open.filter((o) => o.at <= now)) o.permit.done(o.at);
            open.splice(0, open.length, ...open.filter((o) => o.at > now));
            const a = limiter.admit(now, `c${s.chat}`, true);
            if (!a.go) continue;
            open.push({ permit: a.permit, at: now + s.latency });
            counted.push({ at: now + s.arrival * s.latency, chat: s.chat });
          }
          for (const c of counted) {
            const inSecond = counted.filter((o) => o.at >= c.at && o.at < c.at + 1000);
            expect(inSecond.length).toBeLessThanOrEqual(3);
            expect(inSecond.filter((o) => o.chat === c.chat).length).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
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
