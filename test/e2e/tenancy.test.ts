/**
 * Who may do what (docs/tenancy.md), through the real grammY and discord.js clients against
 * the fakes: a community admin changes only the community's own launches and never sees
 * another community's; operators do everything, also from a private chat with the bot.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { type DiscordHarness, startDiscord } from '../support/discord-harness.js';
import { startTelegram, type TelegramHarness } from '../support/telegram-harness.js';

const BRAND = { id: -1001000000001, type: 'supergroup', title: 'Mi France' };
const GROUP_A = { id: -1002000000001, type: 'supergroup', title: 'Eve’s own group' };
const GROUP_B = { id: -1003000000001, type: 'supergroup', title: 'Mi Fans' };
const CHANNEL_C = { id: -1004000000001, type: 'channel', title: 'Eve’s channel' };
const EVE = { id: 6001, language_code: 'en', first_name: 'Eve' };
const BOB = { id: 6002, language_code: 'en', first_name: 'Bob' };
const MEMBER = { id: 6003, language_code: 'en', first_name: 'Member' };
const OPERATOR = { id: 9999, language_code: 'en', first_name: 'Operator' };
const operatorChat = { id: OPERATOR.id, type: 'private' };

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['1d', '1h', '0'] },
  owners: [`telegram:${OPERATOR.id}`],
  targets: [{ platform: 'telegram', chat: String(BRAND.id), locale: 'fr', follows: { tags: ['mi8'] } }],
};

let tg: TelegramHarness | undefined;
let dc: DiscordHarness | undefined;
afterEach(async () => {
  await tg?.stop();
  await dc?.stop();
  tg = undefined;
  dc = undefined;
});

const WAIT = { timeout: 5_000, interval: 20 };

/** Types a command and waits for the bot's answer in that chat; returns its text. */
async function ask(h: TelegramHarness, chat: { id: number; type: string }, from: typeof EVE, text: string) {
  const before = h.telegram.sentTo(chat.id).length;
  h.telegram.type(chat, from, text);
  await vi.waitFor(() => expect(h.telegram.sentTo(chat.id).length).toBeGreaterThan(before), WAIT);
  const answer = h.telegram.sentTo(chat.id).at(-1);
  return answer?.text ?? answer?.caption ?? '';
}

