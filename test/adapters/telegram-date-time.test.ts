import { Api, GrammyError } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTelegram, TEXT_LIMIT } from '../../src/adapters/telegram/render.js';
import { TelegramAdapter } from '../../src/adapters/telegram/telegram-adapter.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import { type Entity, FakeTelegram, type Parsed, parseMessage } from '../fakes/telegram-server.js';

/** Mi 8 in Paris: 2018-05-22 14:00 CEST. */
const AT = Date.parse('2018-05-22T12:00:00Z');
const UNIX = 1526990400;

const post: OutboundMessage = {
  kind: 'countdown',
  locale: 'en',
  title: '🚀 Mi 8',
  lines: [],
  fields: [{ label: 'When', value: 'Tuesday 22 May 2018, 14:00 Paris time' }],
  when: { at: AT, dateOnly: false },
  links: [],
};

/** What Telegram makes of an HTML part (throws where it would refuse it). */
function shown(html: string): Parsed {
  const parsed = parseMessage(html, 'HTML', undefined);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

const dateTimes = (parsed: Parsed): Entity[] => parsed.entities.filter((e) => e.type === 'date_time');
const textOf = (parsed: Parsed, e: Entity) => parsed.text.slice(e.offset, e.offset + e.length);

describe('Telegram reader-local times (date_time entity)', () => {
  it('shows each reader their own date and time and a live relative one, the venue’s time kept beside', () => {
    const [part] = renderTelegram(post).parts;
    expect(part).toBe(
      [
        '<b>🚀 Mi 8</b>',
        `🕒 <tg-time unix="${UNIX}" format="wDt">Tue 22 May 2018, 12:00 UTC</tg-time> · <tg-time unix="${UNIX}" format="r">12:00 UTC</tg-time>`,
        '<b>When:</b> Tuesday 22 May 2018, 14:00 Paris time',
      ].join('\n'),
    );
  });

  it('places the entities in UTF-16 code units, each emoji before them counting two', () => {
    const parsed = shown(renderTelegram(post).parts[0] as string);
    const [absolute, relative] = dateTimes(parsed);
    // "🚀 Mi 8\n🕒 ": 🚀 and 🕒 are two code units each: 2 + 5 + 1 + 2 + 1 = 11
    // (9 code points, 15 UTF-8 bytes: either count would place the entity wrongly).
    expect(absolute).toEqual({
      type: 'date_time',
      offset: 11,
      length: 26,
      unix_time: UNIX,
      date_time_format: 'wDt',
    });
    expect(textOf(parsed, absolute as Entity)).toBe('Tue 22 May 2018, 12:00 UTC');
    expect(relative).toMatchObject({ type: 'date_time', unix_time: UNIX, date_time_format: 'r' });
    expect(textOf(parsed, relative as Entity)).toBe('12:00 UTC');
  });

  it('writes the fallback in the message’s language, and nothing for a date-only launch', () => {
    const [fr] = renderTelegram({ ...post, locale: 'fr' }).parts;
    expect(fr).toContain('>mar. 22 mai 2018, 12:00 UTC</tg-time>');
    const [dateOnly] = renderTelegram({ ...post, when: { at: AT, dateOnly: true } }).parts;
    expect(dateOnly).not.toContain('tg-time');
  });

  it('never cuts a date-time entity in two when a long message is split', () => {
    // Whatever the length before it, the time line's entities arrive whole in one part, also
    // when blanks before it leave a space inside it as the only place to cut.
    for (let pad = TEXT_LIMIT - 120; pad <= TEXT_LIMIT; pad += 3) {
      const blanks = pad % 2 === 1;
      const parts = renderTelegram({
        ...post,
        title: blanks ? '' : '😀'.repeat(3),
        lines: [(blanks ? ' ' : 'x').repeat(pad)],
      }).parts;
      const entities = parts.flatMap((part) => {
        const parsed = shown(part);
        return dateTimes(parsed).map((e) => textOf(parsed, e));
      });
      expect(entities, `pad ${pad}`).toEqual(['Tue 22 May 2018, 12:00 UTC', '12:00 UTC']);
      expect(parts.every((part) => part.length <= TEXT_LIMIT)).toBe(true);
    }
  });
});

describe('Telegram date_time entities end to end (real grammY, fake Bot API)', () => {
  const TOKEN = '7000001:AAE-herald-date-time-token-012345';
  const GROUP = '-1001234567890';
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

  it('is accepted by the Bot API, which reports the entities where the times are', async () => {
    await adapter.post({ chatId: GROUP, dm: false }, { ...post, title: '🇫🇷🚀 Mi 8 & co' });
    const message = fake.sentTo(GROUP).at(-1);
    const shownText = message?.shown as Parsed;
    expect(dateTimes(shownText).map((e) => [textOf(shownText, e), e.unix_time, e.date_time_format])).toEqual([
      ['Tue 22 May 2018, 12:00 UTC', UNIX, 'wDt'],
      ['12:00 UTC', UNIX, 'r'],
    ]);
  });

  it('refuses entities whose offsets miss the text, as Telegram does', async () => {
    const api = new Api(TOKEN, { apiRoot: fake.apiRoot });
    const text = '🚀 launch at 14:00';
    const entity = { type: 'date_time', unix_time: UNIX, date_time_format: 'wDt' } as const;
    // "14:00" starts at UTF-16 offset 13 (the rocket is two code units).
    await api.sendMessage(GROUP, text, { entities: [{ ...entity, offset: 13, length: 5 }] });
    expect(textOf(fake.sentTo(GROUP).at(-1)?.shown as Parsed, { ...entity, offset: 13, length: 5 })).toBe(
      '14:00',
    );
    for (const bad of [
      { ...entity, offset: 1, length: 4 }, // inside the rocket's surrogate pair
      { ...entity, offset: 13, length: 6 }, // past the end of the text
      { ...entity, offset: 13, length: 5, date_time_format: 'x' as 'r' },
    ]) {
      const error = await api.sendMessage(GROUP, text, { entities: [bad] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GrammyError);
      expect((error as GrammyError).error_code).toBe(400);
      expect((error as GrammyError).description).toMatch(/^Bad Request: can't parse entities: /);
    }
    const html = await api
      .sendMessage(GROUP, '<tg-time unix="soon" format="r">14:00</tg-time>', { parse_mode: 'HTML' })
      .catch((e: unknown) => e);
    expect((error(html) as GrammyError).description).toMatch(/can't parse entities: .*unix_time/);
  });
});

function error(value: unknown): GrammyError {
  if (!(value instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(value)}`);
  return value;
}
