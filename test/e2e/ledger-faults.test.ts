/**
 * The failures that used to lose posts, end to end: the real grammY and discord.js clients
 * against the fake platforms, Herald's scheduler on a fake clock. Each test checks the
 * platform (what arrived, how often each chat was called) and the ledger (no row cancelled
 * while its event and its target still wanted it; every terminal row has a reason).
 */
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import type { LedgerRow } from '../../src/ledger/row.js';
import type { DiscordFault, FakeGuild } from '../fakes/discord-server.js';
import type { DroppedConnection, Fault } from '../fakes/telegram-server.js';
import { MI8_FR, testConfig } from '../support/config.js';
import { type DiscordHarness, startDiscord } from '../support/discord-harness.js';
import { startTelegram, type TelegramHarness } from '../support/telegram-harness.js';

/** MI8_FR starts 2018-05-22T14:00 Paris (12:00Z): its 1d, 1h and live slots. */
const START = '2018-05-21T11:00:00Z';
const SLOT_1D = '2018-05-21T12:00:00Z';
const SLOT_1H = '2018-05-22T11:00:00Z';
const SLOT_LIVE = '2018-05-22T12:00:00Z';
const OWNER = 9999;

const baseSettings = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['1d', '1h', '0'] },
  reminders: { offsets: ['1h'] },
  owners: [`telegram:${OWNER}`],
};

const follower = (platform: 'telegram' | 'discord', chat: string) => ({
  platform,
  chat,
  locale: 'en',
  follows: { tags: ['mi8'] },
});

let tg: TelegramHarness | undefined;
let dc: DiscordHarness | undefined;
afterEach(async () => {
  await tg?.stop();
  await dc?.stop();
  tg = undefined;
  dc = undefined;
});

const WAIT = { timeout: 10_000, interval: 20 };

/** Lets real I/O run while the fake clock stands still (no fake time passes). */
const realPause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the scheduler has nothing in flight: no row `sending`, no pass running. */
async function quiet(h: { app: TelegramHarness['app']; stores: TelegramHarness['stores'] }): Promise<void> {
  for (let round = 0; round < 3; round++) {
    await vi.waitFor(async () => expect((await h.stores.ledger.count()).sending).toBe(0), WAIT);
    await h.app.scheduler.idle();
    await realPause(20);
  }
}

/** Rows cancelled for a target other than those allowed to lose posts. */
function wronglyCancelled(rows: readonly LedgerRow[], allowed: readonly string[]): LedgerRow[] {
  return rows.filter((r) => r.status === 'cancelled' && !allowed.includes(r.targetKey));
}

/** Terminal rows without the reason `audit` would show. */
function withoutReason(rows: readonly LedgerRow[]): LedgerRow[] {
  return rows.filter((r) => ['failed', 'skipped', 'cancelled'].includes(r.status) && !r.reason);
}