describe('tenancy on Telegram', () => {
  it('an admin of her own group cannot change the brand’s launches, from the group or her channel', async () => {
    tg = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const h = tg;
    h.telegram.members.set(`${GROUP_A.id}:${EVE.id}`, 'creator');
    expect(await ask(h, GROUP_A, EVE, '/event_edit mi8-fr title:"Scam: pay at evil.example"')).toContain(
      'belongs to Herald’s operators or to another community',
    );
    expect(await ask(h, GROUP_A, EVE, '/event_cancel mi8-fr')).toContain('belongs to Herald’s operators');
    expect(await ask(h, CHANNEL_C, EVE, '/event_cancel mi8-fr')).toContain('belongs to Herald’s operators');
    const event = await h.stores.events.get('mi8-fr');
    expect(event?.status).toBe('scheduled');
    expect(event?.title.en).toBe(MI8_FR.title.en);
    expect(h.telegram.sentTo(BRAND.id)).toEqual([]);
  });

  it('keeps communities apart: another group neither sees, follows, edits, cancels nor hears of a group’s launch', async () => {
    tg = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const h = tg;
    h.telegram.members.set(`${GROUP_A.id}:${EVE.id}`, 'administrator');
    h.telegram.members.set(`${GROUP_B.id}:${BOB.id}`, 'administrator');
    expect(
      await ask(h, GROUP_A, EVE, '/event_add eve-meetup 2018-05-21T18:00 Eve’s meetup tags:mi8'),
    ).toContain('eve-meetup');
    expect((await h.stores.events.get('eve-meetup'))?.owner).toBe(`telegram:chat:${GROUP_A.id}`);
    // Group B follows the tag: it gets the brand's launch, never Eve's.
    expect(await ask(h, GROUP_B, BOB, '/follow mi8')).not.toContain('eve-meetup');
    expect(await ask(h, GROUP_B, BOB, '/events')).not.toContain('eve-meetup');
    expect(await ask(h, GROUP_B, BOB, '/event eve-meetup')).toContain('eve-meetup');
    expect(h.telegram.sentTo(GROUP_B.id).at(-1)?.text).toMatch(
      /No launch has the id|neither a launch id nor a tag/,
    );
    expect(await ask(h, GROUP_B, BOB, '/event_cancel eve-meetup')).toMatch(
      /No launch has the id|neither a launch id nor a tag/,
    );
    expect(await ask(h, GROUP_B, BOB, '/follow eve-meetup')).toMatch(
      /No launch has the id|neither a launch id nor a tag/,
    );
    expect(await ask(h, GROUP_B, BOB, '/event_add eve-meetup 2018-05-25 Mine')).toContain('is taken');
    const rows = await h.stores.ledger.forEvent('eve-meetup');
    expect(new Set(rows.map((r) => r.targetKey))).toEqual(new Set());
    // Eve's own group follows it and hears of it; her edits are hers to make.
    await ask(h, GROUP_A, EVE, '/follow eve-meetup');
    expect(await ask(h, GROUP_A, EVE, '/event_edit eve-meetup city:Lyon')).toContain('eve-meetup');
    const planned = await h.stores.ledger.forEvent('eve-meetup');
    expect(new Set(planned.map((r) => r.targetKey))).toEqual(new Set([`telegram:${GROUP_A.id}`]));
    await h.clock.advanceTo('2018-05-21T16:00:30Z');
    await vi.waitFor(
      () => expect(h.telegram.sentTo(GROUP_A.id).some((m) => /Eve’s meetup/.test(m.text ?? ''))).toBe(true),
      WAIT,
    );
    expect(h.telegram.sentTo(GROUP_B.id).some((m) => /Eve’s meetup/.test(m.text ?? ''))).toBe(false);
    expect(h.telegram.sentTo(BRAND.id).some((m) => /Eve’s meetup/.test(m.text ?? ''))).toBe(false);
  });

  it('lets operators do everything, also from a private chat, and make a community’s launch public', async () => {
    tg = await startTelegram(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-20T10:00:00Z');
    const h = tg;
    h.telegram.members.set(`${GROUP_A.id}:${EVE.id}`, 'administrator');
    h.telegram.members.set(`${GROUP_B.id}:${BOB.id}`, 'administrator');
    await ask(h, GROUP_A, EVE, '/event_add eve-meetup 2018-05-21T18:00 Eve’s meetup tags:fans');
    expect(await ask(h, GROUP_A, EVE, '/event_edit eve-meetup public:true')).toContain(
      'Only Herald’s operators can make a launch public',
    );
    expect(await ask(h, operatorChat, OPERATOR, '/events')).toContain('eve-meetup');
    expect(await ask(h, operatorChat, OPERATOR, '/event_edit eve-meetup public:true')).toContain(
      'eve-meetup',
    );
    expect(await ask(h, GROUP_B, BOB, '/follow eve-meetup')).toContain('eve-meetup');
    expect(await ask(h, GROUP_B, BOB, '/event_cancel eve-meetup')).toContain('belongs to');
    expect(await ask(h, operatorChat, OPERATOR, '/event_cancel mi8-it')).toContain('mi8-it');
    expect((await h.stores.events.get('mi8-it'))?.status).toBe('cancelled');
  });

  it('lets only admins change a group’s settings, anyone their own private chat’s', async () => {
    tg = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const h = tg;
    expect(await ask(h, GROUP_B, MEMBER, '/settings it Europe/Rome')).toBe(
      'Only administrators of this chat can do that.',
    );
    expect(await h.stores.targets.settings(`telegram:${GROUP_B.id}`)).toEqual({});
    expect(await ask(h, GROUP_B, MEMBER, '/settings')).toContain('Europe/Paris');
    await ask(h, { id: MEMBER.id, type: 'private' }, MEMBER, '/settings it Europe/Rome');
    expect(await h.stores.targets.settings(`telegram:${MEMBER.id}`)).toEqual({
      locale: 'it',
      zone: 'Europe/Rome',
    });
  });

  it('shows each chat only its own deliveries in /audit, and everything to an operator in private', async () => {
    tg = await startTelegram(
      testConfig(
        {
          ...settings,
          targets: [
            ...settings.targets,
            { platform: 'telegram', chat: String(GROUP_B.id), locale: 'en', follows: { tags: ['mi8'] } },
          ],
        },
        [MI8_FR],
      ),
      '2018-05-21T11:00:00Z',
    );
    const h = tg;
    h.telegram.kick(BRAND.id);
    await h.clock.advanceTo('2018-05-21T12:00:30Z');
    await vi.waitFor(
      async () => expect((await h.stores.targets.get(`telegram:${BRAND.id}`))?.enabled).toBe(false),
      WAIT,
    );
    h.telegram.members.set(`${GROUP_B.id}:${BOB.id}`, 'administrator');
    const own = await ask(h, GROUP_B, BOB, '/audit');
    expect(own).toContain(`telegram:${GROUP_B.id}`);
    expect(own).not.toContain(String(BRAND.id));
    const all = await ask(h, operatorChat, OPERATOR, '/audit');
    expect(all).toContain(`telegram:${BRAND.id} is disabled`);
    expect(all).toContain(`telegram:${GROUP_B.id}`);
  });
});

describe('tenancy of reminders, digests and removed launches', () => {
  it('a private subscription to a tag never brings another community’s launch; a digest lists only what the chat sees', async () => {
    tg = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const h = tg;
    h.telegram.members.set(`${GROUP_A.id}:${EVE.id}`, 'administrator');
    h.telegram.members.set(`${GROUP_B.id}:${BOB.id}`, 'administrator');
    await ask(h, GROUP_A, EVE, '/event_add eve-meetup 2018-05-21T18:00 Eve’s secret meetup tags:mi8');
    await ask(h, { id: MEMBER.id, type: 'private' }, MEMBER, '/subscribe mi8');
    const reminders = (await h.stores.ledger.forEvent('eve-meetup')).filter((r) => r.kind === 'reminder');
    expect(reminders).toEqual([]);
    expect(
      (await h.stores.ledger.forEvent('mi8-fr')).some((r) => r.targetKey === `telegram:dm:${MEMBER.id}`),
    ).toBe(true);
    const before = h.telegram.sentTo(GROUP_B.id).length;
    h.telegram.type(GROUP_B, BOB, '/summary');
    await vi.waitFor(() => expect(h.telegram.sentTo(GROUP_B.id).length).toBeGreaterThan(before + 1), WAIT);
    const digest = h.telegram
      .sentTo(GROUP_B.id)
      .map((m) => m.text ?? '')
      .join('\n');
    expect(digest).toContain('Mi 8');
    expect(digest).not.toContain('Eve’s secret meetup');
  });

  it('ends the subscriptions of a launch the config removed, so whoever reuses its id reaches none of them', async () => {
    const stores = await import('../../src/stores/sqlite/sqlite-stores.js').then(
      (m) => new m.SqliteStores(':memory:'),
    );
    tg = await startTelegram(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-20T10:00:00Z', { stores });
    await ask(tg, { id: MEMBER.id, type: 'private' }, MEMBER, '/subscribe mi8-it');
    expect(await tg.stores.subscriptions.list()).toHaveLength(1);
    await tg.app.stop();
    const telegram = tg.telegram;
    tg = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-20T11:00:00Z', {
      stores,
      telegram,
      clock: tg.clock,
    });
    const h = tg;
    expect(await h.stores.subscriptions.list()).toEqual([]);
    // Nobody had heard of it, so its id is free again; whoever reuses it reaches none of the
    // people who subscribed to the brand's launch.
    h.telegram.members.set(`${GROUP_A.id}:${EVE.id}`, 'administrator');
    await ask(
      h,
      GROUP_A,
      EVE,
      '/event_add mi8-it 2018-05-24T15:00 Mi 8 Italy: pay your pre-order at evil.example',
    );
    const reminders = (await h.stores.ledger.forEvent('mi8-it')).filter((r) => r.targetKey.includes(':dm:'));
    expect(reminders.filter((r) => r.status !== 'cancelled')).toEqual([]);
  });
});

