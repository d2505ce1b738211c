import { describe, expect, it } from 'vitest';
import { diffPlan } from '../../src/ledger/diff.js';
import type { LedgerRow, PlannedPost } from '../../src/ledger/row.js';

const want = (key: string, due: number, kind: PlannedPost['kind'] = 'countdown'): PlannedPost => ({
  key,
  eventId: 'e',
  kind,
  slot: key,
  targetKey: 'telegram:-1',
  platform: 'telegram',
  chatId: '-1',
  locale: 'en',
  zone: 'UTC',
  due,
});
const row = (
  key: string,
  due: number,
  status: LedgerRow['status'],
  extra: Partial<LedgerRow> = {},
): LedgerRow => ({
  ...want(key, due, extra.kind),
  status,
  nextTry: due,
  attempts: 0,
  late: false,
  updatedAt: 0,
  ...extra,
});

describe('diffPlan', () => {
  const unwanted = () => 'target unfollowed' as const;

  it('inserts what is new and ahead, moves what moved, revives, cancels what is no longer wanted, leaves history alone', () => {
    const existing = [
      row('a', 100, 'planned'),
      row('b', 200, 'planned'),
      row('c', 50, 'sent'),
      row('d', 300, 'planned'),
      row('n', 10, 'planned', { kind: 'changed' }),
      row('x', 400, 'cancelled'),
    ];
    const diff = diffPlan(
      existing,
      [want('a', 100), want('b', 250), want('c', 500), want('e', 600), want('f', 5), want('x', 450)],
      60,
      unwanted,
    );
    expect(diff).toEqual({
      insert: [want('e', 600)],
      move: [{ key: 'b', due: 250 }],
      revive: [{ key: 'x', due: 450 }],
      cancel: [{ key: 'd', reason: 'target unfollowed' }],
    });
  });

  it('cancels a post whose slot moved into the past, saying so', () => {
    expect(diffPlan([row('a', 100, 'planned')], [want('a', 10)], 60, unwanted).cancel).toEqual([
      { key: 'a', reason: 'milestone passed' },
    ]);
  });

  it('leaves a post waiting for a retry or a rate-limit slot alone: it compares slots, never next tries', () => {
    const waiting = [
      row('r429', 100, 'planned', { nextTry: 107, lastError: 'rate limited for 7000 ms' }),
      row('r5xx', 100, 'planned', { nextTry: 2_100, attempts: 1 }),
      row('busy', 100, 'sending', { nextTry: 100 }),
    ];
    const diff = diffPlan(
      waiting,
      [want('r429', 100), want('r5xx', 100), want('busy', 100)],
      3_000,
      unwanted,
    );
    expect(diff).toEqual({ insert: [], move: [], revive: [], cancel: [] });
    // Even a row being sent that nobody wants any more is left to its sender.
    expect(diffPlan(waiting, [], 3_000, unwanted).cancel.map((c) => c.key)).toEqual(['r429', 'r5xx']);
  });

  it('gives a row migrated from an older Herald its slot back, even a past one, without cancelling it', () => {
    const migrated = row('m', 0, 'planned', { nextTry: 5_000, lastError: 'rate limited for 1000 ms' });
    expect(diffPlan([migrated], [want('m', 100)], 3_000, unwanted)).toEqual({
      insert: [],
      move: [{ key: 'm', due: 100 }],
      revive: [],
      cancel: [],
    });
  });

  it('catches a native sync up at once, and never moves one already planned into the past', () => {
    const sync = { ...want('s', 10, 'native'), catchUp: true };
    expect(diffPlan([], [sync], 60, unwanted).insert).toEqual([{ ...sync, due: 60 }]);
    expect(diffPlan([row('s', 60, 'planned', { kind: 'native' })], [sync], 70, unwanted)).toEqual({
      insert: [],
      move: [],
      revive: [],
      cancel: [],
    });
  });
});
