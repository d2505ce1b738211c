import { describe, expect, it } from 'vitest';
import type { InboundCommand } from '../../src/adapters/adapter.js';
import { silentLogger } from '../../src/core/logger.js';
import { Dispatcher, REPLY_WAIT_LIMIT_MS } from '../../src/delivery/dispatcher.js';
import { RateLimiter } from '../../src/delivery/rate-limiter.js';
import { budgetedReplies, type ReplyTurn } from '../../src/delivery/reply-budget.js';
import { textReply } from '../../src/messages/model.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { RecordingAdapter } from '../fakes/recording-adapter.js';

const TELEGRAM = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };
const REPLY = { maxWaitMs: 5_000, groupShare: 0.25 };
const T0 = Date.parse('2018-05-21T12:00:00Z');

describe('reply slots in the posts’ rate budget (RateLimiter.reserveReply)', () => {
  it('takes the first slot after the posts already queued', () => {
    const limiter = new RateLimiter(TELEGRAM);
    for (let i = 0; i < 60; i++) limiter.reserve(T0, `-100${i}`, true); // a fan-out: ~2 s of sends
    const reply = limiter.reserveReply(T0, '-42', true, REPLY);
    expect(reply).toBeGreaterThanOrEqual(T0 + 2_000);
    expect(reply).toBeLessThan(T0 + 2_100);
    // The next post goes after the reply, one global gap later.
    expect(limiter.reserve(T0, '-43', true)).toBeCloseTo((reply ?? 0) + 1000 / (30 * 0.98), 5);
  });

  it('is refused, taking nothing, when the backlog is longer than its wait limit', () => {
    const limiter = new RateLimiter(TELEGRAM);
    for (let i = 0; i < 200; i++) limiter.reserve(T0, `-100${i}`, true); // ~6.8 s of sends
    const busy = limiter.busyUntil();
    expect(limiter.reserveReply(T0, '-42', true, REPLY)).toBeUndefined();
    expect(limiter.busyUntil()).toBe(busy);
    expect(limiter.reserve(T0, '-42', true)).toBe(busy);
  });

  it('leaves a quarter of a group’s minute to posts', () => {
    const limiter = new RateLimiter(TELEGRAM);
    const group = '-1001';
    // 15 sends in the group's last minute (one every 2 s)…
    for (let i = 0; i < 15; i++) limiter.reserve(T0 + i * 2_000, group, true);
    const now = T0 + 30_000;
    // …leave no room for a reply (its slot would be a minute away), while a post still has 5.
    expect(limiter.reserveReply(now, group, true, REPLY)).toBeUndefined();
    expect(limiter.reserve(now, group, true)).toBeLessThan(now + 1_100);
    // In a private chat there is no per-minute window: the reply waits for the 1/s spacing only.
    const fresh = new RateLimiter(TELEGRAM);
    expect(fresh.reserveReply(now, '4242', false, REPLY)).toBe(now);
    expect(fresh.reserveReply(now, '4242', false, REPLY)).toBeCloseTo(now + 1000 / 0.98, 5);
  });
});

describe('Dispatcher.replySlot', () => {
  const dispatcher = (clock: FakeClock) => {
    const d = new Dispatcher({
      // Replies never touch the ledger.
      ledger: {} as never,
      refs: {} as never,
      composer: {} as never,
      clock,
      logger: silentLogger(),
      owner: 'test',
      maxAttempts: 8,
      limits: { telegram: TELEGRAM },
    });
    d.register(new RecordingAdapter('telegram', () => clock.now()));
    return d;
  };

  it('waits on the clock for the per-chat spacing, then lets the reply go', async () => {
    const clock = new FakeClock(T0);
    const d = dispatcher(clock);
    const first = await d.replySlot('telegram', '-1001');
    expect(first).toBeDefined();
    first?.answered();
    let second: ReplyTurn | undefined;
    void d.replySlot('telegram', '-1001').then((turn) => {
      second = turn;
    });
    await clock.advance(500);
    expect(second).toBeUndefined();
    await clock.advance(600);
    expect(second).toBeDefined();
  });

  it('holds the next reply in a chat until a second after the platform answered the last', async () => {
    const clock = new FakeClock(T0);
    const d = dispatcher(clock);
    const first = await d.replySlot('telegram', '-1001');
    let second: ReplyTurn | undefined;
    void d.replySlot('telegram', '-1001').then((turn) => {
      second = turn;
    });
    // The platform takes 1.5 s to answer the first: it may have counted it at any instant until then.
    await clock.advance(1_500);
    first?.answered();
    await clock.advance(900);
    expect(second).toBeUndefined();
    await clock.advance(200);
    expect(second).toBeDefined();
  });

  it('drops a reply whose slot is past the wait limit', async () => {
    const clock = new FakeClock(T0);
    const d = dispatcher(clock);
    // Eight replies at once in one private chat: 1/s, so five fit in the wait limit.
    const answers: boolean[] = [];
    for (let i = 0; i < 8; i++)
      void d.replySlot('telegram', '4242').then((turn) => {
        turn?.answered();
        answers.push(turn !== undefined);
      });
    await clock.advance(REPLY_WAIT_LIMIT_MS + 2_000);
    expect(answers.filter((ok) => ok)).toHaveLength(5); // slots at 0, 1.02 … 4.08 s; the 6th is 5.1 s away
    expect(answers.filter((ok) => !ok)).toHaveLength(3);
  });

  it('is the same for a platform with no limits: go at once', async () => {
    const clock = new FakeClock(T0);
    const d = dispatcher(clock);
    expect(await d.replySlot('console', 'main')).toBeDefined();
  });
});

describe('budgetedReplies', () => {
  const command = (platform: InboundCommand['platform'], sent: string[]): InboundCommand => ({
    platform,
    name: 'next',
    args: { kind: 'text', text: '' },
    chatId: '-1001',
    chatKind: 'group',
    community: `${platform}:chat:-1001`,
    addressed: true,
    userId: '1',
    isChatAdmin: async () => false,
    reply: async (message) => {
      sent.push(message.lines[0] ?? '');
    },
  });

  it('asks for a slot on Telegram, says when the reply was answered, and drops the reply without one', async () => {
    const sent: string[] = [];
    const asked: string[] = [];
    const answered: string[] = [];
    let grant = true;
    const wrapped = budgetedReplies(command('telegram', sent), async (platform, chatId) => {
      asked.push(`${platform}:${chatId}`);
      return grant ? { answered: () => answered.push(sent.at(-1) ?? '') } : undefined;
    });
    await wrapped.reply(textReply('en', 'one'));
    grant = false;
    await wrapped.reply(textReply('en', 'two'));
    expect(asked).toEqual(['telegram:-1001', 'telegram:-1001']);
    expect(sent).toEqual(['one']);
    expect(answered).toEqual(['one']);
  });

  it('leaves Discord interaction replies (not counted by Discord) and the console alone', () => {
    for (const platform of ['discord', 'console'] as const) {
      const original = command(platform, []);
      expect(budgetedReplies(original, async () => undefined)).toBe(original);
    }
  });
});
