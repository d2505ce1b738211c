import { describe, expect, it } from 'vitest';
import { chatOwner, shareOf, sharersByPlatform } from '../../src/cluster/partition.js';
import { DEFAULT_TIMINGS, liveMembers, Standing, validityMs } from '../../src/cluster/standing.js';

const chats = Array.from({ length: 3_000 }, (_, i) => String(-1001000000000 - i));
const owners = (members: string[]) => chats.map((c) => chatOwner(members, 'telegram', c));

describe('chats partitioned among the live instances (rendezvous hashing)', () => {
  it('gives every chat exactly one owner, the same whoever computes it and in whatever order the members are listed', () => {
    const a = owners(['a', 'b', 'c']);
    expect(owners(['c', 'a', 'b'])).toEqual(a);
    expect(new Set(a)).toEqual(new Set(['a', 'b', 'c']));
    expect(chatOwner([], 'telegram', '1')).toBeUndefined();
    expect(chatOwner(['solo'], 'telegram', '1')).toBe('solo');
  });

  it('spreads 3,000 chats within 10 % of an even third each', () => {
    const counts = new Map<string, number>();
    for (const owner of owners(['herald-1', 'herald-2', 'herald-3']))
      counts.set(owner ?? '', (counts.get(owner ?? '') ?? 0) + 1);
    for (const n of counts.values()) expect(Math.abs(n - 1000)).toBeLessThan(100);
  });

  it('moves only the chats of a member that leaves, and only chats to a member that joins', () => {
    const three = owners(['a', 'b', 'c']);
    const two = owners(['a', 'c']);
    const four = owners(['a', 'b', 'c', 'd']);
    chats.forEach((_, i) => {
      if (three[i] !== 'b') expect(two[i]).toBe(three[i]);
      if (four[i] !== 'd') expect(four[i]).toBe(three[i]);
    });
    const joined = four.filter((o) => o === 'd').length;
    expect(joined / chats.length).toBeGreaterThan(0.2);
    expect(joined / chats.length).toBeLessThan(0.3);
  });

  it('keys a chat by platform and id: the same id on two platforms may have two owners', () => {
    const differ = chats.filter(
      (c) => chatOwner(['a', 'b'], 'telegram', c) !== chatOwner(['a', 'b'], 'discord', c),
    );
    expect(differ.length).toBeGreaterThan(0);
  });

  it('shares each platform among the members that run it (one that announced nothing runs all)', () => {
    const announced = new Map([
      ['a', ['telegram', 'discord']],
      ['b', ['telegram']],
    ]);
    expect(sharersByPlatform(['a', 'b', 'c'], announced)).toEqual({
      discord: ['a', 'c'],
      telegram: ['a', 'b', 'c'],
    });
  });

  it('shares a platform budget evenly', () => {
    expect(shareOf(3)).toBeCloseTo(1 / 3);
    expect(shareOf(0)).toBe(1);
  });
});

describe('the live members', () => {
  const t = DEFAULT_TIMINGS;
  it('are those that beat within deadAfterMs and did not stop (a clean stop keeps its chats a short grace)', () => {
    const now = 100_000;
    const members = liveMembers(
      [
        { id: 'beating', incarnation: 'x', startedAt: 0, beatAt: now - 1_000 },
        { id: 'dead', incarnation: 'x', startedAt: 0, beatAt: now - t.deadAfterMs - 1 },
        { id: 'stopping', incarnation: 'x', startedAt: 0, beatAt: now, stoppedAt: now - 500 },
        { id: 'stopped', incarnation: 'x', startedAt: 0, beatAt: now, stoppedAt: now - t.stopGraceMs - 1 },
      ],
      'self',
      now,
      t,
    );
    expect(members).toEqual(['beating', 'self', 'stopping']);
  });
});

describe('the right to claim and send (standing)', () => {
  const t = DEFAULT_TIMINGS;

  it('comes at once to an instance alone, and lapses one beat before the others would call it dead', () => {
    const s = new Standing(t);
    expect(s.mayAct(0)).toBe(false);
    s.beat(1_000, 0);
    expect(s.mayAct(1_000)).toBe(true);
    expect(validityMs(t)).toBe(t.deadAfterMs - t.beatMs);
    expect(s.mayAct(1_000 + validityMs(t) - 1)).toBe(true);
    expect(s.mayAct(1_000 + validityMs(t))).toBe(false);
  });

  it('waits settleMs when it joins others, and again after its heartbeat lapsed', () => {
    const s = new Standing(t);
    s.beat(10_000, 2);
    expect(s.mayAct(10_000)).toBe(false);
    s.beat(11_000, 2);
    expect(s.mayAct(10_000 + t.settleMs - 1)).toBe(false);
    s.beat(12_000, 2);
    s.beat(13_000, 2);
    s.beat(14_000, 2);
    s.beat(15_000, 2);
    expect(s.mayAct(10_000 + t.settleMs)).toBe(true);
    // A stall: no beat for longer than its validity.
    expect(s.mayAct(15_000 + validityMs(t))).toBe(false);
    s.beat(30_000, 2);
    expect(s.mayAct(30_000)).toBe(false);
    expect(s.actsFrom()).toBe(30_000 + t.settleMs);
  });

  it('settles long enough for every other member to have seen the newcomer and for a chat it takes over to stay quiet a second', () => {
    expect(t.settleMs).toBeGreaterThanOrEqual(validityMs(t) + 1_000);
  });
});
