import { afterEach, describe, expect, it, vi } from 'vitest';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { DISCORD_TOKEN, type DiscordHarness, GUILD, startDiscord } from '../support/discord-harness.js';

const CHANNEL = GUILD.channels[0]?.id ?? '';
const MANAGE_GUILD = 1n << 5n;

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['1d', '1h', '0'] },
  reminders: { offsets: ['1h'] },
  targets: [
    {
      platform: 'discord',
      chat: CHANNEL,
      locale: 'it',
      zone: 'Europe/Rome',
      follows: { tags: ['mi8'] },
      mention: 'role:448000000000000077',
    },
  ],
};

let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const replies = () => h?.discord.interactionReplies ?? [];
const waitReplies = (n: number) =>
  vi.waitFor(() => expect(replies().length).toBeGreaterThanOrEqual(n), { timeout: 5000, interval: 20 });
const waitMessages = (channel: string, n: number) =>
  vi.waitFor(() => expect(h?.discord.messagesIn(channel).length).toBeGreaterThanOrEqual(n), {
    timeout: 5000,
    interval: 20,
  });

describe('Discord end to end (real discord.js, fake REST + gateway)', () => {
  it('registers slash commands with localizations and Manage Server on admin commands', async () => {
    h = await startDiscord(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const commands = h.discord.commands.get(GUILD.id) as Record<string, unknown>[];
    const next = commands.find((c) => c.name === 'next');
    expect(next).toMatchObject({
      name_localizations: { fr: 'prochain', it: 'prossimo' },
      description_localizations: { fr: 'Le prochain lancement', it: 'Il prossimo lancio' },
    });
    expect(next?.default_member_permissions).toBeUndefined();
    const add = commands.find((c) => c.name === 'event_add');
    expect(add?.default_member_permissions).toBe(String(MANAGE_GUILD));
    expect(
      ((add?.options ?? []) as { name: string; required: boolean }[]).map(
        (o) => `${o.name}${o.required ? '!' : ''}`,
      ),
    ).toEqual(['id!', 'when!', 'title!', 'zone', 'city', 'tags', 'image', 'link']);
    expect(
      ((commands.find((c) => c.name === 'countdown')?.options ?? []) as { autocomplete?: boolean }[])[0]
        ?.autocomplete,
    ).toBe(true);
    expect(
      h.discord.requests.every(
        (r) => r.path.startsWith('/interactions') || r.authorization === `Bot ${DISCORD_TOKEN}`,
      ),
    ).toBe(true);
  });

  it('answers each command as an interaction in the user’s language, ephemerally when personal', async () => {
    h = await startDiscord(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-20T10:00:00Z');
    h.discord.interact({
      name: 'countdown',
      options: [{ name: 'id', type: 3, value: 'mi8-fr' }],
      guildId: GUILD.id,
      channelId: CHANNEL,
      locale: 'fr',
    });
    await waitReplies(1);
    // The channel's language (it) wins over the user's (fr) once the server has set one.
    expect(JSON.stringify(replies()[0]?.data)).toContain('Inizia tra 2 giorni e 2 ore.');
    h.discord.interact({
      name: 'settings',
      guildId: GUILD.id,
      channelId: '448000000000000009',
      locale: 'fr',
    });
    await waitReplies(2);
    expect(replies()[1]?.data).toMatchObject({
      content: 'Langue de cette conversation : français (fr) ; fuseau horaire : Europe/Paris.',
      flags: 64,
    });
    h.discord.interact({
      name: 'subscribe',
      options: [{ name: 'topic', type: 3, value: 'mi8-it' }],
      guildId: GUILD.id,
      channelId: CHANNEL,
      locale: 'it',
    });
    await waitReplies(3);
    expect(replies()[2]?.data).toMatchObject({ flags: 64 });
    expect(await h.stores.subscriptions.list()).toHaveLength(1);
  });

  it('defers an answer that takes long and completes it through the interaction webhook', async () => {
    h = await startDiscord(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z', { deferAfterMs: 0 });
    h.discord.interact({ name: 'next', guildId: GUILD.id, channelId: CHANNEL, locale: 'it' });
    await waitReplies(2);
    expect(replies()[0]?.type).toBe(5); // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    expect(replies()[1]?.type).toBe(-1); // PATCH /webhooks/:app/:token/messages/@original
    expect(JSON.stringify(replies()[1]?.data)).toContain('Prossimo lancio');
  });

  it('refuses admin commands without Manage Server, and lets a server admin change only the server’s own launches', async () => {
    h = await startDiscord(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    h.discord.interact({
      name: 'event_cancel',
      options: [{ name: 'id', type: 3, value: 'mi8-fr' }],
      guildId: GUILD.id,
      channelId: CHANNEL,
      permissions: 0n,
    });
    await waitReplies(1);
    expect(replies()[0]?.data).toMatchObject({
      content: 'Solo gli amministratori di questa chat possono farlo.',
      flags: 64,
    });
    expect((await h.stores.events.get('mi8-fr'))?.status).toBe('scheduled');
    h.discord.interact({
      name: 'event_cancel',
      options: [{ name: 'id', type: 3, value: 'mi8-fr' }],
      guildId: GUILD.id,
      channelId: CHANNEL,
      permissions: MANAGE_GUILD,
    });
    await waitReplies(2);
    // A server admin may not cancel the operators' launch…
    expect(JSON.stringify(replies()[1]?.data)).toContain('appartiene agli operatori di Herald');
    expect((await h.stores.events.get('mi8-fr'))?.status).toBe('scheduled');
    // …but cancels the server's own.
    h.discord.interact({
      name: 'event_add',
      options: [
        { name: 'id', type: 3, value: 'meetup' },
        { name: 'when', type: 3, value: '2018-06-02T18:00' },
        { name: 'title', type: 3, value: 'Fan meetup' },
      ],
      guildId: GUILD.id,
      channelId: CHANNEL,
      permissions: MANAGE_GUILD,
    });
    await waitReplies(3);
    expect((await h.stores.events.get('meetup'))?.owner).toBe(`discord:guild:${GUILD.id}`);
    h.discord.interact({
      name: 'event_cancel',
      options: [{ name: 'id', type: 3, value: 'meetup' }],
      guildId: GUILD.id,
      channelId: CHANNEL,
      permissions: MANAGE_GUILD,
    });
    await waitReplies(4);
    expect((await h.stores.events.get('meetup'))?.status).toBe('cancelled');
  });

  it('posts countdown embeds when due, with reader-local timestamps, buttons, and no mass mention', async () => {
    const loud = {
      ...MI8_IT,
      title: { it: '@everyone launch <@&1234567>' },
      links: [{ label: 'Mi Italia', url: 'https://www.mi.com/it/' }],
    };
    h = await startDiscord(testConfig(settings, [loud]), '2018-05-23T12:00:00Z');
    await h.clock.advanceTo('2018-05-24T13:00:00Z');
    await waitMessages(CHANNEL, 3);
    const [countdown, , live] = h.discord.messagesIn(CHANNEL);
    const embed = countdown?.embeds[0] as {
      title: string;
      description: string;
      fields: { name: string; value: string }[];
    };
    expect(embed.title).toBe('⏳ @\u200beveryone launch <@&\u200b1234567>: manca 1 giorno');
    expect(embed.description).toContain('<t:1527166800:F> · <t:1527166800:R>');
    expect(embed.fields[0]).toEqual({
      name: 'Quando',
      value: 'giovedì 24 maggio 2018 alle 15:00, ora di Milano',
      inline: false,
    });
    expect(countdown?.components).toEqual([
      { type: 1, components: [{ type: 2, style: 5, label: 'Mi Italia', url: 'https://www.mi.com/it/' }] },
    ]);
    expect(countdown?.allowed_mentions).toEqual({ parse: [] });
    expect(countdown?.content).toBe('');
    // Only the role configured on the target is pinged, on "live now".
    expect(live?.content).toBe('<@&448000000000000077>');
    expect(live?.allowed_mentions).toEqual({ parse: [], roles: ['448000000000000077'] });
    expect(countdown?.nonce).toHaveLength(25);
  });
});

describe('Discord delivery and native events', () => {
  it('mirrors each launch as a Guild Scheduled Event: created, updated, started, completed; cancelled with the launch', async () => {
    const cfg = {
      ...settings,
      targets: [
        {
          platform: 'discord',
          chat: CHANNEL,
          locale: 'it',
          zone: 'Europe/Rome',
          follows: { tags: ['mi8'] },
          kinds: ['native'],
        },
      ],
    };
    h = await startDiscord(testConfig(cfg, [MI8_FR, MI8_IT]), '2018-05-20T10:00:00Z');
    const events = () => [...(h?.discord.scheduledEvents.values() ?? [])] as Record<string, unknown>[];
    await vi.waitFor(() => expect(events()).toHaveLength(2));
    const it = events().find((e) => String(e.name).includes('Italia'));
    expect(it).toMatchObject({
      name: 'Lancio di Mi 8 — Italia',
      scheduled_start_time: '2018-05-24T13:00:00.000Z',
      scheduled_end_time: '2018-05-24T15:00:00.000Z',
      entity_type: 3,
      privacy_level: 2,
      entity_metadata: { location: 'Milano' },
      status: 1,
      guild_id: GUILD.id,
    });
    await h.app.calendar.editEvent('mi8-it', {
      start: { kind: 'instant', at: Date.parse('2018-05-24T14:00:00Z') },
      city: 'Roma',
    });
    await vi.waitFor(() => expect(it?.scheduled_start_time).toBe('2018-05-24T14:00:00.000Z'));
    expect(it?.entity_metadata).toEqual({ location: 'Roma' });
    expect(events()).toHaveLength(2);
    await h.app.calendar.setStatus('mi8-fr', 'cancelled');
    await vi.waitFor(() => expect(events().find((e) => String(e.name).includes('Francia'))?.status).toBe(4));
    await h.clock.advanceTo('2018-05-24T14:00:00Z');
    await vi.waitFor(() => expect(it?.status).toBe(2));
    await h.clock.advanceTo('2018-05-24T16:00:00Z');
    await vi.waitFor(() => expect(it?.status).toBe(3));
  });

  it('falls back to one mention in the channel when a subscriber’s DMs are closed (50007), and audit shows it', async () => {
    h = await startDiscord(
      testConfig({ ...settings, owners: ['discord:700000000000000042'] }, [MI8_IT]),
      '2018-05-24T11:00:00Z',
    );
    h.discord.interact({
      name: 'subscribe',
      options: [{ name: 'topic', type: 3, value: 'mi8-it' }],
      guildId: GUILD.id,
      channelId: CHANNEL,
      userId: '700000000000000005',
      locale: 'it',
    });
    await waitReplies(1);
    h.discord.fail({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      dm: true,
      status: 403,
      code: 50007,
      message: 'Cannot send messages to this user',
    });
    await h.clock.advanceTo('2018-05-24T12:00:00Z');
    await vi.waitFor(async () =>
      expect(h?.discord.messagesIn(CHANNEL).some((m) => m.content === '<@700000000000000005>')).toBe(true),
    );
    const fallback = h.discord.messagesIn(CHANNEL).find((m) => m.content === '<@700000000000000005>');
    expect(fallback?.allowed_mentions).toEqual({ parse: [], users: ['700000000000000005'] });
    expect(JSON.stringify(fallback?.embeds)).toContain('i tuoi messaggi privati sono chiusi');
    expect(await h.stores.subscriptions.list()).toEqual([]);
    // An operator sees every delivery from a private chat with the bot; in the server's
    // channel, only that channel's own.
    h.discord.interact({ name: 'audit', channelId: '448000000000000900', userId: '700000000000000042' });
    await waitReplies(2);
    expect(JSON.stringify(replies()[1]?.data)).toContain(
      '403 50007: cannot send messages to this user (DMs closed)',
    );
    h.discord.interact({
      name: 'audit',
      guildId: GUILD.id,
      channelId: CHANNEL,
      userId: '700000000000000042',
      permissions: 0n,
    });
    await waitReplies(3);
    expect(JSON.stringify(replies()[2]?.data)).not.toContain('50007');
  });

  it('disables a channel on missing permissions (50013), naming the permission in audit', async () => {
    h = await startDiscord(
      testConfig({ ...settings, owners: ['discord:700000000000000042'] }, [MI8_IT]),
      '2018-05-23T12:00:00Z',
    );
    h.discord.fail({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 403,
      code: 50013,
      message: 'Missing Permissions',
    });
    await h.clock.advanceTo('2018-05-23T13:00:00Z');
    await vi.waitFor(async () =>
      expect((await h?.stores.targets.get(`discord:${CHANNEL}`))?.enabled).toBe(false),
    );
    h.discord.interact({
      name: 'audit',
      guildId: GUILD.id,
      channelId: CHANNEL,
      userId: '700000000000000042',
    });
    await waitReplies(1);
    expect(JSON.stringify(replies()[0]?.data)).toContain(
      'missing permissions (Send Messages and Embed Links are needed)',
    );
  });

  it('waits out a 429 with Retry-After in the ledger and posts once', async () => {
    h = await startDiscord(testConfig(settings, [MI8_IT]), '2018-05-23T12:00:00Z');
    h.discord.fail({
      method: 'POST',
      path: /^\/channels\/\d+\/messages$/,
      status: 429,
      code: 0,
      message: 'rate limited',
      retryAfter: 1,
    });
    await h.clock.advanceTo('2018-05-23T13:00:00Z');
    // The 429 comes back from discord.js; the post waits in the ledger for Retry-After.
    const key = `mi8-it|countdown|1d|discord:${CHANNEL}`;
    await vi.waitFor(async () =>
      expect((await h?.stores.ledger.get(key))?.lastError).toMatch(/^rate limited for 1\d{3} ms$/),
    );
    expect(h.discord.messagesIn(CHANNEL)).toEqual([]);
    await h.clock.advance(1_100);
    await waitMessages(CHANNEL, 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.discord.messagesIn(CHANNEL)).toHaveLength(1);
    expect(h.discord.tooManyRequests).toBe(1);
    expect(
      h.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages`),
    ).toHaveLength(2);
  });

  it('keeps answering commands and posting across gateway reconnects (op 7, close 4000) and a re-identify (op 9)', async () => {
    h = await startDiscord(testConfig(settings, [MI8_IT]), '2018-05-23T12:00:00Z');
    expect(h.discord.identifies).toHaveLength(1);
    h.discord.reconnect({ op7: true });
    await vi.waitFor(() => expect(h?.discord.resumes.length).toBe(1), { timeout: 10_000 });
    h.discord.interact({ name: 'next', guildId: GUILD.id, channelId: CHANNEL });
    await waitReplies(1);
    h.discord.reconnect({ close: 4000 });
    await vi.waitFor(() => expect(h?.discord.resumes.length).toBe(2), { timeout: 10_000 });
    await h.clock.advanceTo('2018-05-23T13:00:00Z');
    await waitMessages(CHANNEL, 1);
    h.discord.reconnect({ invalidSession: true });
    await vi.waitFor(() => expect(h?.discord.identifies.length).toBe(2), { timeout: 15_000 });
    h.discord.interact({ name: 'events', guildId: GUILD.id, channelId: CHANNEL });
    await waitReplies(2);
    expect(JSON.stringify(replies()[1]?.data)).toContain('Prossimi lanci');
  }, 40_000);

  it('suggests launch ids and time zones as people type', async () => {
    h = await startDiscord(testConfig(settings, [MI8_FR, MI8_IT]), '2018-05-20T10:00:00Z');
    h.discord.interact({
      name: 'countdown',
      type: 4,
      options: [{ name: 'id', type: 3, value: 'ital', focused: true } as never],
      guildId: GUILD.id,
      channelId: CHANNEL,
      locale: 'it',
    });
    await waitReplies(1);
    expect(replies()[0]).toMatchObject({
      type: 8,
      data: { choices: [{ name: 'mi8-it — Lancio di Mi 8 — Italia', value: 'mi8-it' }] },
    });
  });

  it('publishes posts in announcement channels', async () => {
    const announce = GUILD.channels[1]?.id ?? '';
    const cfg = {
      ...settings,
      targets: [
        {
          platform: 'discord',
          chat: announce,
          locale: 'it',
          follows: { tags: ['mi8'] },
          kinds: ['countdown', 'pinned'],
        },
      ],
    };
    h = await startDiscord(testConfig(cfg, [MI8_IT]), '2018-05-23T12:00:00Z');
    await h.clock.advanceTo('2018-05-23T13:00:00Z');
    await vi.waitFor(() => expect(h?.discord.messagesIn(announce)[0]?.crossposted).toBe(true));
    // A pinned countdown would need edits, which are never attempted on published messages.
    const pinned = (await h.stores.ledger.forEvent('mi8-it')).filter(
      (r) => r.kind === 'pinned' && r.status !== 'planned',
    );
    expect(pinned.length).toBeGreaterThan(0);
    expect(
      pinned.every(
        (r) =>
          r.status === 'skipped' &&
          r.reason === 'discord does not support pinned countdowns in announcement channels',
      ),
    ).toBe(true);
    expect(h.discord.messagesIn(announce)).toHaveLength(1);
  });
});
