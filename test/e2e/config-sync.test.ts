import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { InboundCommand } from '../../src/adapters/adapter.js';
import { HeraldApp } from '../../src/app.js';
import { envSchema } from '../../src/config/env.js';
import type { HeraldConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { createLogger } from '../../src/core/logger.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import type { FakeClock } from '../fakes/fake-clock.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { type Harness, startHarness } from '../support/harness.js';

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['7d', '1d', '1h', '0'] },
  targets: [
    {
      platform: 'telegram',
      chat: '-100',
      locale: 'fr',
      follows: { tags: ['mi8'] },
      kinds: ['countdown', 'live', 'notice'],
    },
    {
      platform: 'discord',
      chat: '448000000000000555',
      locale: 'it',
      zone: 'Europe/Rome',
      follows: { events: ['mi8-it'] },
      kinds: ['countdown', 'live', 'notice'],
    },
  ],
};

/** The operator (a configured owner) types a command in a private chat, as an adapter hands it over. */
async function operatorSays(h: Harness, name: string, text: string): Promise<OutboundMessage[]> {
  const replies: OutboundMessage[] = [];
  const command = {
    platform: 'console',
    name,
    args: { kind: 'text', text },
    chatId: 'operator',
    chatKind: 'private',
    community: 'console:chat:operator',
    addressed: true,
    userId: 'operator',
    isChatAdmin: async () => true,
    reply: async (message: OutboundMessage) => {
      replies.push(message);
    },
  } as InboundCommand;
  await h.adapters.console.handlers?.onCommand(command);
  await h.clock.advance(0);
  return replies;
}

/** Herald started on an existing store with a logger whose JSON lines the test reads. */
async function startLogged(config: HeraldConfig, stores: SqliteStores, clock: FakeClock) {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const telegram = new RecordingAdapter('telegram', () => clock.now());
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger: createLogger({ level: 'info', destination }),
    adapters: [telegram, new RecordingAdapter('discord', () => clock.now())],
    instanceId: 'test',
    jitter: () => 0,
    schedulerCapMs: 3_600_000,
  });
  await app.start();
  await clock.advance(0);
  return { app, telegram, lines };
}

const kinds = (adapter: RecordingAdapter, event: string) =>
  adapter.posts.filter((p) => p.message.eventId === event).map((p) => p.message.kind);

