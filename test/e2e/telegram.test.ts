import { afterEach, describe, expect, it, vi } from 'vitest';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { startTelegram, type TelegramHarness, TOKEN } from '../support/telegram-harness.js';

const GROUP = { id: -1001234567890, type: 'supergroup', title: 'Mi Fans FR' };
const ALICE = { id: 4242, language_code: 'fr', first_name: 'Alice' };
const BOB = { id: 5151, language_code: 'it', first_name: 'Bob' };

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['1d', '1h', '0'] },
  reminders: { offsets: ['1h'] },
  owners: ['telegram:9999'],
  targets: [
    {
      platform: 'telegram',
      chat: String(GROUP.id),
      locale: 'fr',
      zone: 'Europe/Paris',
      follows: { tags: ['mi8'] },
    },
  ],
};

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const texts = (chat: number | string) => h?.telegram.sentTo(chat).map((m) => m.text ?? m.caption ?? '') ?? [];
const waitSent = (chat: number | string, count: number) =>
  vi.waitFor(() => expect(h?.telegram.sentTo(chat).length).toBeGreaterThanOrEqual(count), {
    timeout: 5000,
    interval: 20,
  });

describe('Telegram end to end (real grammY, fake Bot API)', () => {
  it('answers commands in a group and in private, ignores commands for other bots, sets the command menus', async () => {
    h = await startTelegram(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-20T10:00:00Z');
    const menus = h.telegram.commands.map(
      (c) => `${(c.scope as { type: string }).type}/${c.language_code ?? '-'}`,
    );
    expect(menus).toEqual([
      'default/-',
      'default/fr',
      'default/it',
      'default/es',
      'default/de',
      'all_chat_administrators/-',
      'all_chat_administrators/fr',
      'all_chat_administrators/it',
      'all_chat_administrators/es',
      'all_chat_administrators/de',
    ]);
    const publicFr = h.telegram.commands[1]?.commands as { command: string; description: string }[];
    expect(publicFr.map((c) => c.command)).not.toContain('event_add');
    expect(publicFr.find((c) => c.command === 'next')?.description).toBe('Le prochain lancement');
    expect(
      ((h.telegram.commands[5]?.commands ?? []) as { command: string }[]).map((c) => c.command),
    ).toContain('event_add');

    h.telegram.type(GROUP, ALICE, '/next@other_bot');
    h.telegram.type(GROUP, ALICE, '/next@herald_bot');
    await waitSent(GROUP.id, 1);
    h.telegram.type(GROUP, ALICE, '/countdown mi8-fr');
    await waitSent(GROUP.id, 2);
    expect(texts(GROUP.id)[0]).toContain('<b>Prochain lancement : Lancement du Mi 8 — France</b>');
    expect(texts(GROUP.id)[1]).toContain('Début dans 2 jours et 2 heures.');
    h.telegram.type({ id: BOB.id, type: 'private' }, BOB, '/events');
    await waitSent(BOB.id, 1);
    expect(texts(BOB.id)[0]).toContain('<b>Prossimi lanci</b>');
    expect(h.telegram.sent.length).toBe(3); // nothing answered /next@other_bot
  });

  it('refuses admin commands to members, politely and in the chat’s language; allows administrators', async () => {
    h = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    h.telegram.type(GROUP, BOB, '/event_cancel mi8-fr');
    await waitSent(GROUP.id, 1);
    expect(texts(GROUP.id)[0]).toBe('Seuls les administrateurs de cette conversation peuvent faire cela.');
    expect((await h.stores.events.get('mi8-fr'))?.status).toBe('scheduled');
    h.telegram.members.set(`${GROUP.id}:${ALICE.id}`, 'administrator');
    h.telegram.type(GROUP, ALICE, '/follow xiaomi');
    await waitSent(GROUP.id, 2);
    expect(texts(GROUP.id)[1]).toContain('Cette conversation suit désormais xiaomi');
    expect(h.telegram.calls.filter((c) => c.method === 'getChatMember')).toHaveLength(2);
  });

  it('takes commands posted in a channel where the bot is an administrator (only admins can post there)', async () => {
    h = await startTelegram(testConfig({ ...settings, targets: [] }, [MI8_FR]), '2018-05-20T10:00:00Z');
    const channel = { id: -1007777777777, type: 'channel', title: 'Mi News' };
    h.telegram.type(channel, { id: 0 }, '/follow mi8');
    await waitSent(channel.id, 1);
    expect(texts(channel.id)[0]).toContain('This chat now follows mi8');
    expect(await h.stores.targets.get(`telegram:${channel.id}`)).toMatchObject({
      follows: { tags: ['mi8'] },
    });
  });

  it('posts countdowns when due as escaped HTML with link and "Remind me" buttons', async () => {
    const tricky = {
      ...MI8_FR,
      title: { fr: '<b>Mi 8</b> & "Pro"' },
      links: [{ label: 'Mi France', url: 'https://www.mi.com/fr/' }],
    };
    h = await startTelegram(testConfig(settings, [tricky]), '2018-05-21T11:00:00Z');
    await h.clock.advanceTo('2018-05-21T12:00:00Z');
    await waitSent(GROUP.id, 1);
    const [post] = h.telegram.sentTo(GROUP.id);
    expect(post?.parse_mode).toBe('HTML');
    expect(post?.text).toContain('<b>⏳ &lt;b&gt;Mi 8&lt;/b&gt; &amp; "Pro" : plus qu’un jour</b>');
    expect(post?.text).toContain('<b>Quand :</b> mardi 22 mai 2018 à 14:00, heure de Paris');
    expect(post?.reply_markup?.inline_keyboard).toEqual([
      [{ text: 'Mi France', url: 'https://www.mi.com/fr/' }],
      [{ text: '🔔 Me le rappeler', url: 'https://t.me/herald_bot?start=sub_mi8-fr__g1001234567890' }],
    ]);
  });

  it('subscribes through the "Remind me" deep link in private, sends the DM reminder, and /unsubscribe stops it', async () => {
    h = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-22T10:00:00Z');
    h.telegram.type(GROUP, BOB, '/subscribe mi8-fr');
    await waitSent(GROUP.id, 1);
    expect(texts(GROUP.id)[0]).toContain('ouvrez une conversation avec moi');
    expect(h.telegram.sentTo(GROUP.id)[0]?.reply_markup?.inline_keyboard?.[0]?.[0]?.url).toBe(
      'https://t.me/herald_bot?start=sub_mi8-fr__g1001234567890',
    );
    expect(await h.stores.subscriptions.list()).toEqual([]);
    h.telegram.type({ id: BOB.id, type: 'private' }, BOB, '/start sub_mi8-fr');
    await waitSent(BOB.id, 1);
    expect(texts(BOB.id)[0]).toContain('Iscrizione a mi8-fr fatta.');
    await h.clock.advanceTo('2018-05-22T11:00:00Z');
    await waitSent(BOB.id, 2);
    expect(texts(BOB.id)[1]).toContain('🔔 Promemoria: Lancio di Mi 8 — Francia inizia tra 1 ora');
    h.telegram.type({ id: BOB.id, type: 'private' }, BOB, '/unsubscribe');
    await waitSent(BOB.id, 3);
    expect(texts(BOB.id)[2]).toBe('1 iscrizione rimossa.');
  });

  it('waits out a 429 retry_after, retries a 5xx burst, and sends each post once', async () => {
    h = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-21T11:00:00Z');
    h.telegram.fail({
      method: 'sendMessage',
      status: 429,
      description: 'Too Many Requests: retry after 5',
      parameters: { retry_after: 5 },
    });
    await h.clock.advanceTo('2018-05-21T12:00:00Z');
    await vi.waitFor(async () =>
      expect((await h?.stores.ledger.get(`mi8-fr|countdown|1d|telegram:${GROUP.id}`))?.status).toBe(
        'planned',
      ),
    );
    expect(h.telegram.sentTo(GROUP.id)).toEqual([]);
    await h.clock.advanceTo('2018-05-21T12:00:05Z');
    await waitSent(GROUP.id, 1);
    for (let i = 0; i < 3; i++)
      h.telegram.fail({ method: 'sendMessage', status: 502, description: 'Bad Gateway' });
    await h.clock.advanceTo('2018-05-22T11:00:00Z');
    await vi.waitFor(async () =>
      expect((await h?.stores.ledger.get(`mi8-fr|countdown|1h|telegram:${GROUP.id}`))?.attempts).toBe(1),
    );
    for (const wait of [2_000, 4_000, 8_000]) {
      await h.clock.advance(wait);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitSent(GROUP.id, 2);
    await h.clock.advanceTo('2018-05-22T12:00:00Z');
    await waitSent(GROUP.id, 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(GROUP.id).map((t) => t.split('\n')[0])).toEqual([
      '<b>⏳ Lancement du Mi 8 — France : plus qu’un jour</b>',
      '<b>⏳ Lancement du Mi 8 — France : plus qu’une heure</b>',
      '<b>🚀 C’est parti : Lancement du Mi 8 — France</b>',
    ]);
    expect(await h.stores.ledger.get(`mi8-fr|countdown|1h|telegram:${GROUP.id}`)).toMatchObject({
      status: 'sent',
      attempts: 4,
    });
  });

  it('follows a group upgraded to a supergroup, ends the subscription of a user who blocked the bot, disables a chat that kicked it', async () => {
    const oldGroup = { id: -4001, type: 'group', title: 'Old group' };
    const cfg = {
      ...settings,
      targets: [
        { platform: 'telegram', chat: '-4001', locale: 'en', follows: { tags: ['mi8'] } },
        { platform: 'telegram', chat: '-4002', locale: 'en', follows: { tags: ['mi8'] } },
      ],
    };
    h = await startTelegram(testConfig(cfg, [MI8_FR]), '2018-05-21T11:00:00Z');
    await h.app.calendar.subscribe({
      platform: 'telegram',
      userId: String(ALICE.id),
      topic: 'event:mi8-fr',
      originChatId: '-4002',
      locale: 'fr',
      zone: 'Europe/Paris',
      createdAt: 0,
    });
    h.telegram.fail({
      chatId: '-4001',
      status: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -1004001 },
    });
    h.telegram.fail({
      chatId: '-4002',
      status: 403,
      description: 'Forbidden: bot was kicked from the group chat',
    });
    await h.clock.advanceTo('2018-05-21T12:00:00Z');
    await waitSent(-1004001, 1);
    expect(texts(-1004001)[0]).toContain('1 day to go');
    expect(await h.stores.targets.get('telegram:-1004001')).toMatchObject({
      chatId: '-1004001',
      enabled: true,
    });
    expect(await h.stores.targets.get('telegram:-4001')).toBeUndefined();
    expect(await h.stores.targets.get('telegram:-4002')).toMatchObject({
      enabled: false,
      disabledReason: '403: Forbidden: bot was kicked from the group chat',
    });
    h.telegram.fail({
      chatId: String(ALICE.id),
      status: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    await h.clock.advanceTo('2018-05-22T11:00:01Z');
    await vi.waitFor(async () => expect(await h?.stores.subscriptions.list()).toEqual([]));
    await waitSent(-1004001, 2);
    expect(texts(oldGroup.id)).toEqual([]);
    // The owner sees both in the audit.
    h.telegram.type({ id: 9999, type: 'private' }, { id: 9999 }, '/audit');
    await waitSent(9999, 1);
    expect(texts(9999)[0]).toContain(
      '⚠️ telegram:-4002 is disabled: 403: Forbidden: bot was kicked from the group chat',
    );
    expect(texts(9999)[0]).toContain(
      'failed mi8-fr reminder 1h → telegram:dm:4242 (403: Forbidden: bot was blocked by the user)',
    );
  });

  it('restarts mid-campaign without repeating a post, and never logs the token', async () => {
    h = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-21T11:00:00Z');
    await h.clock.advanceTo('2018-05-21T12:00:00Z');
    await waitSent(GROUP.id, 1);
    h = await h.restart();
    await h.clock.advanceTo('2018-05-22T12:00:00Z');
    await waitSent(GROUP.id, 3);
    await new Promise((r) => setTimeout(r, 200));
    expect(texts(GROUP.id)).toHaveLength(3);
    expect(JSON.stringify(h.telegram.calls)).not.toContain(TOKEN);
  });
});

describe('Telegram pinned countdown', () => {
  it('posts and pins one message, then edits it hourly on the last day and each minute in the last hour', async () => {
    const cfg = {
      ...settings,
      targets: [
        {
          platform: 'telegram',
          chat: String(GROUP.id),
          locale: 'fr',
          follows: { tags: ['mi8'] },
          kinds: ['pinned'],
        },
      ],
    };
    h = await startTelegram(testConfig(cfg, [MI8_FR]), '2018-05-21T11:30:00Z');
    const rows = (await h.stores.ledger.forEvent('mi8-fr')).filter((r) => r.kind === 'pinned');
    expect(rows.map((r) => r.slot).slice(0, 3)).toEqual(['m1440', 'm1380', 'm1320']);
    expect(rows).toHaveLength(23 + 60 + 1);
    for (const [index, row] of rows.entries()) {
      await h.clock.advanceTo(row.due);
      await vi.waitFor(async () => expect((await h?.stores.ledger.get(row.key))?.status).toBe('sent'), {
        timeout: 5000,
        interval: 10,
      });
      if (index === 0)
        expect(h.telegram.pinned.get(String(GROUP.id))).toBe(h.telegram.sentTo(GROUP.id)[0]?.message_id);
      if (row.slot === 'm90') expect(texts(GROUP.id)[0]).toContain('plus qu’une heure et 30 minutes');
    }
    const messages = h.telegram.sentTo(GROUP.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.edits).toBe(rows.length - 1);
    expect(messages[0]?.text).toContain('<b>🚀 C’est parti : Lancement du Mi 8 — France</b>');
  });

  it('posts and pins a new message when the pinned one was deleted', async () => {
    const cfg = {
      ...settings,
      targets: [
        {
          platform: 'telegram',
          chat: String(GROUP.id),
          locale: 'en',
          follows: { tags: ['mi8'] },
          kinds: ['pinned'],
        },
      ],
    };
    h = await startTelegram(testConfig(cfg, [MI8_FR]), '2018-05-22T11:57:30Z');
    await h.clock.advanceTo('2018-05-22T11:58:00Z');
    await waitSent(GROUP.id, 1);
    h.telegram.sent.splice(0); // an admin deleted it
    await h.clock.advanceTo('2018-05-22T11:59:00Z');
    await waitSent(GROUP.id, 1);
    expect(texts(GROUP.id)[0]).toContain('1 minute to go');
    expect(h.telegram.pinned.get(String(GROUP.id))).toBe(h.telegram.sentTo(GROUP.id)[0]?.message_id);
  });
});