/** A logger whose JSON lines the test can read. */
function capturedLogger() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      callback();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('Telegram: a fan-out to 300 chats with one chat rate-limited or failing and another gone', () => {
  /** 300 chats following the launch: 299 supergroups and one basic group (B). */
  const CHATS = Array.from({ length: 299 }, (_, i) => String(-1001100000000 - i));
  const A = CHATS[117] as string;
  const B = '-4042';
  const B_SUPERGROUP = -1004042;
  const ALL = [...CHATS.slice(0, 150), B, ...CHATS.slice(150)];
  const config = () =>
    testConfig({ ...baseSettings, targets: ALL.map((chat) => follower('telegram', chat)) }, [MI8_FR]);

  const onA: Record<string, { fault: Fault | DroppedConnection; waitMs: number; error: RegExp }> = {
    '429 retry_after': {
      fault: {
        chatId: A,
        method: 'sendMessage',
        status: 429,
        description: 'Too Many Requests: retry after 7',
        parameters: { retry_after: 7 },
      },
      waitMs: 7_000,
      error: /^rate limited for 7000 ms$/,
    },
    '5xx on the first try': {
      fault: { chatId: A, method: 'sendMessage', status: 502, description: 'Bad Gateway' },
      waitMs: 2_000, // the first backoff (jitter 0)
      error: /^502: Bad Gateway$/,
    },
    'dropped socket': {
      fault: { chatId: A, method: 'sendMessage', drop: true },
      waitMs: 2_000,
      error: /^network: /,
    },
  };

  const cases = Object.keys(onA).flatMap((a) => [
    { a, b: 'kicked' as const },
    { a, b: 'migrated' as const },
  ]);

  it.each(cases)(
    'A: $a, B: $b → A gets its post once, B is handled, every other chat gets one post',
    async ({ a, b }) => {
      const scenario = onA[a] as (typeof onA)[string];
      tg = await startTelegram(config(), START);
      const h = tg;
      h.telegram.fail(scenario.fault);
      if (b === 'kicked') h.telegram.kick(B, 'Forbidden: bot was kicked from the group chat');
      else h.telegram.migrate(B, B_SUPERGROUP);

      await h.clock.advanceTo(SLOT_1D);
      const keyA = `mi8-fr|countdown|1d|telegram:${A}`;
      await vi.waitFor(
        async () => expect((await h.stores.ledger.get(keyA))?.lastError).toMatch(scenario.error),
        WAIT,
      );
      await quiet(h);

      // While A waits: its row keeps its slot, only its next try moved; everyone else has the post.
      const waiting = await h.stores.ledger.get(keyA);
      expect(waiting).toMatchObject({ status: 'planned', due: Date.parse(SLOT_1D) });
      expect(waiting?.nextTry).toBe(Date.parse(SLOT_1D) + scenario.waitMs);
      expect(h.telegram.sentTo(A)).toEqual([]);
      for (const chat of CHATS) if (chat !== A) expect(h.telegram.sentTo(chat), chat).toHaveLength(1);

      await h.clock.advance(scenario.waitMs);
      await vi.waitFor(() => expect(h.telegram.sentTo(A)).toHaveLength(1), WAIT);
      await quiet(h);
      expect(await h.stores.ledger.get(keyA)).toMatchObject({ status: 'sent', due: Date.parse(SLOT_1D) });
      expect(h.telegram.callsTo(A).filter((c) => c.method === 'sendMessage')).toHaveLength(2);

      const keyB = `telegram:${B}`;
      const keyNewB = `telegram:${B_SUPERGROUP}`;
      if (b === 'kicked') {
        expect(await h.stores.targets.get(keyB)).toMatchObject({
          enabled: false,
          disabledReason: '403: Forbidden: bot was kicked from the group chat',
        });
        expect(await h.stores.ledger.forTarget(keyB)).toMatchObject([
          { slot: '1d', status: 'failed', reason: '403: Forbidden: bot was kicked from the group chat' },
          { slot: '1h', status: 'cancelled', reason: 'target disabled' },
          { slot: '0', status: 'cancelled', reason: 'target disabled' },
        ]);
        h.telegram.type({ id: OWNER, type: 'private' }, { id: OWNER }, '/audit');
        await vi.waitFor(() => expect(h.telegram.sentTo(OWNER)).toHaveLength(1), WAIT);
        expect(h.telegram.sentTo(OWNER)[0]?.text).toContain(
          `⚠️ ${keyB} is disabled: 403: Forbidden: bot was kicked from the group chat`,
        );
      } else {
        expect(h.telegram.sentTo(B_SUPERGROUP)).toHaveLength(1);
        expect(await h.stores.targets.get(keyB)).toBeUndefined();
        expect(await h.stores.targets.get(keyNewB)).toMatchObject({ enabled: true, source: 'config' });
        expect(await h.stores.ledger.forTarget(keyB)).toMatchObject([
          {
            slot: '1d',
            status: 'failed',
            reason: '400: Bad Request: group chat was upgraded to a supergroup chat',
          },
          { slot: '1h', status: 'cancelled', reason: 'target moved' },
          { slot: '0', status: 'cancelled', reason: 'target moved' },
        ]);
        expect((await h.stores.ledger.forTarget(keyNewB)).map((r) => `${r.slot}:${r.status}`)).toEqual([
          '1d:sent',
          '1h:planned',
          '0:planned',
        ]);
      }

      // The next slot reaches every chat still there, A included, once.
      await h.clock.advanceTo(SLOT_1H);
      const reached = b === 'kicked' ? CHATS : [...CHATS, String(B_SUPERGROUP)];
      await vi.waitFor(
        () =>
          expect(h.telegram.sent.filter((m) => m.chat_id !== String(OWNER)).length).toBe(2 * reached.length),
        WAIT,
      );
      await quiet(h);
      for (const chat of reached) expect(h.telegram.sentTo(chat), chat).toHaveLength(2);
      expect(h.telegram.sentTo(B)).toEqual([]);
      expect(h.telegram.callsTo(B)).toHaveLength(1); // gone or moved: never tried again

      const rows = await h.stores.ledger.forEvent('mi8-fr');
      expect(wronglyCancelled(rows, [keyB])).toEqual([]);
      expect(withoutReason(rows)).toEqual([]);
      expect(rows.filter((r) => r.status === 'failed').map((r) => r.key)).toEqual([
        `mi8-fr|countdown|1d|${keyB}`,
      ]);
    },
    30_000,
  );
});

