import { describe, expect, it } from 'vitest';
import { changesBetween } from '../../src/calendar/changes.js';
import type { LaunchEvent } from '../../src/core/types.js';
import type { LedgerRow } from '../../src/ledger/row.js';
import { planNotices } from '../../src/scheduler/notices.js';

const before: LaunchEvent = {
  id: 'mi8-fr',
  title: { en: 'Mi 8 launch — France', fr: 'Lancement du Mi 8 — France' },
  description: {},
  start: { kind: 'instant', at: Date.parse('2018-05-22T12:00:00Z') },
  zone: 'Europe/Paris',
  city: 'Paris',
  links: [],
  tags: ['mi8'],
  status: 'scheduled',
  source: 'config',
  revision: 1,
};

const heard = (targetKey: string, locale: 'en' | 'fr'): LedgerRow => ({
  key: `mi8-fr|countdown|7d|${targetKey}`,
  eventId: 'mi8-fr',
  kind: 'countdown',
  slot: '7d',
  targetKey,
  platform: 'telegram',
  chatId: targetKey.split(':')[1] ?? '',
  locale,
  zone: 'Europe/Paris',
  due: 0,
  nextTry: 0,
  status: 'sent',
  attempts: 1,
  late: false,
  updatedAt: 0,
});

const history = [heard('telegram:-1', 'en'), heard('telegram:-2', 'fr')];
const plan = (after: LaunchEvent) =>
  planNotices(after, changesBetween(before, after), history, 5, (row) => row).map(
    (n) =>
      `${n.targetKey} ${n.kind} ${n.payload?.type === 'change' ? n.payload.changes.map((c) => c.field).join() : ''}`,
  );

describe('change notices', () => {
  it('tell each chat only what changed in what it reads', () => {
    // An English title edit is no news to the French group.
    expect(plan({ ...before, revision: 2, title: { ...before.title, en: 'Mi 8 — France' } })).toEqual([
      'telegram:-1 changed title',
    ]);
    expect(
      plan({ ...before, revision: 2, title: { ...before.title, fr: 'Mi 8 — France' }, city: 'Lyon' }),
    ).toEqual(['telegram:-1 changed start,city', 'telegram:-2 changed start,title,city']);
    expect(plan({ ...before, revision: 2, status: 'cancelled' })).toEqual([
      'telegram:-1 cancelled status',
      'telegram:-2 cancelled status',
    ]);
  });

  it('fall back to the language a chat reads when its own is missing', () => {
    const onlyEnglish = { ...before, title: { en: 'Mi 8 launch' } };
    const after = { ...onlyEnglish, revision: 2, title: { en: 'Mi 8 launch!' } };
    const notices = planNotices(after, changesBetween(onlyEnglish, after), history, 5, (row) => row);
    expect(notices.map((n) => n.targetKey)).toEqual(['telegram:-1', 'telegram:-2']);
  });
});
