import fc from 'fast-check';
import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../src/adapters/telegram/errors.js';
import {
  CAPTION_LIMIT,
  type Run,
  renderTelegram,
  split,
  TEXT_LIMIT,
} from '../../src/adapters/telegram/render.js';
import { registerSecret } from '../../src/core/logger.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import { parseEntities } from '../fakes/telegram-server.js';

const base: OutboundMessage = {
  kind: 'countdown',
  locale: 'en',
  title: 'T',
  lines: [],
  fields: [],
  links: [],
};

describe('renderTelegram', () => {
  it('escapes every piece of event text and keeps only its own tags', () => {
    const out = renderTelegram({
      ...base,
      title: '<b>Mi 8</b> & "Pro"',
      lines: ['a < b > c'],
      fields: [{ label: '<i>', value: '&amp;' }],
      footer: '</i>',
    });
    expect(out.parts).toEqual([
      '<b>&lt;b&gt;Mi 8&lt;/b&gt; &amp; "Pro"</b>\na &lt; b &gt; c\n<b>&lt;i&gt;:</b> &amp;amp;\n<i>&lt;/i&gt;</i>',
    ]);
  });

  it('sends an image as a photo when the caption fits 1024 characters, else as a large preview above the text', () => {
    expect(renderTelegram({ ...base, image: 'https://x/i.png', lines: ['short'] }).photo).toBe(
      'https://x/i.png',
    );
    const long = renderTelegram({ ...base, image: 'https://x/i.png', lines: ['y'.repeat(CAPTION_LIMIT)] });
    expect(long.photo).toBeUndefined();
    expect(long.preview).toBe('https://x/i.png');
  });

  it('splits long texts at line boundaries under 4096 characters', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `• line ${i} ${'x'.repeat(30)}`);
    const parts = renderTelegram({ ...base, title: '', lines }).parts;
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= TEXT_LIMIT)).toBe(true);
    // Each part but the last ends with its line's newline: no text is lost at a cut.
    expect(parts.slice(0, -1).every((p) => p.endsWith('\n'))).toBe(true);
    expect(parts.join('')).toBe(lines.join('\n'));
  });

  it('adds a "Remind me" deep link only to event posts in groups', () => {
    const post = { ...base, eventId: 'mi8-fr', links: [{ label: 'Site', url: 'https://mi.com' }] };
    expect(renderTelegram(post, { botUsername: 'herald_bot' }).buttons.at(-1)).toEqual({
      text: '🔔 Remind me',
      url: 'https://t.me/herald_bot?start=sub_mi8-fr',
    });
    expect(renderTelegram(post, { botUsername: 'herald_bot', privateChat: true }).buttons).toHaveLength(1);
  });
});

/** What Telegram shows for each part: the fake Bot API's parser throws on HTML it would refuse. */
function shown(parts: readonly string[]): string[] {
  return parts.map((part) => {
    const parsed = parseEntities(part, 'HTML');
    if (typeof parsed !== 'string') throw new Error(`${parsed.error} in ${part.slice(0, 80)}`);
    return parsed;
  });
}

/** Every part fits, parses, closes each tag it opens, and together they show `text` exactly. */
function expectLossless(parts: readonly string[], text: string, limit = TEXT_LIMIT): void {
  for (const part of parts) {
    expect(part.length).toBeLessThanOrEqual(limit);
    for (const tag of ['b', 'i', 'a']) {
      expect(part.split(`</${tag}>`).length, `<${tag}> closed in ${part.slice(0, 80)}`).toBe(
        part.split(new RegExp(`<${tag}[ >]`)).length,
      );
    }
  }
  expect(shown(parts).join('')).toBe(text);
}

/** The plain text a message shows, line by line, as renderTelegram lays it out. */
function plainText(message: OutboundMessage): string {
  const colon = message.locale === 'fr' ? ' :' : ':';
  return [
    ...(message.mention ? [/^\d+$/.test(message.mention) ? '👤' : message.mention] : []),
    ...(message.title ? [message.title] : []),
    ...message.lines,
    ...message.fields.map((f) => `${f.label}${colon} ${f.value}`),
    ...(message.footer ? [message.footer] : []),
  ].join('\n');
}