describe('Discord: a fan-out with one channel rate-limited and another out of reach', () => {
  const GUILD: FakeGuild = {
    id: '449000000000000000',
    name: 'Herald fan-out',
    channels: Array.from({ length: 30 }, (_, i) => ({
      id: String(449000000000000100n + BigInt(i)),
      type: 0,
      name: `launches-${i}`,
    })),
  };
  const CHANNELS = GUILD.channels.map((c) => c.id);
  const A = CHANNELS[11] as string;
  const B = CHANNELS[23] as string;
  const messagesPath = (channel: string) => new RegExp(`^/channels/${channel}/messages$`);
  const MISSING_ACCESS = '403 50001: missing access (the bot cannot see the channel: View Channel)';

  it('a 429 with Retry-After on one channel, 50001 on another: the first posts once, the second is disabled', async () => {
    const retryAfter = 3;
    dc = await startDiscord(
      testConfig({ ...baseSettings, targets: CHANNELS.map((chat) => follower('discord', chat)) }, [MI8_FR]),
      START,
      // 30 native events at start-up and 30 posts per slot, within a second of real time.
      { guilds: [GUILD], globalRequestsPerSecond: 1_000 },
    );
    const h = dc;
    const rateLimited: DiscordFault = {
      method: 'POST',
      path: messagesPath(A),
      status: 429,
      code: 0,
      message: 'You are being rate limited.',
      retryAfter,
    };
    h.discord.fail(rateLimited);
    h.discord.fail({
      method: 'POST',
      path: messagesPath(B),
      status: 403,
      code: 50001,
      message: 'Missing Access',
    });
    const posts = (channel: string) =>
      h.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

    await h.clock.advanceTo(SLOT_1D);
    const keyA = `mi8-fr|countdown|1d|discord:${A}`;
    // discord.js gives the 429 back (Retry-After + its 50 ms offset); the row waits in the ledger.
    await vi.waitFor(
      async () =>
        expect((await h.stores.ledger.get(keyA))?.lastError).toBe(
          `rate limited for ${retryAfter * 1000 + 50} ms`,
        ),
      WAIT,
    );
    await quiet(h);
    const waiting = await h.stores.ledger.get(keyA);
    expect(waiting).toMatchObject({ status: 'planned', due: Date.parse(SLOT_1D) });
    expect(waiting?.nextTry).toBe(Date.parse(SLOT_1D) + retryAfter * 1000 + 50);
    expect(h.discord.messagesIn(A)).toEqual([]);
    for (const channel of CHANNELS)
      if (channel !== A && channel !== B) expect(h.discord.messagesIn(channel), channel).toHaveLength(1);

    await h.clock.advanceTo(waiting?.nextTry ?? 0);
    await vi.waitFor(() => expect(h.discord.messagesIn(A)).toHaveLength(1), WAIT);
    await quiet(h);
    expect(posts(A)).toHaveLength(2);
    expect(h.discord.tooManyRequests).toBe(1);
    expect(await h.stores.ledger.get(keyA)).toMatchObject({ status: 'sent', due: Date.parse(SLOT_1D) });

    expect(await h.stores.targets.get(`discord:${B}`)).toMatchObject({
      enabled: false,
      disabledReason: MISSING_ACCESS,
    });
    expect(h.discord.messagesIn(B)).toEqual([]);
    const postsOfB = (await h.stores.ledger.forTarget(`discord:${B}`)).filter((r) => r.kind !== 'native');
    expect(postsOfB).toMatchObject([
      { slot: '1d', status: 'failed', reason: MISSING_ACCESS },
      { slot: '1h', status: 'cancelled', reason: 'target disabled' },
      { slot: '0', status: 'cancelled', reason: 'target disabled' },
    ]);

    // The next slot reaches every channel but B, once; B is never tried again.
    await h.clock.advanceTo(SLOT_1H);
    await vi.waitFor(() => expect(h.discord.messages).toHaveLength(2 * (CHANNELS.length - 1)), WAIT);
    await quiet(h);
    for (const channel of CHANNELS)
      expect(h.discord.messagesIn(channel), channel).toHaveLength(channel === B ? 0 : 2);
    expect(posts(B)).toHaveLength(1);
    const rows = await h.stores.ledger.forEvent('mi8-fr');
    expect(wronglyCancelled(rows, [`discord:${B}`])).toEqual([]);
    expect(withoutReason(rows)).toEqual([]);
  }, 30_000);
});

