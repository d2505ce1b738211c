import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramAdapter } from '../../src/adapters/telegram/telegram-adapter.js';
import { systemClock } from '../../src/core/clock.js';
import { DeliveryError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import { FakeTelegram, parseEntities } from '../fakes/telegram-server.js';

/** Long text through the real grammY adapter against a fake Bot API that refuses what Telegram refuses. */
const TOKEN = '7000001:AAE-herald-split-token-0123456789';
const GROUP = '-1001234567890';

const post: OutboundMessage = {
  kind: 'countdown',
  locale: 'en',
  title: 'T',
  lines: [],
  fields: [],
  links: [{ label: 'Site', url: 'https://www.mi.com/' }],
  eventId: 'mi8',
};

let fake: FakeTelegram;
let adapter: TelegramAdapter;

beforeAll(async () => {
  fake = new FakeTelegram(TOKEN);
  await fake.start();
  adapter = new TelegramAdapter({
    token: TOKEN,
    apiRoot: fake.apiRoot,
    clock: systemClock,
    logger: silentLogger(),
    commands: [],
  });
  await adapter.start({ onCommand: async () => {} });
});

afterAll(async () => {
  await adapter.stop();
  await fake.stop();
});

/** What the chat shows of the messages sent since `since`: each text with its tags and escapes parsed. */
function shownSince(since: number): string[] {
  return fake.sent.slice(since).map((m) => {
    const parsed = parseEntities(m.text ?? m.caption ?? '', m.parse_mode);
    if (typeof parsed !== 'string') throw new Error(parsed.error);
    return parsed;
  });
}

/** Calls the fake Bot API directly, as grammY would. */
async function call(
  method: string,
  body: Record<string, unknown>,
): Promise<{ ok: boolean; description?: string }> {
  const res = await fetch(`${fake.apiRoot}/bot${TOKEN}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; description?: string };
}

describe('a long post through the Telegram adapter', () => {
  it('sends a title of 10,000 "<" as parts Telegram accepts, losing none of them', async () => {
    const since = fake.sent.length;
    const calls = fake.calls.length;
    const title = '<'.repeat(10_000);
    await adapter.post({ chatId: GROUP, dm: false }, { ...post, title });
    const sent = fake.sent.slice(since);
    const sends = fake.calls.slice(calls).filter((c) => c.method === 'sendMessage');
    expect(sent.length).toBeGreaterThan(1);
    expect(sends).toHaveLength(sent.length); // no part was refused
    expect(sent.every((m) => m.chat_id === GROUP && (m.text ?? '').length <= 4096)).toBe(true);
    expect(shownSince(since).join('')).toBe(title);
    // The buttons ride on the last part only.
    expect(sent.slice(0, -1).every((m) => m.reply_markup === undefined)).toBe(true);
    expect(
      sent
        .at(-1)
        ?.reply_markup?.inline_keyboard?.flat()
        .map((b) => b.text),
    ).toEqual(['Site', '🔔 Remind me']);
  });

  it('sends an image whose HTML is over 1,024 characters as a preview above the text, not a caption', async () => {
    const since = fake.sent.length;
    const lines = ['&'.repeat(300)]; // 300 characters shown, 1,500 of HTML
    await adapter.post({ chatId: GROUP, dm: false }, { ...post, title: '', lines, image: 'https://x/i.png' });
    expect(fake.sent.slice(since).map((m) => m.method)).toEqual(['sendMessage']);
    expect(shownSince(since)).toEqual(lines);
  });

  it('sends a short caption with its photo', async () => {
    const since = fake.sent.length;
    await adapter.post(
      { chatId: GROUP, dm: false },
      { ...post, title: '<Mi 8> & co', image: 'https://x/i.png' },
    );
    expect(fake.sent.slice(since).map((m) => m.method)).toEqual(['sendPhoto']);
    expect(shownSince(since)).toEqual(['<Mi 8> & co']);
  });
});

describe('the fake Bot API refuses what Telegram refuses', () => {
  const text = (value: string) => ({ chat_id: GROUP, text: value, parse_mode: 'HTML' });

  it('measures a text after entity parsing, in UTF-16 code units', async () => {
    expect(await call('sendMessage', text('&lt;'.repeat(4096)))).toMatchObject({ ok: true });
    expect(await call('sendMessage', text('<b>x</b>'.repeat(4096)))).toMatchObject({ ok: true });
    expect(await call('sendMessage', text('x'.repeat(4097)))).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: message is too long',
    });
    expect(await call('sendMessage', text('😀'.repeat(2049)))).toMatchObject({
      description: 'Bad Request: message is too long',
    });
    expect(await call('sendMessage', text('<b> </b>\n'))).toMatchObject({
      description: 'Bad Request: message text is empty',
    });
  });

  it.each([
    ['a cut escape', '<b>&lt;&l</b>'],
    ['an unclosed tag', '<b>&lt;&lt;'],
    ['a mismatched end tag', '<b>x</i>'],
    ['an unknown tag', '<script>x</script>'],
    ['a bare <', 'a < b'],
    ['a bare &', 'Mi & co'],
    ['an unknown named entity', '&nbsp;'],
  ])("refuses %s with can't parse entities", async (_, html) => {
    const answer = await call('sendMessage', text(html));
    expect(answer).toMatchObject({ ok: false, error_code: 400 });
    expect(answer.description).toMatch(/^Bad Request: can't parse entities: /);
  });

  it('accepts named and numeric entities and the tags Telegram knows', async () => {
    const html = '<b>&lt;&gt;&amp;&quot;&#128512;&#x1F600;</b> <a href="tg://user?id=42">👤</a> <i>x</i>';
    expect(await call('sendMessage', text(html))).toMatchObject({ ok: true });
    expect(parseEntities(html, 'HTML')).toBe('<>&"😀😀 👤 x');
  });

  it('refuses a photo caption over 1,024 characters after parsing', async () => {
    const photo = (caption: string) => ({
      chat_id: GROUP,
      photo: 'https://x/i.png',
      caption,
      parse_mode: 'HTML',
    });
    expect(await call('sendPhoto', photo('&amp;'.repeat(1024)))).toMatchObject({ ok: true });
    expect(await call('sendPhoto', photo('x'.repeat(1025)))).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: message caption is too long',
    });
    expect((await call('sendPhoto', photo('<b>x'))).description).toMatch(
      /^Bad Request: can't parse entities/,
    );
  });

  it('checks an edited text as it checks a sent one', async () => {
    const ref = await adapter.post({ chatId: GROUP, dm: false }, post);
    const edit = (value: string) => ({ ...text(value), message_id: Number(ref.messageId) });
    expect((await call('editMessageText', edit('x'.repeat(4097)))).description).toBe(
      'Bad Request: message is too long',
    );
    expect((await call('editMessageText', edit('<b>&l</b>'))).description).toMatch(
      /^Bad Request: can't parse entities/,
    );
    // A refused part reaches Herald as a permanent error about the message, not the chat.
    fake.fail({ method: 'sendMessage', status: 400, description: "Bad Request: can't parse entities: x" });
    const failure = await adapter.post({ chatId: GROUP, dm: false }, post).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ kind: 'permanent', scope: 'message' });
  });
});