describe('renderTelegram splits the plain text, not its HTML', () => {
  it('cuts a title of 10,000 "<" into well-formed bold parts without breaking an escape', () => {
    const title = '<'.repeat(10_000);
    const { parts } = renderTelegram({ ...base, title });
    expect(parts.length).toBeGreaterThan(9); // 10,000 × "&lt;" is 40,000 characters of HTML
    for (const part of parts) expect(part).toMatch(/^<b>(&lt;)+<\/b>$/);
    expectLossless(parts, title);
  });

  it('carries an overlong line on to the next part instead of truncating it', () => {
    const line = 'word '.repeat(2_000).trim();
    const { parts } = renderTelegram({ ...base, title: '', lines: [line] });
    expect(parts.join('')).not.toContain('…');
    expectLossless(parts, line);
    // Cut after a space: no word is split.
    for (const part of parts.slice(0, -1)) expect(part.endsWith('word ')).toBe(true);
  });

  it('closes a bold line in one part and reopens it in the next', () => {
    const title = 'Mi & 8 '.repeat(1_500);
    const { parts } = renderTelegram({ ...base, title, lines: ['after'], footer: 'end' });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.startsWith('<b>'))).toBe(true);
    expect(parts.slice(0, -1).every((p) => p.endsWith('</b>'))).toBe(true);
    expectLossless(parts, `${title}\nafter\nend`);
  });

  it('never cuts 5,000 emoji inside a surrogate pair, nor a family emoji between its people', () => {
    const emoji = '😀'.repeat(5_000);
    const one = renderTelegram({ ...base, title: '', lines: [emoji] }).parts;
    expect(one.length).toBe(3);
    for (const part of one) expect(part).toMatch(/^(😀)+$/u);
    expectLossless(one, emoji);

    const family = '👨‍👩‍👧'.repeat(1_000); // 8 UTF-16 units each, joined by zero-width joiners
    const other = renderTelegram({ ...base, title: '', lines: [family] }).parts;
    for (const part of other) expect(part).toMatch(/^(👨‍👩‍👧)+$/u);
    expectLossless(other, family);
  });

  it('splits a long digest only between lines, each part a run of whole lines', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• <Mi ${i}> & friends — ${'é'.repeat(i % 40)}`);
    const message = { ...base, title: 'Digest & more', lines, footer: 'Herald' };
    const { parts } = renderTelegram(message);
    expect(parts.length).toBeGreaterThan(2);
    const text = shown(parts);
    for (const part of text.slice(0, -1)) expect(part.endsWith('\n')).toBe(true);
    expect(
      text.every((part) =>
        part
          .split('\n')
          .every((line) => !line || lines.includes(line) || line === 'Digest & more' || line === 'Herald'),
      ),
    ).toBe(true);
    expectLossless(parts, plainText(message));
  });

  it('decides on a photo caption by the rendered length, and sends one part when it fits', () => {
    const image = 'https://x/i.png';
    // 200 "&" are 200 characters of text but 1,000 of HTML.
    const fits = renderTelegram({ ...base, image, title: '', lines: ['&'.repeat(200)] });
    expect(fits.photo).toBe(image);
    expect(fits.parts).toEqual(['&amp;'.repeat(200)]);
    const over = renderTelegram({ ...base, image, title: '', lines: ['&'.repeat(205)] });
    expect(over.photo).toBeUndefined();
    expect(over.preview).toBe(image);
    expectLossless(over.parts, '&'.repeat(205));
  });

  it('never leaves a part of blanks only, which Telegram refuses as empty', () => {
    // Cut at the newline, the first part would be a bold run of spaces.
    const message = { ...base, title: ' '.repeat(10), lines: ['x'.repeat(5_000)] };
    const { parts } = renderTelegram(message);
    expect(parts[0]?.startsWith('<b>          </b>\nxxx')).toBe(true);
    expect(shown(parts).every((p) => p.trim() !== '')).toBe(true);
    expectLossless(parts, plainText(message));
  });

  it('keeps a user mention as one link, on its own line before a title too long to join it', () => {
    const message = { ...base, mention: '42', title: '<'.repeat(2_000) };
    const { parts } = renderTelegram(message);
    expect(parts[0]).toBe('<a href="tg://user?id=42">👤</a>\n');
    expect(parts.slice(1).every((p) => !p.includes('<a '))).toBe(true);
    expectLossless(parts, plainText(message));
  });

  const hostile = fc.string({
    unit: fc.constantFrom('<', '>', '&', ' ', '\n', 'a', 'é', '😀', '👨‍👩‍👧', '&lt;', '<b>'),
    maxLength: 400,
  });

  it('property: any runs and any limit give parts that fit, parse, and lose nothing', () => {
    const run = fc.record({
      text: hostile,
      style: fc.constantFrom<[string, string]>(['', ''], ['<b>', '</b>'], ['<i>', '</i>']),
    });
    fc.assert(
      fc.property(fc.array(run, { maxLength: 8 }), fc.integer({ min: 20, max: 600 }), (raw, limit) => {
        const runs: Run[] = raw.map(({ text, style: [open, close] }) => ({ text, open, close }));
        const parts = split(runs, limit);
        expectLossless(parts, runs.map((r) => r.text).join(''), limit);
      }),
      { numRuns: 300 },
    );
  });

  it('property: any message renders to parts that fit, parse, and show its lines in order', () => {
    // Repeated so that about half the messages need more than one part.
    const long = fc
      .tuple(hostile, fc.constantFrom(1, 10, 100, 1_000))
      .map(([text, times]) => text.repeat(times));
    const message = fc.record({
      title: long,
      lines: fc.array(long, { maxLength: 4 }),
      fields: fc.array(fc.record({ label: hostile, value: long }), { maxLength: 2 }),
      footer: fc.option(hostile, { nil: undefined }),
      mention: fc.option(fc.constantFrom('42', '@here <all>'), { nil: undefined }),
      locale: fc.constantFrom('en' as const, 'fr' as const),
    });
    fc.assert(
      fc.property(message, ({ footer, mention, ...rest }) => {
        const m: OutboundMessage = {
          ...base,
          ...rest,
          ...(footer === undefined ? {} : { footer }),
          ...(mention === undefined ? {} : { mention }),
        };
        expectLossless(renderTelegram(m).parts, plainText(m));
      }),
      { numRuns: 100 },
    );
  });
});

describe('toDeliveryError', () => {
  const api = (error_code: number, description: string, parameters = {}) =>
    new GrammyError('Call failed', { ok: false, error_code, description, parameters }, 'sendMessage', {});

  it('tells waiting, retrying and giving up apart', () => {
    expect(toDeliveryError(api(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7000,
    });
    expect(toDeliveryError(api(502, 'Bad Gateway'))).toMatchObject({ kind: 'transient' });
    expect(toDeliveryError(api(403, 'Forbidden: bot was blocked by the user'))).toMatchObject({
      kind: 'permanent',
      scope: 'target',
    });
    expect(toDeliveryError(api(400, 'Bad Request: chat not found'))).toMatchObject({
      kind: 'permanent',
      scope: 'target',
    });
    expect(
      toDeliveryError(
        api(400, 'Bad Request: group chat was upgraded to a supergroup chat', {
          migrate_to_chat_id: -100123,
        }),
      ),
    ).toMatchObject({
      kind: 'permanent',
      scope: 'target',
      migrateTo: '-100123',
    });
    expect(toDeliveryError(api(400, "Bad Request: can't parse entities"))).toMatchObject({
      kind: 'permanent',
      scope: 'message',
    });
  });

  it('never carries the token of a failed request URL', () => {
    const token = '7000001:AAE-secret-in-url-0123456789';
    registerSecret(token);
    const error = toDeliveryError(
      new HttpError(
        "Network request for 'sendMessage' failed!",
        new Error(`request to http://127.0.0.1:9/bot${token}/sendMessage failed`),
      ),
    );
    expect(error.kind).toBe('transient');
    expect(error.message).not.toContain(token);
    expect(error.message).toContain('bot[redacted]/sendMessage');
  });
});