describe('config sync on start: operators and the file', () => {
  it('an operator’s cancellation survives restarts until the file changes that event; then the file wins, with a warning', async () => {
    const config = testConfig(settings, [MI8_FR, MI8_IT]);
    let h = await startHarness(config, '2018-05-14T00:00:00Z');
    await h.clock.advanceTo('2018-05-16T00:00:00Z'); // the French group got mi8-fr's 7d post
    const replies = await operatorSays(h, 'event_cancel', 'mi8-fr');
    expect(replies).toHaveLength(1);
    await h.clock.advance(2_000);
    expect(kinds(h.adapters.telegram, 'mi8-fr')).toEqual(['countdown', 'cancelled']);

    // Same config: the stored event is kept as the operator left it.
    h = await h.restart('2018-05-17T00:00:00Z');
    const kept = await h.stores.events.get('mi8-fr');
    expect(kept).toMatchObject({ status: 'cancelled', revision: 2, source: 'config' });
    expect((await h.stores.ledger.forEvent('mi8-fr')).filter((r) => r.status === 'planned')).toEqual([]);
    h = await h.restart('2018-05-18T00:00:00Z');
    await h.clock.advanceTo('2018-05-22T13:00:00Z');
    expect(kinds(h.adapters.telegram, 'mi8-fr')).toEqual([]); // no countdown, no notice
    expect((await h.stores.events.get('mi8-fr'))?.status).toBe('cancelled');
    await h.app.stop();

    // The file moves the launch: its new version replaces the operator's cancellation.
    h.clock.jumpTo('2018-05-23T00:00:00Z');
    const moved = testConfig(settings, [{ ...MI8_FR, start: '2018-05-26T14:00' }, MI8_IT]);
    const run = await startLogged(moved, h.stores, h.clock);
    const warning = run.lines.find((l) => l.level === 40 && l.event === 'mi8-fr');
    expect(warning?.msg).toContain('mi8-fr');
    expect(warning?.msg).toContain('test/events.yaml');
    expect(warning?.msg).toContain("the file's new version replaced the operator's changes");
    expect(run.lines.find((l) => l.msg === 'calendar synchronised from config')).toMatchObject({
      added: [],
      changed: ['mi8-fr'],
      removed: [],
      overridesReplaced: ['mi8-fr'],
    });
    const back = await h.stores.events.get('mi8-fr');
    expect(back).toMatchObject({ status: 'scheduled', revision: 3, cycle: 1 });
    expect(back?.start).toEqual({ kind: 'instant', at: Date.parse('2018-05-26T12:00:00Z') });
    await h.clock.advanceTo('2018-05-26T12:00:00Z');
    expect(kinds(run.telegram, 'mi8-fr')).toEqual(['changed', 'countdown', 'countdown', 'live']);
    await run.app.stop();
  });

  it('keeps an operator’s edit across a restart and logs that it was kept', async () => {
    const config = testConfig(settings, [MI8_FR]);
    const h = await startHarness(config, '2018-05-14T00:00:00Z');
    await h.app.calendar.editEvent('mi8-fr', { city: 'Lyon' });
    await h.app.stop();
    const run = await startLogged(config, h.stores, h.clock);
    expect((await h.stores.events.get('mi8-fr'))?.city).toBe('Lyon');
    expect(
      run.lines.some((l) => l.level === 30 && l.msg.includes('mi8-fr: kept as an operator changed it')),
    ).toBe(true);
    await run.app.stop();
  });

  it('a start whose config removes an event tells the chats that heard of it, once, and ends its pending posts', async () => {
    let h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-14T00:00:00Z');
    await h.clock.advanceTo('2018-05-18T00:00:00Z'); // both chats got mi8-it's 7d post
    expect(kinds(h.adapters.telegram, 'mi8-it')).toEqual(['countdown']);
    expect(kinds(h.adapters.discord, 'mi8-it')).toEqual(['countdown']);
    await h.app.stop();

    const withoutItaly = testConfig(settings, [MI8_FR]);
    h = await startHarness(withoutItaly, '2018-05-18T00:00:00Z', h.stores, h.clock);
    await h.clock.advance(5_000);
    expect(kinds(h.adapters.telegram, 'mi8-it')).toEqual(['cancelled']);
    expect(kinds(h.adapters.discord, 'mi8-it')).toEqual(['cancelled']);
    expect(h.adapters.telegram.posts.find((p) => p.message.kind === 'cancelled')?.text).toContain(
      'Lancement du Mi 8 — Italie',
    );
    const rows = await h.stores.ledger.forEvent('mi8-it');
    const countdowns = rows.filter((r) => r.kind === 'countdown' || r.kind === 'live');
    expect(countdowns.filter((r) => r.status === 'sent').map((r) => r.slot)).toEqual(['7d', '7d']);
    const ended = countdowns.filter((r) => r.status !== 'sent');
    expect(ended.length).toBe(6); // 1d, 1h and live, in each chat
    expect(ended.every((r) => r.status === 'cancelled' && r.reason === 'event removed')).toBe(true);
    expect(rows.filter((r) => r.kind === 'cancelled').map((r) => r.status)).toEqual(['sent', 'sent']);
    // Gone from the calendar as chats and commands see it; kept only to write the notice.
    expect((await h.app.calendar.listEvents()).map((e) => e.id)).toEqual(['mi8-fr']);
    expect(await h.app.calendar.getEvent('mi8-it')).toBeUndefined();
    expect(await h.stores.events.get('mi8-it')).toMatchObject({ status: 'cancelled', removed: true });

    // Another start with the same config says nothing more; the launch day passes quietly.
    h = await h.restart('2018-05-19T00:00:00Z');
    await h.clock.advanceTo('2018-05-25T00:00:00Z');
    expect(kinds(h.adapters.telegram, 'mi8-it')).toEqual([]);
    expect(kinds(h.adapters.discord, 'mi8-it')).toEqual([]);
  });

  it('an event back in the file after a removal counts down again, and its chats hear it is back', async () => {
    let h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-14T00:00:00Z');
    await h.clock.advanceTo('2018-05-18T00:00:00Z');
    await h.app.stop();
    h = await startHarness(testConfig(settings, [MI8_FR]), '2018-05-18T00:00:00Z', h.stores, h.clock);
    await h.clock.advance(5_000);
    await h.app.stop();
    h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-19T00:00:00Z', h.stores, h.clock);
    await h.clock.advanceTo('2018-05-24T13:00:00Z');
    expect(kinds(h.adapters.discord, 'mi8-it')).toEqual(['changed', 'countdown', 'countdown', 'live']);
    expect(await h.stores.events.get('mi8-it')).toMatchObject({ status: 'scheduled', source: 'config' });
    expect((await h.stores.events.get('mi8-it'))?.removed).toBeUndefined();
  });

  it('a past launch the file drops is deleted without a notice', async () => {
    let h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-14T00:00:00Z');
    await h.clock.advanceTo('2018-06-01T00:00:00Z');
    await h.app.stop();
    h = await startHarness(testConfig(settings, [MI8_FR]), '2018-06-01T00:00:00Z', h.stores, h.clock);
    await h.clock.advance(5_000);
    expect(h.adapters.telegram.posts).toEqual([]);
    expect(h.adapters.discord.posts).toEqual([]);
    expect(await h.stores.events.get('mi8-it')).toBeUndefined();
  });

  it('refuses a start whose events.yaml is empty while the store holds config events, unless allowed', async () => {
    const h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-14T00:00:00Z');
    await h.app.stop();
    const empty = testConfig(settings, []);
    const refused = await startHarness(empty, '2018-05-15T00:00:00Z', h.stores, h.clock).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ConfigError);
    const text = (refused as ConfigError).describe();
    expect(text).toContain('test/events.yaml events: has no events');
    expect(text).toContain('mi8-fr, mi8-it');
    expect(text).toContain('HERALD_ALLOW_EMPTY_CALENDAR=1');
    // Nothing was touched.
    expect((await h.stores.events.list()).map((e) => `${e.id}:${e.status}`)).toEqual([
      'mi8-fr:scheduled',
      'mi8-it:scheduled',
    ]);
    expect((await h.stores.ledger.forEvent('mi8-fr')).every((r) => r.status === 'planned')).toBe(true);

    const allowed: HeraldConfig = {
      ...empty,
      env: envSchema.parse({ HERALD_DATABASE: ':memory:', HERALD_ALLOW_EMPTY_CALENDAR: '1' }),
    };
    const again = await startHarness(allowed, '2018-05-15T00:00:00Z', h.stores, h.clock);
    expect(await again.app.calendar.listEvents()).toEqual([]);
    expect((await h.stores.ledger.forEvent('mi8-fr')).every((r) => r.reason === 'event removed')).toBe(true);
    await again.app.stop();
  });

  it('starts on a fresh store with an empty calendar', async () => {
    const h = await startHarness(
      testConfig(settings, []),
      '2018-05-14T00:00:00Z',
      new SqliteStores(':memory:'),
    );
    expect(await h.stores.events.list()).toEqual([]);
    await h.app.stop();
  });
});
