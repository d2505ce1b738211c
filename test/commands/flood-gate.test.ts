import { afterEach, describe, expect, it } from 'vitest';
import { heraldFileSchema } from '../../src/config/schema.js';
import { MI8_FR, testConfig } from '../support/config.js';
import { consoleSession } from '../support/transcript.js';

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  owners: ['console:operator'],
  commands: { perUser: { commands: 2, window: '10s' }, perChat: { commands: 4, window: '30s' } },
  targets: [{ platform: 'console', chat: 'main', locale: 'en', follows: { tags: ['xiaomi'] } }],
};

let session: Awaited<ReturnType<typeof consoleSession>> | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('the flood gate in the command router (console)', () => {
  it('one person: N answers, one "slow down" with when to try again, then silence until then', async () => {
    session = await consoleSession(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const s = session;
    expect(await s.say('[guest] /next')).toContain('Next launch');
    await s.clock.advance(3_000);
    expect(await s.say('[guest] /next')).toContain('Next launch');
    expect(await s.say('[guest] /next')).toContain(
      'Slow down: that is a lot of commands. Try again in 7 seconds.',
    );
    expect(await s.say('[guest] /next')).toBe('');
    expect(await s.say('[guest] /frobnicate')).toBe('');
    // Someone else in the chat is not held back, and the operator is never counted.
    expect(await s.say('[other] /next')).toContain('Next launch');
    for (let i = 0; i < 5; i++) expect(await s.say('/next')).toContain('Next launch');
    await s.clock.advance(7_000);
    expect(await s.say('[guest] /next')).toContain('Next launch');
  });

  it('a whole chat: one "too many commands in this chat" for everyone, then silence for everyone', async () => {
    session = await consoleSession(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const s = session;
    for (const user of ['a', 'b', 'c', 'd']) expect(await s.say(`[${user}] /next`)).toContain('Next launch');
    expect((await s.say('[e] /next')).trim()).toBe(
      'Too many commands in this chat. Try again in 30 seconds.',
    );
    expect(await s.say('[f] /next')).toBe('');
    expect(await s.say('[a] /help')).toBe('');
    expect(await s.say('/next')).toContain('Next launch'); // the operator
    await s.clock.advance(30_000);
    expect(await s.say('[f] /next')).toContain('Next launch');
  });

  it('says it in the chat’s language', async () => {
    const french = { ...settings, targets: [{ ...settings.targets[0], locale: 'fr' }] };
    session = await consoleSession(testConfig(french, [MI8_FR]), '2018-05-20T10:00:00Z');
    const s = session;
    await s.say('[guest] /next');
    await s.say('[guest] /next');
    expect(await s.say('[guest] /next')).toContain(
      'Doucement : cela fait beaucoup de commandes. Réessayez dans 10 secondes.',
    );
  });
});

describe('the `commands` section of herald.yaml', () => {
  it('has defaults: 8 a minute per person in a chat, 15 a minute per chat', () => {
    const parsed = heraldFileSchema.parse({});
    expect(parsed.commands.perUser).toMatchObject({ commands: 8, window: { label: '1m' } });
    expect(parsed.commands.perChat).toMatchObject({ commands: 15, window: { label: '1m' } });
    expect(heraldFileSchema.parse({ commands: { perUser: { commands: 3 } } }).commands).toMatchObject({
      perUser: { commands: 3, window: { label: '1m' } },
      perChat: { commands: 15 },
    });
  });

  it('refuses counts and windows out of range, and unknown keys', () => {
    for (const commands of [
      { perUser: { commands: 0 } },
      { perUser: { commands: 2.5 } },
      { perChat: { window: '2h' } },
      { perChat: { window: '0' } },
      { perChat: { window: 'soon' } },
      { perGuild: { commands: 3 } },
    ]) {
      expect(heraldFileSchema.safeParse({ commands }).success, JSON.stringify(commands)).toBe(false);
    }
  });
});
