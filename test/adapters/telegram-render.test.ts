import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../src/adapters/telegram/errors.js';
import { CAPTION_LIMIT, renderTelegram, split, TEXT_LIMIT } from '../../src/adapters/telegram/render.js';
import { registerSecret } from '../../src/core/logger.js';
import type { OutboundMessage } from '../../src/messages/model.js';

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
    const parts = split(lines, TEXT_LIMIT);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => [...p].length <= TEXT_LIMIT)).toBe(true);
    expect(parts.join('\n')).toBe(lines.join('\n'));
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
