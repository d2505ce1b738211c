import { describe, expect, it } from 'vitest';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { startHarness } from '../support/harness.js';

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['0'] },
  summaries: { cron: '0 9 * * 1', window: '7d', skipWhenEmpty: true },
  targets: [
    {
      platform: 'telegram',
      chat: '-100',
      locale: 'fr',
      zone: 'Europe/Paris',
      follows: { tags: ['mi8'] },
      kinds: ['digest'],
    },
    {
      platform: 'discord',
      chat: '448000000000000555',
      locale: 'it',
      zone: 'America/New_York',
      follows: { events: ['mi8-it'] },
      kinds: ['digest'],
    },
  ],
};

describe('cron digests', () => {
  it('posts each digest at 09:00 in the chat’s own zone, once, even across a restart', async () => {
    let h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-20T00:00:00Z');
    await h.clock.advanceTo('2018-05-21T07:00:30Z'); // Monday 09:00 Paris
    expect(h.adapters.telegram.posts.map((p) => new Date(p.at).toISOString())).toEqual([
      '2018-05-21T07:00:00.000Z',
    ]);
    expect(h.adapters.telegram.posts[0]?.text).toBe(
      [
        '🗓️ Au programme des 7 jours à venir',
        '• Lancement du Mi 8 — France — mardi 22 mai 2018 à 14:00, heure de Paris (dans un jour et 5 heures)',
        '• Lancement du Mi 8 — Italie — jeudi 24 mai 2018 à 15:00, heure de Milano (dans 3 jours et 6 heures)',
      ].join('\n'),
    );
    expect(h.adapters.discord.posts).toEqual([]);
    h = await h.restart('2018-05-21T07:00:40Z');
    await h.clock.advanceTo('2018-05-21T13:01:00Z'); // Monday 09:00 New York
    expect(h.adapters.telegram.posts).toEqual([]);
    expect(h.adapters.discord.posts.map((p) => [new Date(p.at).toISOString(), p.message.title])).toEqual([
      ['2018-05-21T13:00:00.000Z', '🗓️ In programma entro 7 giorni'],
    ]);
    expect(h.adapters.discord.posts[0]?.text).not.toContain('Francia');
  });

  it('skips an empty digest and records why', async () => {
    const h = await startHarness(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-27T00:00:00Z');
    await h.clock.advanceTo('2018-05-28T07:01:00Z');
    expect(h.adapters.telegram.posts).toEqual([]);
    const skipped = await h.stores.ledger.audit({ statuses: ['skipped'], limit: 5 });
    expect(skipped.map((r) => `${r.kind} ${r.slot} ${r.reason}`)).toEqual([
      'digest 2018-05-28T09:00 nothing upcoming in the window',
    ]);
  });
});