describe('Telegram: a config chat that moved, across a restart', () => {
  const OLD = '-4001';
  const NEW = -1004001;
  const OLD_KEY = `telegram:${OLD}`;
  const NEW_KEY = `telegram:${NEW}`;

  it('posts to the new id, and after a restart with the config still naming the old id, only there; start-up reports the move', async () => {
    const config = testConfig({ ...baseSettings, targets: [follower('telegram', OLD)] }, [MI8_FR]);
    const { logger, lines } = capturedLogger();
    tg = await startTelegram(config, START, { logger });
    expect(tg.report.moved).toEqual([]);
    tg.telegram.migrate(OLD, NEW);

    await tg.clock.advanceTo(SLOT_1D);
    await vi.waitFor(() => expect(tg?.telegram.sentTo(NEW)).toHaveLength(1), WAIT);
    await quiet(tg);
    expect(tg.telegram.sentTo(NEW)[0]?.text).toContain('1 day to go');
    expect(tg.telegram.callsTo(OLD)).toHaveLength(1);
    expect(
      lines.some((l) => l.level === 40 && l.msg.includes(`chat moved: Herald now posts to ${NEW_KEY}`)),
    ).toBe(true);

    // Restart on the same store; the config still names the old id.
    tg = await tg.restart();
    const h = tg;
    expect(h.report.moved).toEqual([{ from: OLD_KEY, to: NEW_KEY }]);
    expect(
      lines.some(
        (l) =>
          l.level === 40 &&
          l.msg ===
            `config names ${OLD_KEY}, a chat that moved to ${NEW_KEY}: Herald posts to ${NEW_KEY}; update the config's chat id`,
      ),
    ).toBe(true);
    expect(
      lines.find(
        (l) =>
          l.msg === 'calendar synchronised from config' &&
          l.moved !== undefined &&
          (l.moved as unknown[]).length > 0,
      ),
    ).toMatchObject({
      moved: [{ from: OLD_KEY, to: NEW_KEY }],
    });
    expect(await h.stores.targets.get(OLD_KEY)).toBeUndefined();
    expect(await h.stores.targets.get(NEW_KEY)).toMatchObject({
      enabled: true,
      source: 'config',
      chatId: String(NEW),
    });
    const callsToOldBeforeRestart = h.telegram.callsTo(OLD).length;

    // Later posts, and a change notice, go to the new id only.
    await h.clock.advanceTo(SLOT_1H);
    await vi.waitFor(() => expect(h.telegram.sentTo(NEW)).toHaveLength(2), WAIT);
    await quiet(h);
    await h.app.calendar.editEvent('mi8-fr', { city: 'Lyon' });
    await vi.waitFor(() => expect(h.telegram.sentTo(NEW)).toHaveLength(3), WAIT);
    await h.clock.advanceTo(SLOT_LIVE);
    await vi.waitFor(() => expect(h.telegram.sentTo(NEW)).toHaveLength(4), WAIT);
    await quiet(h);
    expect(h.telegram.sentTo(NEW).map((m) => (m.text ?? '').split('\n')[0])).toEqual([
      '<b>⏳ Mi 8 launch — France: 1 day to go</b>',
      '<b>⏳ Mi 8 launch — France: 1 hour to go</b>',
      expect.stringContaining('Mi 8 launch — France'),
      expect.stringContaining('Mi 8 launch — France'),
    ]);
    expect(h.telegram.callsTo(OLD)).toHaveLength(callsToOldBeforeRestart);
    expect(h.telegram.sentTo(OLD)).toEqual([]);

    const rows = await h.stores.ledger.forEvent('mi8-fr');
    expect(wronglyCancelled(rows, [OLD_KEY])).toEqual([]);
    expect(withoutReason(rows)).toEqual([]);
    expect(
      rows
        .filter((r) => r.targetKey === NEW_KEY)
        .map((r) => `${r.kind}:${r.slot}:${r.status}`)
        .sort(),
    ).toEqual(['changed:r2:sent', 'countdown:1d:sent', 'countdown:1h:sent', 'live:0:sent']);
  });
});

