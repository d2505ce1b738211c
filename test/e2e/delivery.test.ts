import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/errors.js';
import { MI8_FR, testConfig } from '../support/config.js';
import { startHarness } from '../support/harness.js';

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['1d', '1h', '0'] },
  delivery: { maxAttempts: 3 },
  targets: [
    {
      platform: 'telegram',
      chat: '-100',
      locale: 'en',
      follows: { tags: ['mi8'] },
      kinds: ['countdown', 'live', 'notice'],
    },
    {
      platform: 'telegram',
      chat: '-200',
      locale: 'en',
      follows: { tags: ['mi8'] },
      kinds: ['countdown', 'live', 'notice'],
    },
  ],
};

describe('delivery through a platform that pushes back', () => {
  it('waits out a 429 retry_after and sends exactly once', async () => {
    const h = await startHarness(testConfig(settings, [MI8_FR]), '2018-05-21T11:00:00Z');
    h.adapters.telegram.failNext((a) =>
      a.chatId === '-100'
        ? new DeliveryError('rate_limited', 'Too Many Requests', { retryAfterMs: 7_000 })
        : undefined,
    );
    await h.clock.advanceTo('2018-05-21T12:00:03Z');
    expect(h.adapters.telegram.posts.map((p) => p.address.chatId)).toEqual(['-200']);
    await h.clock.advanceTo('2018-05-21T12:00:08Z');
    const first = h.adapters.telegram.posts.filter((p) => p.address.chatId === '-100');
    expect(first.map((p) => new Date(p.at).toISOString())).toEqual(['2018-05-21T12:00:07.000Z']);
    expect(await h.stores.ledger.get('mi8-fr|countdown|1d|telegram:-100')).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
  });

  it('retries 5xx and network errors with backoff, keeping the row pending, then gives up visibly', async () => {
    const h = await startHarness(testConfig(settings, [MI8_FR]), '2018-05-21T11:00:00Z');
    const bad = (a: { chatId: string }) =>
      a.chatId === '-100' ? new DeliveryError('transient', 'HTTP 502 Bad Gateway') : undefined;
    h.adapters.telegram.failNext(bad);
    h.adapters.telegram.failNext(bad);
    await h.clock.advanceTo('2018-05-21T12:00:01Z');
    expect(await h.stores.ledger.get('mi8-fr|countdown|1d|telegram:-100')).toMatchObject({
      status: 'planned',
      attempts: 1,
      lastError: 'HTTP 502 Bad Gateway',
    });
    await h.clock.advanceTo('2018-05-21T12:00:30Z'); // backoff 2 s, then 4 s
    expect(await h.stores.ledger.get('mi8-fr|countdown|1d|telegram:-100')).toMatchObject({
      status: 'sent',
      attempts: 3,
    });

    for (let i = 0; i < 3; i++)
      h.adapters.telegram.failNext((a) => (a.chatId === '-100' ? new Error('socket hang up') : undefined));
    await h.clock.advanceTo('2018-05-22T11:01:00Z');
    const failed = await h.stores.ledger.audit({ statuses: ['failed'], limit: 5 });
    expect(failed.map((r) => `${r.key} ${r.reason}`)).toEqual([
      'mi8-fr|countdown|1h|telegram:-100 gave up after 3 attempts: socket hang up',
    ]);
  });

  it('disables a chat the platform says is gone, and stops planning for it', async () => {
    const h = await startHarness(testConfig(settings, [MI8_FR]), '2018-05-21T11:00:00Z');
    h.adapters.telegram.failNext((a) =>
      a.chatId === '-100'
        ? new DeliveryError('permanent', 'Forbidden: bot was kicked from the group chat', { scope: 'target' })
        : undefined,
    );
    await h.clock.advanceTo('2018-05-22T12:00:00Z');
    expect(h.adapters.telegram.posts.filter((p) => p.address.chatId === '-100')).toEqual([]);
    expect(h.adapters.telegram.posts.filter((p) => p.address.chatId === '-200')).toHaveLength(3);
    expect(await h.stores.targets.get('telegram:-100')).toMatchObject({
      enabled: false,
      disabledReason: 'Forbidden: bot was kicked from the group chat',
    });
    const rows = await h.stores.ledger.forEvent('mi8-fr');
    expect(rows.filter((r) => r.targetKey === 'telegram:-100').map((r) => `${r.slot} ${r.status}`)).toEqual([
      '1d failed',
      '1h cancelled',
      '0 cancelled',
    ]);
    // Still disabled after a restart that re-reads the config.
    const again = await h.restart();
    expect(await again.stores.targets.get('telegram:-100')).toMatchObject({ enabled: false });
  });

  it('falls back to a mention in the origin chat when a person’s DMs are closed, once', async () => {
    const h = await startHarness(
      testConfig({ ...settings, reminders: { offsets: ['1h'] } }, [MI8_FR]),
      '2018-05-21T11:00:00Z',
    );
    await h.app.calendar.subscribe({
      platform: 'telegram',
      userId: '42',
      topic: 'event:mi8-fr',
      originChatId: '-200',
      locale: 'en',
      zone: 'Europe/Paris',
      createdAt: 0,
    });
    h.adapters.telegram.failNext((a) =>
      a.dm
        ? new DeliveryError('permanent', 'Forbidden: bot was blocked by the user', { scope: 'target' })
        : undefined,
    );
    await h.clock.advanceTo('2018-05-22T11:00:00Z');
    await h.clock.advance(5_000);
    const inGroup = h.adapters.telegram.posts.filter((p) => p.message.kind === 'reminder');
    expect(inGroup.map((p) => [p.address.chatId, p.address.dm, p.message.mention])).toEqual([
      ['-200', false, '42'],
    ]);
    expect(inGroup[0]?.text).toContain('your direct messages are closed');
    expect(await h.stores.subscriptions.list()).toEqual([]);
  });
});

describe('rate limits over a long burst', () => {
  it('gives a post back to the ledger rather than holding it past its lease, and sends it once later', async () => {
    const burst = Array.from({ length: 25 }, (_, i) => ({
      ...MI8_FR,
      id: `launch-${i}`,
      start: '2018-05-22T14:00',
    }));
    const cfg = testConfig(
      { ...settings, countdown: { milestones: ['1d'] }, targets: [settings.targets[0]] },
      burst,
    );
    const h = await startHarness(cfg, '2018-05-21T11:59:00Z');
    await h.clock.advanceTo('2018-05-21T12:00:30Z');
    // Telegram allows 20 a minute in a group: 20 went out, 5 wait in the ledger for the next minute.
    expect(h.adapters.telegram.posts).toHaveLength(20);
    const waiting = (await h.stores.ledger.audit({ statuses: ['planned'], limit: 50 })).filter(
      (r) => r.lastError === 'waiting for the platform rate limit',
    );
    expect(waiting).toHaveLength(5);
    await h.clock.advanceTo('2018-05-21T12:01:30Z');
    expect(h.adapters.telegram.posts).toHaveLength(25);
    expect(new Set(h.adapters.telegram.posts.map((p) => p.message.eventId)).size).toBe(25);
  });
});
