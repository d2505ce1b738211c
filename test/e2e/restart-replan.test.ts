import { describe, expect, it, vi } from 'vitest';
import type { LedgerRow } from '../../src/ledger/row.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { type Harness, startHarness } from '../support/harness.js';

const target = (chat: string, follows: Record<string, string[]>) => ({
  platform: 'telegram',
  chat,
  locale: 'fr',
  follows,
  kinds: ['countdown', 'live', 'notice'],
});

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['7d', '1d', '1h', '0'] },
  targets: [target('-100', { tags: ['mi8'] })],
};

/** Every ledger row of these events, as stored (updatedAt included: a row written again shows). */
async function rowsOf(h: Harness, ...events: string[]): Promise<LedgerRow[]> {
  return (await Promise.all(events.map((id) => h.stores.ledger.forEvent(id)))).flat();
}

/** Watches what the next start asks of the ledger (until the returned function stops it). */
function watchLedger(stores: SqliteStores) {
  const forEvent = vi.spyOn(stores.ledger, 'forEvent');
  const apply = vi.spyOn(stores.ledger, 'apply');
  return {
    replannedEvents: () => [...new Set(forEvent.mock.calls.map(([id]) => id))],
    writes: () => apply.mock.calls.length,
    stop: () => {
      forEvent.mockRestore();
      apply.mockRestore();
    },
  };
}

describe('a restart re-plans what changed, and only that', () => {
  it('plans a launch a command wrote but did not plan before the process died, and only that one', async () => {
    let h = await startHarness(testConfig(settings, [MI8_FR]), '2018-05-14T00:00:00Z');
    await h.app.stop();
    // As if killed between writing the launch and planning it (an import, an event_add).
    const mi8It = (await h.stores.events.get('mi8-fr')) ?? expect.unreachable();
    await h.stores.events.put({ ...mi8It, id: 'mi8-it', source: 'import', configHash: undefined } as never);
    expect(await rowsOf(h, 'mi8-it')).toEqual([]);
    const watch = watchLedger(h.stores);
    h = await h.restart('2018-05-14T01:00:00Z');
    expect(watch.replannedEvents()).toEqual(['mi8-it']);
    watch.stop();
    expect((await rowsOf(h, 'mi8-it')).filter((r) => r.status === 'planned').length).toBeGreaterThan(0);
    // Planned now: the next start re-plans nothing.
    await h.app.stop();
    const again = watchLedger(h.stores);
    h = await h.restart('2018-05-14T02:00:00Z');
    expect(again.replannedEvents()).toEqual([]);
    again.stop();
    await h.app.stop();
  });

  it('with the config unchanged: no event is re-planned, the ledger is untouched, nobody hears anything', async () => {
    let h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-14T00:00:00Z');
    await h.clock.advanceTo('2018-05-16T00:00:00Z'); // mi8-fr's 7d post went out
    const before = await rowsOf(h, 'mi8-fr', 'mi8-it');
    expect(before.filter((r) => r.status === 'sent')).toHaveLength(1);
    await h.app.stop();

    const watch = watchLedger(h.stores);
    h = await h.restart('2018-05-16T06:00:00Z');
    expect(watch.replannedEvents()).toEqual([]);
    expect(watch.writes()).toBe(0);
    watch.stop();
    expect(await rowsOf(h, 'mi8-fr', 'mi8-it')).toEqual(before);
    await h.clock.advance(60_000);
    expect(h.adapters.telegram.posts).toEqual([]);
    await h.app.stop();
  });

  it('with one event edited in the file: that event alone is re-planned, and the chat that heard of it is told once', async () => {
    let h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-14T00:00:00Z');
    await h.clock.advanceTo('2018-05-16T00:00:00Z');
    const italy = await rowsOf(h, 'mi8-it');
    await h.app.stop();

    const watch = watchLedger(h.stores);
    const later = { ...MI8_FR, start: '2018-05-22T16:00' }; // two hours later
    h = await startHarness(testConfig(settings, [later, MI8_IT]), '2018-05-16T06:00:00Z', h.stores, h.clock);
    expect(watch.replannedEvents()).toEqual(['mi8-fr']);
    watch.stop();
    expect(await rowsOf(h, 'mi8-it')).toEqual(italy);
    const france = await rowsOf(h, 'mi8-fr');
    expect(france.find((r) => r.slot === '1h' && r.kind === 'countdown')).toMatchObject({
      status: 'planned',
      due: Date.parse('2018-05-22T13:00:00Z'),
    });
    await h.clock.advance(5_000);
    expect(h.adapters.telegram.posts.map((p) => p.message.kind)).toEqual(['changed']);
    await h.app.stop();
  });

  it('with new milestones or a new target: every event is re-planned', async () => {
    let h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-14T00:00:00Z');
    await h.app.stop();

    const moreMilestones = { ...settings, countdown: { milestones: ['7d', '3d', '1d', '1h', '0'] } };
    h = await startHarness(
      testConfig(moreMilestones, [MI8_FR, MI8_IT]),
      '2018-05-14T01:00:00Z',
      h.stores,
      h.clock,
    );
    for (const id of ['mi8-fr', 'mi8-it'])
      expect((await rowsOf(h, id)).filter((r) => r.slot === '3d').map((r) => r.status)).toEqual(['planned']);
    await h.app.stop();

    const moreTargets = {
      ...moreMilestones,
      targets: [...settings.targets, target('-200', { tags: ['mi8'] })],
    };
    h = await startHarness(
      testConfig(moreTargets, [MI8_FR, MI8_IT]),
      '2018-05-14T02:00:00Z',
      h.stores,
      h.clock,
    );
    for (const id of ['mi8-fr', 'mi8-it'])
      expect((await rowsOf(h, id)).filter((r) => r.targetKey === 'telegram:-200')).toHaveLength(5);
    await h.app.stop();

    // Back to the first milestones: the 3d posts no one wants any more end, with the reason.
    const firstMilestones = { ...moreTargets, countdown: settings.countdown };
    h = await startHarness(
      testConfig(firstMilestones, [MI8_FR, MI8_IT]),
      '2018-05-14T03:00:00Z',
      h.stores,
      h.clock,
    );
    const threeDays = (await rowsOf(h, 'mi8-fr', 'mi8-it')).filter((r) => r.slot === '3d');
    expect(threeDays.map((r) => `${r.status}: ${r.reason}`)).toEqual(
      Array(4).fill('cancelled: milestone removed'),
    );
    await h.app.stop();
  });

  it('after a start that failed half-way through planning, the next one plans every event', async () => {
    const stores = new SqliteStores(':memory:');
    const clock = new FakeClock('2018-05-14T00:00:00Z');
    const config = testConfig(settings, [MI8_FR, MI8_IT]);
    const apply = vi.spyOn(stores.ledger, 'apply').mockRejectedValueOnce(new Error('disk I/O error'));
    await expect(startHarness(config, '2018-05-14T00:00:00Z', stores, clock)).rejects.toThrow(
      'disk I/O error',
    );
    apply.mockRestore();
    // The events are stored with their entries' hashes, yet the ledger was never written.
    expect((await stores.events.list()).map((e) => e.id)).toEqual(['mi8-fr', 'mi8-it']);
    expect(await stores.ledger.planStamp()).toBeUndefined();

    const h = await startHarness(config, '2018-05-14T01:00:00Z', stores, clock);
    for (const id of ['mi8-fr', 'mi8-it']) expect(await rowsOf(h, id)).toHaveLength(4);
    expect(await stores.ledger.planStamp()).toBeDefined();
    await h.app.stop();
  });
});
