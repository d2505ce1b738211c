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
      (add?.options as { name: string; required: boolean }[]).map((o) => `${o.name}${o.required ? '!' : ''}`),
    ).toEqual(['id!', 'when!', 'title!', 'zone', 'city', 'tags', 'image', 'link']);
    expect(
      (commands.find((c) => c.name === 'countdown')?.options as { autocomplete?: boolean }[])[0]
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
      content: 'Ce salon utilise la langue fr et le fuseau Europe/Paris.',
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
    expect(await h.store.listSubscriptions()).toHaveLength(1);
  });

  it('refuses admin commands when the member lacks Manage Server, and runs them when it has it', async () => {
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
    expect((await h.store.getEvent('mi8-fr'))?.status).toBe('scheduled');
    h.discord.interact({
      name: 'event_cancel',
      options: [{ name: 'id', type: 3, value: 'mi8-fr' }],
      guildId: GUILD.id,
      channelId: CHANNEL,
      permissions: MANAGE_GUILD,
    });
    await waitReplies(2);
    expect((await h.store.getEvent('mi8-fr'))?.status).toBe('cancelled');
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
    expect(embed.title).toBe('⏳ @\u200beveryone launch <@&\u200b1234567>: mancano 1 giorno');
    expect(embed.description).toContain('<t:1527166800:F> · <t:1527166800:R>');
    expect(embed.fields[0]).toEqual({
      name: 'Quando',
      value: 'giovedì 24 maggio 2018, 15:00 ora di Milano',
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