describe('a group’s own launch through the “Remind me” link', () => {
  it('subscribes a member of the group, and nobody who is not one', async () => {
    tg = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const h = tg;
    h.telegram.members.set(`${GROUP_A.id}:${EVE.id}`, 'administrator');
    await ask(h, GROUP_A, EVE, '/event_add eve-meetup 2018-05-21T18:00 Eve’s meetup');
    await ask(h, GROUP_A, MEMBER, '/subscribe eve-meetup');
    const link = h.telegram.sentTo(GROUP_A.id).at(-1)?.reply_markup?.inline_keyboard?.[0]?.[0]?.url ?? '';
    expect(link).toBe(`https://t.me/herald_bot?start=sub_eve-meetup__g${String(GROUP_A.id).slice(1)}`);
    const payload = link.split('start=')[1] ?? '';
    expect(await ask(h, { id: MEMBER.id, type: 'private' }, MEMBER, `/start ${payload}`)).toContain(
      'eve-meetup',
    );
    expect(await h.stores.subscriptions.list({ userId: String(MEMBER.id) })).toMatchObject([
      { topic: 'event:eve-meetup', community: `telegram:chat:${GROUP_A.id}` },
    ]);
    expect(
      (await h.stores.ledger.forEvent('eve-meetup')).some((r) => r.targetKey === `telegram:dm:${MEMBER.id}`),
    ).toBe(true);
    // Someone who left the group (or forwarded the link elsewhere) gets nothing of it.
    h.telegram.members.set(`${GROUP_A.id}:${BOB.id}`, 'left');
    expect(await ask(h, { id: BOB.id, type: 'private' }, BOB, `/start ${payload}`)).toMatch(
      /neither a launch id nor a tag/,
    );
    expect(await h.stores.subscriptions.list({ userId: String(BOB.id) })).toEqual([]);
  });
});