describe('Telegram: re-plans while a post waits out a long retry_after', () => {
  const A = '-1002000000001';
  const B = '-1002000000002';
  const C = '-1002000000003';
  const D = '-1002000000004';
  const keyA = `mi8-fr|countdown|1d|telegram:${A}`;

  it('keeps the waiting row through a /follow, a disabled chat, an edit and a restart; it is sent once', async () => {
    const config = testConfig({ ...baseSettings, targets: [A, B, C].map((c) => follower('telegram', c)) }, [
      MI8_FR,
    ]);
    tg = await startTelegram(config, START);
    tg.telegram.fail({
      chatId: A,
      method: 'sendMessage',
      status: 429,
      description: 'Too Many Requests: retry after 30',
      parameters: { retry_after: 30 },
    });
    await tg.clock.advanceTo(SLOT_1D);
    await vi.waitFor(
      async () => expect((await tg?.stores.ledger.get(keyA))?.lastError).toBe('rate limited for 30000 ms'),
      WAIT,
    );
    await quiet(tg);
    const waitingRow = {
      status: 'planned',
      due: Date.parse(SLOT_1D),
      nextTry: Date.parse(SLOT_1D) + 30_000,
      attempts: 0,
    };
    const stillWaiting = async (h: TelegramHarness, after: string) => {
      expect(await h.stores.ledger.get(keyA), `A's row after ${after}`).toMatchObject(waitingRow);
      expect(h.telegram.sentTo(A)).toEqual([]);
    };
    await stillWaiting(tg, 'the 429');
    await tg.clock.advance(10_000);

    await tg.app.calendar.follow('telegram', D, { tag: 'mi8' }, { locale: 'en', zone: 'Europe/Paris' });
    await quiet(tg);
    await stillWaiting(tg, '/follow in another chat');

    await tg.app.calendar.disableTarget(`telegram:${C}`, 'refused by the platform (test)');
    await quiet(tg);
    await stillWaiting(tg, 'another chat disabled');

    // An edit that keeps the start: every slot stays where it was.
    await tg.app.calendar.editEvent('mi8-fr', { city: 'Lyon' });
    await vi.waitFor(() => expect(tg?.telegram.sentTo(B)).toHaveLength(2), WAIT); // B heard: its change notice
    await quiet(tg);
    await stillWaiting(tg, 'an edit that does not move the slot');

    // A restart with the same config re-plans nothing (test/e2e/restart-replan.test.ts); the
    // config entry did not change, so the operator's edit stays and nobody hears of it twice.
    tg = await tg.restart();
    const h = tg;
    await quiet(h);
    await stillWaiting(h, 'a restart');

    await h.clock.advanceTo(Date.parse(SLOT_1D) + 30_000);
    await vi.waitFor(() => expect(h.telegram.sentTo(A)).toHaveLength(1), WAIT);
    await quiet(h);
    expect(h.telegram.sentTo(A)[0]?.text).toContain('1 day to go');
    expect(await h.stores.ledger.get(keyA)).toMatchObject({
      status: 'sent',
      due: Date.parse(SLOT_1D),
      late: false,
    });
    expect(h.telegram.callsTo(A).filter((c) => c.method === 'sendMessage')).toHaveLength(2);

    expect(h.telegram.sentTo(B)).toHaveLength(2);
    expect((await h.stores.events.get('mi8-fr'))?.city).toBe('Lyon');

    // The later slots still reach A, B and D once each.
    await h.clock.advanceTo(SLOT_1H);
    for (const [chat, count] of [
      [A, 2],
      [B, 3],
      [D, 1],
    ] as const)
      await vi.waitFor(() => expect(h.telegram.sentTo(chat)).toHaveLength(count), WAIT);
    await quiet(h);
    const rows = await h.stores.ledger.forEvent('mi8-fr');
    expect(wronglyCancelled(rows, [`telegram:${C}`])).toEqual([]);
    expect(withoutReason(rows)).toEqual([]);
    expect(
      rows.filter((r) => r.targetKey === `telegram:${C}` && r.status === 'cancelled').map((r) => r.reason),
    ).toEqual(['target disabled', 'target disabled']);
    expect(h.telegram.sentTo(A)).toHaveLength(2);
    expect(h.telegram.sentTo(D)).toHaveLength(1);
  });
});

