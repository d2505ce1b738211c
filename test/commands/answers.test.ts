import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundCommand } from '../../src/adapters/adapter.js';
import { HeraldApp } from '../../src/app.js';
import { upcoming } from '../../src/calendar/upcoming.js';
import type { Clock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { type LaunchEvent, localized, type Target } from '../../src/core/types.js';
import { PostComposer } from '../../src/delivery/composer.js';
import { ledgerKey, NO_EVENT } from '../../src/ledger/key.js';
import type { LedgerRow } from '../../src/ledger/row.js';
import { type OutboundMessage, renderPlain } from '../../src/messages/model.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { benchCalendar, community } from '../support/calendar-fixture.js';
import { testConfig } from '../support/config.js';

// The answers people read, on a calendar of 400 launches of several communities (half of them
// date-only, some live, cancelled, postponed or removed), recorded before the calendar
// queries moved into the store (__snapshots__): faster answers must be the same answers.
const NOW = Date.UTC(2026, 11, 1, 9, 30);
const clock: Clock = { now: () => NOW, setTimer: () => ({ id: 0 }), clearTimer: () => {} };

function variety(events: LaunchEvent[]): LaunchEvent[] {
  return events.map((e, i): LaunchEvent => {
    if (i % 17 === 3) return { ...e, status: 'cancelled' };
    if (i % 19 === 5) return { ...e, status: 'postponed' };
    if (i % 23 === 7) return { ...e, status: 'live' };
    if (i % 29 === 11) return { ...e, status: 'cancelled', removed: true };
    return e;
  });
}

const group = community(4);
const target: Target = {
  key: 'telegram:-1004',
  platform: 'telegram',
  chatId: '-1004',
  locale: 'fr',
  zone: 'Europe/Paris',
  follows: { tags: ['line3', 'it'], events: ['ev000010'] },
  kinds: ['countdown', 'digest'],
  enabled: true,
  source: 'command',
  owner: group,
};

let stores: SqliteStores;
let app: HeraldApp;

beforeAll(async () => {
  stores = new SqliteStores(':memory:');
  await stores.migrate();
  for (const event of variety(benchCalendar(400, NOW))) await stores.events.put(event);
  await stores.targets.put(target);
  app = new HeraldApp({
    config: testConfig({ owners: ['telegram:1'] }),
    stores,
    clock,
    logger: silentLogger(),
    adapters: [],
    instanceId: 'answers',
  });
});
afterAll(async () => {
  await stores.close();
});

async function ask(
  name: string,
  values: Record<string, string>,
  where: { chatId: string; chatKind: 'private' | 'group'; community: string; userId: string },
): Promise<string> {
  const replies: OutboundMessage[] = [];
  const command: InboundCommand = {
    platform: 'telegram',
    name,
    args: { kind: 'options', values },
    ...where,
    addressed: true,
    isChatAdmin: async () => false,
    reply: async (message) => {
      replies.push(message);
    },
  };
  await app.router.handle(command);
  return replies.map(renderPlain).join('\n---\n');
}

const inGroup = { chatId: '-1004', chatKind: 'group' as const, community: group, userId: '7' };
const otherGroup = {
  chatId: '-1006',
  chatKind: 'group' as const,
  community: community(6),
  userId: '8',
};
const operatorDm = { chatId: '1', chatKind: 'private' as const, community: 'telegram:chat:1', userId: '1' };

function digestRow(windowDays: number, locale: 'en' | 'fr' | 'it'): LedgerRow {
  return {
    key: ledgerKey(NO_EVENT, 'digest', '2026-12-01T10:30', target.key),
    eventId: NO_EVENT,
    kind: 'digest',
    slot: '2026-12-01T10:30',
    targetKey: target.key,
    platform: 'telegram',
    chatId: target.chatId,
    locale,
    zone: 'Europe/Paris',
    due: NOW,
    nextTry: NOW,
    status: 'sending',
    attempts: 0,
    late: false,
    updatedAt: NOW,
    payload: { type: 'digest', windowMs: windowDays * 86_400_000 },
  };
}

describe('answers at size', () => {
  it('next and events, in a community group, another group and an operator’s DM', async () => {
    const answers: Record<string, string> = {};
    for (const [label, where] of Object.entries({ inGroup, otherGroup, operatorDm })) {
      answers[`${label} /next`] = await ask('next', {}, where);
      answers[`${label} /events`] = await ask('events', {}, where);
      answers[`${label} /events line7`] = await ask('events', { tag: 'line7' }, where);
      answers[`${label} /events fr`] = await ask('events', { tag: 'fr' }, where);
      answers[`${label} /countdown ev000021`] = await ask('countdown', { id: 'ev000021' }, where);
    }
    expect(answers).toMatchSnapshot();
  });

  it('digests of the followed launches over a week and a month', async () => {
    const composer = new PostComposer(stores, true);
    const out: string[] = [];
    for (const [days, locale] of [
      [7, 'fr'],
      [30, 'en'],
      [45, 'it'],
    ] as const) {
      const composed = await composer.compose(digestRow(days, locale), NOW, false);
      out.push(
        composed.ok && composed.delivery.mode === 'post'
          ? renderPlain(composed.delivery.message)
          : JSON.stringify(composed),
      );
    }
    expect(out).toMatchSnapshot();
  });

  it('a digest lists the first 25 launches of its window and says how many more there are', async () => {
    const everything: Target = {
      ...target,
      key: 'telegram:-1005',
      chatId: '-1005',
      follows: { tags: ['*'], events: [] },
    };
    await stores.targets.put(everything);
    const composer = new PostComposer(stores, true);
    const row = digestRow(60, 'en');
    const composed = await composer.compose(
      { ...row, targetKey: everything.key, chatId: everything.chatId },
      NOW,
      false,
    );
    if (!composed.ok || composed.delivery.mode !== 'post') throw new Error(JSON.stringify(composed));
    const { lines } = composed.delivery.message;
    const all = upcoming(await stores.events.list(), NOW, {
      windowMs: 60 * 86_400_000,
      follower: everything,
    });
    expect(all.length).toBeGreaterThan(30);
    expect(lines).toHaveLength(26);
    expect(lines[0]).toContain(localized(all[0]?.title ?? {}, 'en'));
    expect(lines[24]).toContain(localized(all[24]?.title ?? {}, 'en'));
    expect(lines[25]).toBe(`…and ${all.length - 25} more in this window`);
  });
});
