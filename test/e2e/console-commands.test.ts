import { afterEach, describe, expect, it } from 'vitest';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { consoleSession } from '../support/transcript.js';

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['7d', '1d', '1h', '0'] },
  reminders: { offsets: ['1d', '1h'] },
  owners: ['console:operator'],
  targets: [
    { platform: 'console', chat: 'main', locale: 'en', zone: 'Europe/Paris', follows: { tags: ['xiaomi'] } },
  ],
};

let session: Awaited<ReturnType<typeof consoleSession>> | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('every command through the console adapter', () => {
  it('answers next, events, event, countdown and help', async () => {
    session = await consoleSession(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-20T10:00:00Z');
    const s = session;
    expect(await s.say('/next')).toMatch(
      /Next launch: Mi 8 launch — France[\s\S]*When: Tuesday, 22 May 2018, 14:00 Paris time[\s\S]*Time left: in 2 days and 2 hours/,
    );
    expect(await s.say('events')).toBe(
      [
        '  Upcoming launches',
        '  • mi8-fr — Mi 8 launch — France — Tuesday, 22 May 2018, 14:00 Paris time (in 2 days and 2 hours)',
        '  • mi8-it — Mi 8 launch — Italy — Thursday, 24 May 2018, 15:00 Milano time (in 4 days and 3 hours)',
        '',
      ].join('\n'),
    );
    expect(await s.say('/events nothing')).toContain('No upcoming launch is tagged nothing.');
    const detail = await s.say('/event mi8-it');
    expect(detail).toContain('Id: mi8-it');
    expect(detail).toContain('Thursday, 24 May 2018, 15:00 Milano time');
    expect(detail).toContain('Tags: xiaomi, mi8');
    expect(await s.say('/countdown mi8-fr')).toContain('Starts in 2 days and 2 hours.');
    expect(await s.say('/countdown nope')).toContain('No launch has the id "nope". Try events.');
    const help = await s.say('/help');
    expect(help).toContain('/countdown <id> — Time left until a launch');
    expect(help).toContain('For administrators:');
    expect(help).toContain('/event_add <id> <when> <title>');
    expect(await s.say('/frobnicate')).toContain('Unknown command "frobnicate". Try help.');
  });

  it('a past date-only launch has started, and a cancelled one shows no time left', async () => {
    const past = { ...MI8_IT, id: 'mi8-past', start: '2018-05-10' };
    session = await consoleSession(testConfig(settings, [MI8_FR, past]), '2018-05-20T10:00:00Z');
    const s = session;
    expect(await s.say('/countdown mi8-past')).toContain('\n  started');
    expect(await s.say('/countdown mi8-past')).not.toContain('0 days');
    expect(await s.say('/event mi8-fr')).toContain('Time left: in 2 days and 2 hours');
    await s.say('/event_cancel mi8-fr');
    const detail = await s.say('/event mi8-fr');
    expect(detail).toContain('Id: mi8-fr');
    expect(detail).not.toContain('Time left');
  });

  it('changes the chat language and zone with settings, and refuses bad values in the chat’s language', async () => {
    session = await consoleSession(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const s = session;
    expect(await s.say('/settings')).toContain('This chat uses English (en) and the time zone Europe/Paris.');
    expect(await s.say('/settings fr Europe/Rome')).toContain(
      'Enregistré. Langue de cette conversation : français (fr) ; fuseau horaire : Europe/Rome.',
    );
    expect(await s.say('/countdown mi8-fr')).toContain('Début dans 2 jours et 2 heures.');
    expect(await s.say('/settings pt')).toContain(
      '« pt » n’est pas une langue de Herald : utilisez en, fr, it, es ou de.',
    );
    expect(await s.say('/settings it Mars/Olympus')).toContain(
      '« Mars/Olympus » n’est pas un fuseau horaire.',
    );
  });

  it('subscribes and unsubscribes to DM reminders', async () => {
    session = await consoleSession(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-20T10:00:00Z');
    const s = session;
    expect(await s.say('/subscribe mi8-fr')).toContain(
      'Subscribed to mi8-fr. You will get a direct message 1 day and 1 hour before each launch.',
    );
    expect(await s.say('/subscribe mi8-fr')).toContain('You are already subscribed to mi8-fr.');
    expect(await s.say('/subscribe banana')).toContain('"banana" is neither a launch id nor a tag.');
    const rows = await s.stores.ledger.forEvent('mi8-fr');
    expect(rows.filter((r) => r.kind === 'reminder').map((r) => r.key)).toEqual([
      'mi8-fr|reminder|1d|console:dm:operator',
      'mi8-fr|reminder|1h|console:dm:operator',
    ]);
    await s.clock.advanceTo('2018-05-21T12:00:00Z');
    expect(s.output()).toContain(
      '→ console dm:operator · reminder · en ──\n  🔔 Reminder: Mi 8 launch — France starts in 1 day',
    );
    expect(await s.say('/unsubscribe')).toContain('Removed 1 subscription.');
    expect(await s.say('/unsubscribe')).toContain('You have no subscription to remove.');
    const after = await s.stores.ledger.forEvent('mi8-fr');
    expect(after.find((r) => r.slot === '1h' && r.kind === 'reminder')?.status).toBe('cancelled');
  });

  it('lets owners add, edit and cancel launches, with natural dates and clear refusals', async () => {
    session = await consoleSession(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const s = session;
    expect(
      await s.say(
        '/event_add mi8-es "2018-06-01T12:00" Mi 8 España zone:Europe/Madrid city:Madrid tags:xiaomi,mi8',
      ),
    ).toContain('Added mi8-es, Friday, 1 June 2018, 12:00 Madrid time. Followers get its countdown.');
    expect(await s.say('/event_add mi8-es 2018-06-02 Again')).toContain(
      'A launch with the id "mi8-es" exists already.',
    );
    expect(await s.say('/event_add mi8-de "3/4 14h" Mi 8 Deutschland')).toContain('"3/4 14h" is ambiguous.');
    expect(await s.say('/event_add mi8-de "May 1 2018 2pm" Mi 8 Deutschland')).toContain('is in the past.');
    expect(await s.say('/event_add mi8-de "2019-03-31T02:30" Mi 8 Deutschland')).toContain(
      '2019-03-31 02:30 does not exist in Europe/Paris: the clocks move forward then.',
    );
    expect(await s.say('/event_add mi8-de 14h Mi 8 Deutschland')).toContain('"14h" has no day.');
    expect(await s.say('/event_add mi8-de')).toContain('Missing when. Usage: /event_add <id> <when> <title>');
    expect(await s.say('/event_add mi8-pt "1 giugno 2018 ore 15" Mi 8 Portugal')).toContain(
      'Friday, 1 June 2018, 15:00 Paris time',
    );
    expect(await s.say('/event_edit mi8-es when:"2018-06-02T12:00"')).toContain(
      'Updated mi8-es (1 change); followers are told.',
    );
    expect(await s.say('/event_edit mi8-es city:Madrid')).toContain('Nothing changed in mi8-es.');
    expect(await s.say('/event_cancel mi8-es')).toContain(
      'Cancelled mi8-es; pending posts are stopped and followers are told.',
    );
    expect(await s.say('/event_cancel mi8-es')).toContain(
      'mi8-es is already cancelled; nothing changed and nobody is told again.',
    );
    expect(await s.say('/event_cancel mi8-pt postpone:yes')).toContain('Postponed mi8-pt');
    expect((await s.stores.events.get('mi8-es'))?.status).toBe('cancelled');
    expect((await s.stores.ledger.forEvent('mi8-es')).filter((r) => r.status === 'planned')).toEqual([]);
  });

  it('refuses admin commands to people who are not administrators, in the chat’s language', async () => {
    session = await consoleSession(
      testConfig({ ...settings, targets: [{ ...settings.targets[0], locale: 'it' }] }, [MI8_FR]),
      '2018-05-20T10:00:00Z',
    );
    const s = session;
    for (const line of [
      '[guest] /event_add x 2018-06-01 X',
      '[guest] /follow mi8',
      '[guest] /audit',
      '[guest] /summary',
      '[guest] /event_cancel mi8-fr',
    ]) {
      expect(await s.say(line)).toContain('Solo gli amministratori di questa chat possono farlo.');
    }
    expect((await s.stores.events.get('mi8-fr'))?.status).toBe('scheduled');
    expect(await s.say('[guest] /next')).toContain('Prossimo lancio');
  });

  it('follows and unfollows topics, posts a summary now, and shows the audit', async () => {
    session = await consoleSession(
      testConfig({ ...settings, targets: [] }, [MI8_FR, MI8_IT]),
      '2018-05-20T10:00:00Z',
    );
    const s = session;
    expect(await s.say('/follow mi8-it')).toContain('This chat now follows mi8-it (3 posts planned).');
    expect(await s.say('/follow mi8')).toContain('This chat now follows mi8');
    expect(await s.say('/unfollow mi8')).toContain('This chat no longer follows mi8.');
    expect(await s.say('/unfollow mi8')).toContain('This chat does not follow mi8.');
    const summary = await s.say('/summary');
    expect(summary).toContain('Summary on its way.');
    expect(summary).toContain('🗓️ Coming up in the next 14 days');
    expect(summary).toContain(
      '• Mi 8 launch — Italy — Thursday, 24 May 2018, 15:00 Milano time (in 4 days and 3 hours)',
    );
    expect(summary).not.toContain('France');
    const audit = await s.say('/audit');
    expect(audit).toContain('Recent deliveries');
    expect(audit).toMatch(/20\/05 12:00 sent - digest now-2018-05-20T10:00:00.000Z → console:main/);
  });
});