/**
 * Posts that went to chats no longer there, or twice: change notices planned from where a
 * chat heard of the launch instead of where (and whether) it is now, and one Guild Scheduled
 * Event per channel instead of per server.
 */
describe('Change notices to chats that moved, left or opted out; native events per server', () => {
  // MI8_FR's 1d slot is 12:00Z; SOON's 1h slot falls at 14:00Z, between MI8_FR's posts.
  const SOON = {
    id: 'soon',
    title: { en: 'Soon launch' },
    start: '2018-05-21T17:00',
    zone: 'Europe/Paris',
    tags: ['mi8'],
  };

  it('a change notice for a launch a chat heard of at its old id reaches the new id, and the old id is not tried', async () => {
    const OLD = '-4001';
    const NEW = -1004001;
    const config = testConfig({ ...baseSettings, targets: [follower('telegram', OLD)] }, [MI8_FR, SOON]);
    tg = await startTelegram(config, START);
    const h = tg;
    await h.clock.advanceTo(SLOT_1D);
    await vi.waitFor(() => expect(h.telegram.sentTo(OLD)).toHaveLength(1), WAIT); // heard of mi8-fr
    await quiet(h);
    h.telegram.migrate(OLD, NEW);
    await h.clock.advanceTo('2018-05-21T14:00:00Z'); // SOON's 1h post meets the move
    await vi.waitFor(() => expect(h.telegram.sentTo(NEW)).toHaveLength(1), WAIT);
    await quiet(h);
    const callsToOld = h.telegram.callsTo(OLD).length;

    await h.app.calendar.editEvent('mi8-fr', { city: 'Lyon' });
    await quiet(h);
    await realPause(100);
    await quiet(h);
    // Only the old key "heard" of mi8-fr: a notice planned there met migrate_to_chat_id, and
    // the move handler, finding no target left to move, dropped it (the new id never knew).
    expect(h.telegram.callsTo(OLD)).toHaveLength(callsToOld);
    expect(h.telegram.sentTo(NEW).map((m) => m.text ?? '')).toEqual([
      expect.stringContaining('Soon launch'),
      expect.stringContaining('Lyon'),
    ]);
  });

  it('a chat disabled because the bot was kicked gets no change notice (it is not tried again)', async () => {
    const B = '-1003000000002';
    const C = '-1003000000003';
    const config = testConfig({ ...baseSettings, targets: [B, C].map((c) => follower('telegram', c)) }, [
      MI8_FR,
    ]);
    tg = await startTelegram(config, START);
    const h = tg;
    await h.clock.advanceTo(SLOT_1D);
    await vi.waitFor(() => expect(h.telegram.sent).toHaveLength(2), WAIT);
    await quiet(h);
    h.telegram.kick(C);
    await h.clock.advanceTo(SLOT_1H);
    await vi.waitFor(
      async () => expect((await h.stores.targets.get(`telegram:${C}`))?.enabled).toBe(false),
      WAIT,
    );
    await quiet(h);
    const callsToC = h.telegram.callsTo(C).length;

    await h.app.calendar.editEvent('mi8-fr', { city: 'Lyon' });
    await vi.waitFor(() => expect(h.telegram.sentTo(B)).toHaveLength(3), WAIT);
    await quiet(h);
    // C heard of the launch; a notice planned for it was sent, refused again, audit-noise.
    expect(h.telegram.callsTo(C)).toHaveLength(callsToC);
    expect((await h.stores.ledger.forTarget(`telegram:${C}`)).filter((r) => r.kind === 'changed')).toEqual(
      [],
    );
  });

  it('a chat whose kinds leave out `notice` gets no change notice', async () => {
    const B = '-1003000000002';
    const QUIET = '-1003000000009';
    const config = testConfig(
      {
        ...baseSettings,
        targets: [follower('telegram', B), { ...follower('telegram', QUIET), kinds: ['countdown', 'live'] }],
      },
      [MI8_FR],
    );
    tg = await startTelegram(config, START);
    const h = tg;
    await h.clock.advanceTo(SLOT_1D);
    await vi.waitFor(() => expect(h.telegram.sent).toHaveLength(2), WAIT);
    await quiet(h);
    await h.app.calendar.editEvent('mi8-fr', { city: 'Lyon' });
    await vi.waitFor(() => expect(h.telegram.sentTo(B)).toHaveLength(2), WAIT);
    await quiet(h);
    // The target's kinds were never looked at for notices.
    expect(h.telegram.sentTo(QUIET)).toHaveLength(1);
  });

  it('one Guild Scheduled Event per server and launch, however many of its channels follow it', async () => {
    const guild: FakeGuild = {
      id: '450000000000000000',
      name: 'Many channels',
      channels: Array.from({ length: 5 }, (_, i) => ({
        id: String(450000000000000100n + BigInt(i)),
        type: 0,
        name: `c${i}`,
      })),
    };
    dc = await startDiscord(
      testConfig({ ...baseSettings, targets: guild.channels.map((c) => follower('discord', c.id)) }, [
        MI8_FR,
      ]),
      START,
      { guilds: [guild] },
    );
    const h = dc;
    await quiet(h);
    // Each channel's `sync@r1` row read the server's ref before any had written it, and each
    // created an event: five "Mi 8 launch — France" in the server's Events tab.
    expect(h.discord.scheduledEvents.size).toBe(1);
  });
});