describe('tenancy across a supergroup upgrade', () => {
  it('a group upgraded to a supergroup keeps its own launches under its new id', async () => {
    tg = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const h = tg;
    h.telegram.members.set(`${GROUP_A.id}:${EVE.id}`, 'administrator');
    await ask(h, GROUP_A, EVE, '/event_add eve-meetup 2018-05-21T18:00 Eve’s meetup');
    await ask(h, GROUP_A, EVE, '/follow eve-meetup');
    const upgraded = { ...GROUP_A, id: -1009000000001 };
    await h.app.calendar.moveTarget(`telegram:${GROUP_A.id}`, String(upgraded.id));
    h.telegram.members.set(`${upgraded.id}:${EVE.id}`, 'administrator');
    expect((await h.stores.events.get('eve-meetup'))?.owner).toBe(`telegram:chat:${upgraded.id}`);
    expect(await ask(h, upgraded, EVE, '/event_edit eve-meetup city:Lyon')).toContain('eve-meetup');
    expect(await ask(h, upgraded, EVE, '/events')).toContain('eve-meetup');
  });
});

describe('tenancy on Discord', () => {
  const GUILD_A = {
    id: '470000000000000000',
    name: 'Fans A',
    channels: [{ id: '470000000000000001', type: 0, name: 'general' }],
    roles: [{ id: '470000000000000777', name: 'Launch team' }],
  };
  const GUILD_B = {
    id: '480000000000000000',
    name: 'Fans B',
    channels: [{ id: '480000000000000001', type: 0, name: 'general' }],
  };

  it('counts a configured admin role, scopes autocomplete to the server, refuses another server’s launch', async () => {
    dc = await startDiscord(
      testConfig({ ...settings, targets: [], discordAdminRoles: ['Launch team'] }, [MI8_FR]),
      '2018-05-20T10:00:00Z',
      { guilds: [GUILD_A, GUILD_B] },
    );
    const h = dc;
    const replies = () => h.discord.interactionReplies;
    const wait = (n: number) => vi.waitFor(() => expect(replies().length).toBeGreaterThanOrEqual(n), WAIT);
    h.discord.interact({
      name: 'event_add',
      options: [
        { name: 'id', type: 3, value: 'a-meetup' },
        { name: 'when', type: 3, value: '2018-06-02T18:00' },
        { name: 'title', type: 3, value: 'Fan meetup' },
      ],
      guildId: GUILD_A.id,
      channelId: GUILD_A.channels[0]?.id ?? '',
      roles: ['470000000000000777'],
    });
    await wait(1);
    expect((await h.stores.events.get('a-meetup'))?.owner).toBe(`discord:guild:${GUILD_A.id}`);
    // Server B's admin: autocomplete does not offer it; cancelling it is an unknown launch.
    h.discord.interact({
      name: 'follow',
      type: 4,
      options: [{ name: 'topic', type: 3, value: 'meet', focused: true } as never],
      guildId: GUILD_B.id,
      channelId: GUILD_B.channels[0]?.id ?? '',
    });
    await wait(2);
    expect(replies()[1]).toMatchObject({ type: 8, data: { choices: [] } });
    h.discord.interact({
      name: 'event_cancel',
      options: [{ name: 'id', type: 3, value: 'a-meetup' }],
      guildId: GUILD_B.id,
      channelId: GUILD_B.channels[0]?.id ?? '',
      permissions: 0x20n,
    });
    await wait(3);
    expect((await h.stores.events.get('a-meetup'))?.status).toBe('scheduled');
    // Without the role or Manage Server, a member of A is refused.
    h.discord.interact({
      name: 'event_cancel',
      options: [{ name: 'id', type: 3, value: 'a-meetup' }],
      guildId: GUILD_A.id,
      channelId: GUILD_A.channels[0]?.id ?? '',
    });
    await wait(4);
    expect(JSON.stringify(replies()[3]?.data)).toContain('Only administrators');
  });
});
