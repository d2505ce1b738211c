import { afterEach, describe, expect, it } from 'vitest';
import { MI8_FR, testConfig } from '../support/config.js';
import { consoleSession } from '../support/transcript.js';

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  owners: ['console:operator'],
  targets: [
    { platform: 'console', chat: 'main', locale: 'en', zone: 'Europe/Paris', follows: { tags: ['*'] } },
  ],
};

let session: Awaited<ReturnType<typeof consoleSession>> | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('what the console answers to a mistyped command', () => {
  it('says a quote is not closed, names the right limit without repeating a long value, and which date is wrong', async () => {
    session = await consoleSession(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const s = session;
    expect(await s.say('/event_add mi9 "2031-05-22 Mi 9')).toBe(
      '  A quote is not closed: close it, or leave the quotes out. Usage: /event_add <id> <when> <title> [zone:…] [city:…] [tags:…] [image:…] [link:…]\n',
    );
    const id = await s.say(`/event_add ${'x'.repeat(10_000)} 2031-05-22 Mi 9`);
    expect(id).toBe('  The id is too long: at most 48 characters.\n');
    expect(await s.say(`/event_add mi9 2031-05-22 ${'t'.repeat(10_000)}`)).toBe(
      '  The title is too long: at most 200 characters.\n',
    );
    expect(await s.say(`/countdown ${'y'.repeat(10_000)}`)).toBe(
      '  The id is too long: at most 48 characters.\n',
    );
    expect(await s.say('/event_add mi9 2031-13-01 Mi 9')).toBe('  "2031-13-01" is not a real date.\n');
  });
});
