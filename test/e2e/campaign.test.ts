import { describe, expect, it } from 'vitest';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { startHarness } from '../support/harness.js';

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['7d', '1d', '1h', '0'] },
  summaries: { cron: '0 9 * * 1', window: '14d' },
  catchUp: { grace: '15m', stale: 'digest' },
  targets: [
    {
      platform: 'telegram',
      chat: '-100',
      locale: 'fr',
      zone: 'Europe/Paris',
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

describe('a launch campaign on the fake clock', () => {
  it('posts each milestone at its instant, in each chat’s language, and nothing twice across a restart', async () => {
    const config = testConfig(settings, [MI8_FR, MI8_IT]);
    let h = await startHarness(config, '2018-05-14T00:00:00Z');
    await h.clock.advanceTo('2018-05-17T13:00:00Z');
    const tg = h.adapters.telegram.posts;
    expect(tg.map((p) => [new Date(p.at).toISOString(), p.message.title])).toEqual([
      ['2018-05-15T12:00:00.000Z', '⏳ Lancement du Mi 8 — France : plus que 7 jours'],
      ['2018-05-17T13:00:00.000Z', '⏳ Lancement du Mi 8 — Italie : plus que 7 jours'],
    ]);
    expect(h.adapters.discord.posts.map((p) => p.message.title)).toEqual([
      '⏳ Lancio di Mi 8 — Italia: mancano 7 giorni',
    ]);
    expect(tg[0]?.text).toContain('mardi 22 mai 2018 à 14:00, heure de Paris');

    h = await h.restart();
    await h.clock.advanceTo('2018-05-24T13:30:00Z');
    const titles = h.adapters.telegram.posts.map((p) => p.message.title);
    expect(titles).toEqual([
      '⏳ Lancement du Mi 8 — France : plus qu’un jour',
      '⏳ Lancement du Mi 8 — France : plus qu’une heure',
      '🚀 C’est parti : Lancement du Mi 8 — France',
      '⏳ Lancement du Mi 8 — Italie : plus qu’un jour',
      '⏳ Lancement du Mi 8 — Italie : plus qu’une heure',
      '🚀 C’est parti : Lancement du Mi 8 — Italie',
    ]);
    const counts = await h.stores.ledger.count();
    // Telegram: 2 before the restart + 6 after; Discord (mi8-it only): 4 milestones.
    expect(counts.sent).toBe(2 + 6 + 4);
    expect(counts.planned).toBe(0);
  });

  it('after downtime: sends within the grace window marked late, folds stale posts into one catch-up per chat', async () => {
    const config = testConfig(settings, [MI8_FR, MI8_IT]);
    let h = await startHarness(config, '2018-05-21T00:00:00Z');
    // Down from 21 May 00:00 to 22 May 11:05 (Paris 13:05): the 1d posts (21 May 12:00Z, 22 May... ) are stale,
    // the 1h post for mi8-fr (11:00Z) is 5 minutes late, inside the 15-minute grace.
    h = await h.restart('2018-05-22T11:05:00Z');
    await h.clock.advance(2_000); // the catch-up waits its turn behind Telegram's 1 message/s per chat
    const tg = h.adapters.telegram.posts;
    expect(tg.map((p) => p.message.kind)).toEqual(['countdown', 'catchup']);
    expect(tg[0]?.message.title).toBe('⏳ Lancement du Mi 8 — France : plus qu’une heure');
    expect(tg[0]?.message.footer).toBe(
      'Envoyé en retard : ce message était prévu le mardi 22 mai 2018 à 13:00.',
    );
    const catchup = tg[1]?.text ?? '';
    expect(catchup).toContain('Herald était hors ligne du 21/05 02:00 au 22/05 13:05');
    expect(catchup).toContain('Vous avez manqué 1 message');
    expect(catchup).toContain('plus qu’un jour (prévu le 21/05 14:00)');
    expect(catchup).toContain('Prochain : Lancement du Mi 8 — France');
    const skipped = await h.stores.ledger.audit({ statuses: ['skipped'], limit: 10 });
    expect(skipped.map((r) => r.key)).toContain('mi8-fr|countdown|1d|telegram:-100');
    // A second restart sends nothing again.
    h = await h.restart('2018-05-22T11:06:00Z');
    await h.clock.advance(0);
    expect(h.adapters.telegram.posts).toEqual([]);
  });

  it('with stale: skip, missed posts are recorded as skipped and nothing floods the chat', async () => {
    const config = testConfig({ ...settings, catchUp: { grace: '15m', stale: 'skip' } }, [MI8_FR]);
    let h = await startHarness(config, '2018-05-14T00:00:00Z');
    h = await h.restart('2018-05-22T10:00:00Z');
    await h.clock.advance(0);
    expect(h.adapters.telegram.posts).toEqual([]);
    const skipped = await h.stores.ledger.audit({ statuses: ['skipped'], limit: 10 });
    expect(skipped.map((r) => r.slot).sort()).toEqual(['1d', '7d']);
    expect(skipped.every((r) => r.reason?.startsWith('stale'))).toBe(true);
  });

  it('an edit moves pending posts and tells only the chats that already heard of the event, once', async () => {
    const config = testConfig(settings, [MI8_FR, MI8_IT]);
    const h = await startHarness(config, '2018-05-14T00:00:00Z');
    await h.clock.advanceTo('2018-05-16T00:00:00Z'); // the French group got mi8-fr's 7d post
    await h.app.calendar.editEvent('mi8-fr', {
      start: { kind: 'instant', at: Date.parse('2018-05-23T08:00:00Z') },
      city: 'Lyon',
    });
    await h.clock.advance(0);
    const notice = h.adapters.telegram.posts.at(-1);
    expect(notice?.message.kind).toBe('changed');
    expect(notice?.text).toContain(
      'Quand : mardi 22 mai 2018 à 14:00, heure de Paris → mercredi 23 mai 2018 à 10:00, heure de Lyon',
    );
    expect(notice?.text).toContain('Où : Paris → Lyon');
    expect(h.adapters.discord.posts).toEqual([]); // it never heard of mi8-fr
    const rows = await h.stores.ledger.forEvent('mi8-fr');
    expect(rows.find((r) => r.slot === '1d' && r.kind === 'countdown')?.due).toBe(
      Date.parse('2018-05-22T08:00:00Z'),
    );
    // Cancelling stops pending posts and sends one cancellation.
    await h.app.calendar.setStatus('mi8-fr', 'cancelled');
    await h.clock.advanceTo('2018-05-24T00:00:00Z');
    const fr = h.adapters.telegram.posts
      .filter((p) => p.message.eventId === 'mi8-fr')
      .map((p) => p.message.kind);
    expect(fr).toEqual(['countdown', 'changed', 'cancelled']);
    const cancelled = await h.stores.ledger.forEvent('mi8-fr');
    expect(cancelled.filter((r) => r.status === 'planned')).toEqual([]);
  });

  it('a postponed event says so and stops, then counts down again when a new date is set', async () => {
    const config = testConfig(settings, [MI8_FR]);
    const h = await startHarness(config, '2018-05-15T13:00:00Z');
    await h.clock.advanceTo('2018-05-21T13:00:00Z'); // the 1d post went out
    await h.app.calendar.setStatus('mi8-fr', 'postponed');
    await h.clock.advanceTo('2018-05-23T00:00:00Z');
    expect(h.adapters.telegram.posts.map((p) => p.message.kind)).toEqual(['countdown', 'postponed']);
    expect(h.adapters.telegram.posts[1]?.text).toContain('État : prévu → reporté');
    await h.app.calendar.editEvent('mi8-fr', {
      status: 'scheduled',
      start: { kind: 'instant', at: Date.parse('2018-06-05T12:00:00Z') },
    });
    await h.clock.advanceTo('2018-06-05T12:00:00Z');
    expect(
      h.adapters.telegram.posts.map((p) => `${new Date(p.at).toISOString()} ${p.message.kind}`).slice(2),
    ).toEqual([
      '2018-05-23T00:00:00.000Z changed',
      '2018-05-29T12:00:00.000Z countdown',
      '2018-06-04T12:00:00.000Z countdown',
      '2018-06-05T11:00:00.000Z countdown',
      '2018-06-05T12:00:00.000Z live',
    ]);
  });

  it('sets the hour of a date-only event later: day posts move to the hour, hour posts appear, followers are told', async () => {
    const tba = { ...MI8_FR, start: undefined, date: '2018-05-22' };
    const { start: _drop, ...dateOnly } = tba;
    const config = testConfig(settings, [dateOnly]);
    const h = await startHarness(config, '2018-05-14T00:00:00Z');
    await h.clock.advanceTo('2018-05-15T09:00:00Z');
    expect(h.adapters.telegram.posts[0]?.text).toContain('mardi 22 mai 2018 (heure à confirmer)');
    await h.app.calendar.editEvent('mi8-fr', {
      start: { kind: 'instant', at: Date.parse('2018-05-22T12:00:00Z') },
    });
    await h.clock.advanceTo('2018-05-22T12:00:00Z');
    const posts = h.adapters.telegram.posts.map((p) => `${new Date(p.at).toISOString()} ${p.message.kind}`);
    expect(posts).toEqual([
      '2018-05-15T08:00:00.000Z countdown',
      '2018-05-15T09:00:00.000Z changed',
      '2018-05-21T12:00:00.000Z countdown',
      '2018-05-22T11:00:00.000Z countdown',
      '2018-05-22T12:00:00.000Z live',
    ]);
    expect(h.adapters.telegram.posts[1]?.text).toContain(
      'mardi 22 mai 2018 (heure à confirmer) → mardi 22 mai 2018 à 14:00, heure de Paris',
    );
  });
});

describe('config sync on start', () => {
  it('adds, changes and removes config events, and keeps events added by commands', async () => {
    const first = testConfig(settings, [MI8_FR, MI8_IT]);
    const h = await startHarness(first, '2018-05-10T00:00:00Z');
    await h.app.calendar.addEvent(
      {
        id: 'mi8-es',
        title: { en: 'Mi 8 — Spain' },
        description: {},
        start: { kind: 'instant', at: Date.parse('2018-05-25T10:00:00Z') },
        zone: 'Europe/Madrid',
        links: [],
        tags: ['mi8'],
        status: 'scheduled',
      },
      'command',
    );
    await h.app.stop();
    const second = testConfig(settings, [{ ...MI8_FR, title: { en: 'Mi 8 launch — France (Paris)' } }]);
    const again = await startHarness(second, '2018-05-11T00:00:00Z', h.stores, h.clock);
    expect((await again.stores.events.list()).map((e) => `${e.id}:${e.source}:r${e.revision}`)).toEqual([
      'mi8-es:command:r1',
      'mi8-fr:config:r2',
    ]);
    const italy = await again.stores.ledger.forEvent('mi8-it');
    expect(italy.length).toBeGreaterThan(0);
    expect(italy.every((r) => r.status === 'cancelled' && r.reason === 'event removed')).toBe(true);
    expect(
      (await again.stores.ledger.forEvent('mi8-es')).filter((r) => r.status === 'planned').length,
    ).toBeGreaterThan(0);
  });
});
