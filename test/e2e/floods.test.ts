import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { MI8_FR, testConfig } from '../support/config.js';
import { startTelegram, type TelegramHarness, TOKEN } from '../support/telegram-harness.js';

const GROUP = { id: -1001234567890, type: 'supergroup', title: 'Mi Fans FR' };
const FLOODER = { id: 6666, language_code: 'it', first_name: 'Flo' };
const ALICE = { id: 4242, language_code: 'fr', first_name: 'Alice' };
/** Telegram's real limits, enforced by the fake on the real clock. */
const TELEGRAM = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };

const settings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['1d', '1h', '0'] },
  reminders: { offsets: [] },
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

/** mi8-fr starts 2018-05-22 14:00 Paris: its "1 day to go" post is due at 12:00 UTC the day before. */
const DUE = Date.parse('2018-05-21T12:00:00Z');
const POST_KEY = `mi8-fr|countdown|1d|telegram:${GROUP.id}`;

let h: TelegramHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the fake clock until `done()` holds (or up to `cap`), never faster than 0.8 × real
 * time: the scheduler and the rate limiter plan on the fake clock while the fake Bot API
 * counts Telegram's limits on the real one, so a second planned on the fake clock must last
 * at least a second of real time.
 */
async function runClock(harness: TelegramHarness, cap: number, done: () => boolean = () => false) {
  while (harness.clock.now() < cap && !done()) {
    const started = Date.now();
    await sleep(20);
    const elapsed = Date.now() - started;
    await harness.clock.advanceTo(Math.min(cap, harness.clock.now() + Math.floor(elapsed * 0.8)));
  }
}

/** Updates grammY has finished with (it asks for the next ones with offset = last id + 1). */
function confirmed(harness: TelegramHarness): number {
  const offsets = harness.telegram.calls
    .filter((c) => c.method === 'getUpdates')
    .map((c) => Number(c.body.offset ?? 0));
  return Math.max(0, ...offsets) - 1;
}

const texts = (chat: number) => h?.telegram.sentTo(chat).map((m) => m.text ?? m.caption ?? '') ?? [];

describe('floods of commands (real grammY, fake Bot API with Telegram’s limits)', () => {
  it('2,000 commands from one user around a due post: the post goes on time, no 429, one "slow down"', async () => {
    const telegram = new FakeTelegram(TOKEN, 'herald_bot', TELEGRAM);
    await telegram.start();
    h = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-21T11:59:55Z', {
      telegram,
      limits: TELEGRAM,
    });
    const harness = h;
    telegram.clock = () => harness.clock.now();

    // Half the flood before the post is due, half around and after it.
    for (let i = 0; i < 1000; i++)
      harness.telegram.type(GROUP, FLOODER, i % 2 ? '/next' : '/countdown mi8-fr');
    await runClock(harness, DUE - 2_000);
    for (let i = 0; i < 1000; i++) harness.telegram.type(GROUP, FLOODER, '/events');
    // Until every command is handled and the post is out, then a few quiet seconds more.
    const postOut = () => harness.telegram.sentTo(GROUP.id).some((m) => m.text?.includes('plus qu’un jour'));
    await runClock(harness, DUE + 60_000, () => confirmed(harness) >= 2000 && postOut());
    await runClock(harness, harness.clock.now() + 3_000);

    // The post went out on time (on the fake clock Herald plans on), first try.
    const posts = harness.telegram.sentTo(GROUP.id).filter((m) => m.text?.includes('plus qu’un jour'));
    expect(posts).toHaveLength(1);
    const late = (posts[0]?.clockAt ?? Number.POSITIVE_INFINITY) - DUE;
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(1_500);
    expect(await harness.stores.ledger.get(POST_KEY)).toMatchObject({ status: 'sent', attempts: 1 });
    // Not one 429.
    expect(harness.telegram.tooManyRequests).toBe(0);
    // The flooder: 8 answers (commands.perUser), then exactly one "slow down" in Italian.
    const sent = texts(GROUP.id);
    const slowDowns = sent.filter((t) => t.startsWith('Piano: sono tanti comandi.'));
    expect(slowDowns).toHaveLength(1);
    expect(slowDowns[0]).toMatch(/Riprova tra \d+ second[oi]\./);
    expect(sent).toHaveLength(8 + 1 + 1);
  }, 60_000);

  it('ignores an unknown command in a group unless it is addressed to the bot; answers it in private', async () => {
    h = await startTelegram(testConfig(settings, [MI8_FR]), '2018-05-20T10:00:00Z');
    const harness = h;
    harness.telegram.type(GROUP, ALICE, '/foo');
    harness.telegram.type(GROUP, ALICE, '/foo@herald_bot');
    await vi.waitFor(() => expect(harness.telegram.sentTo(GROUP.id)).toHaveLength(1), {
      timeout: 5000,
      interval: 20,
    });
    // Updates are handled in order: `/foo` came first and got nothing.
    expect(texts(GROUP.id)).toEqual(['Commande inconnue : « foo ». Essayez help.']);
    harness.telegram.type({ id: ALICE.id, type: 'private' }, ALICE, '/foo');
    await vi.waitFor(() => expect(harness.telegram.sentTo(ALICE.id)).toHaveLength(1), {
      timeout: 5000,
      interval: 20,
    });
    expect(texts(ALICE.id)).toEqual(['Commande inconnue : « foo ». Essayez help.']);
    // Known commands still answer without the @: `/next` is Herald's in any chat.
    harness.telegram.type(GROUP, ALICE, '/next');
    await vi.waitFor(() => expect(harness.telegram.sentTo(GROUP.id)).toHaveLength(2), {
      timeout: 5000,
      interval: 20,
    });
    expect(harness.telegram.sent).toHaveLength(3);
  });
});
