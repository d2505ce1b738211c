/**
 * "No secret leaves the process": a Bot API server or a proxy that echoes the token in its
 * errors, with the real grammY and discord.js clients against the fakes. Neither token may
 * reach the SQLite file (rows, WAL), an `/audit` reply, or a log line.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiscordAdapter } from '../../src/adapters/discord/discord-adapter.js';
import { HeraldApp } from '../../src/app.js';
import { allCommands } from '../../src/commands/registry.js';
import { secretsOf } from '../../src/config/load.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import { registerSecrets } from '../../src/core/redact.js';
import { UNLIMITED } from '../../src/delivery/rate-limiter.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeDiscord } from '../fakes/discord-server.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { MI8_FR, MI8_IT, testConfig } from '../support/config.js';
import { DISCORD_TOKEN, GUILD } from '../support/discord-harness.js';
import { startTelegram, type TelegramHarness, TOKEN } from '../support/telegram-harness.js';

/** A Telegram-shaped token Herald was never given (a proxy's own, another bot's). */
const STRANGER = '555000111:AAF-someone-elses-token-abcdefghijk';
const SECRETS = [TOKEN, DISCORD_TOKEN, STRANGER];
const OWNER = { id: 9999 };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  // What `herald start` does once the config is loaded (src/config/load.ts).
  registerSecrets(secretsOf({ TELEGRAM_BOT_TOKEN: TOKEN, DISCORD_TOKEN }));
});

function tempDatabase(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-redaction-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'herald.db');
}

/** A logger writing JSON lines into a string. */
function capturedLogger(): { logger: Logger; text: () => string } {
  let written = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  return { logger: createLogger({ destination: sink, level: 'debug' }), text: () => written };
}

/** The secrets found in `bytes`, raw or URL-encoded. */
function leaks(bytes: Buffer | string): string[] {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  return SECRETS.flatMap((s) => [s, encodeURIComponent(s)]).filter((form) => text.includes(form));
}

/** The database file and its WAL, as they are on disk right now. */
function onDisk(file: string): Buffer {
  const wal = `${file}-wal`;
  return Buffer.concat([readFileSync(file), ...(existsSync(wal) ? [readFileSync(wal)] : [])]);
}

const TELEGRAM_SETTINGS = {
  defaults: { locale: 'en', zone: 'Europe/Paris' },
  countdown: { milestones: ['1d'] },
  reminders: { offsets: [] },
  owners: [`telegram:${OWNER.id}`],
  targets: ['-4001', '-4002', '-4003', '-4004'].map((chat) => ({
    platform: 'telegram',
    chat,
    locale: 'en',
    follows: { events: ['mi8-fr'] },
  })),
};

async function telegramHerald(file: string, logger: Logger): Promise<TelegramHarness> {
  const telegram = new FakeTelegram(TOKEN);
  telegram.echoToken = true;
  await telegram.start();
  const h = await startTelegram(testConfig(TELEGRAM_SETTINGS, [MI8_FR]), '2018-05-21T11:00:00Z', {
    telegram,
    stores: new SqliteStores(file),
    logger,
  });
  let stopped = false;
  cleanups.push(async () => {
    if (!stopped) await h.stop();
  });
  return {
    ...h,
    async stop() {
      stopped = true;
      await h.stop();
    },
  };
}

/** The owner types /audit in a private chat with the bot; returns the answer. */
async function audit(h: TelegramHarness): Promise<string> {
  const before = h.telegram.sentTo(OWNER.id).length;
  h.telegram.type({ id: OWNER.id, type: 'private' }, OWNER, '/audit');
  await vi.waitFor(() => expect(h.telegram.sentTo(OWNER.id).length).toBe(before + 1), {
    timeout: 5000,
    interval: 20,
  });
  return h.telegram.sentTo(OWNER.id)[before]?.text ?? '';
}

describe('redaction end to end: Telegram, against a Bot API server that echoes the token', () => {
  it('stores, answers and logs the failures without the token', async () => {
    const file = tempDatabase();
    const log = capturedLogger();
    const h = await telegramHerald(file, log.logger);
    // Every error the fake answers ends "(request was /bot<token>/<method>)".
    h.telegram.fail({ chatId: '-4001', status: 400, description: 'Bad Request: chat not found' });
    h.telegram.kick('-4002', `Forbidden: bot was kicked from the group chat by token ${TOKEN}`);
    h.telegram.fail({ chatId: '-4003', status: 502, description: 'Bad Gateway' });
    h.telegram.fail({
      chatId: '-4004',
      status: 400,
      description: `Bad Request: message is too long (proxy saw /bot${STRANGER}/sendMessage, token ${STRANGER})`,
    });
    await h.clock.advanceTo('2018-05-21T12:00:00Z');
    await vi.waitFor(
      async () => {
        expect((await h.stores.targets.get('telegram:-4001'))?.enabled).toBe(false);
        expect((await h.stores.targets.get('telegram:-4002'))?.enabled).toBe(false);
        expect((await h.stores.ledger.get('mi8-fr|countdown|1d|telegram:-4004'))?.status).toBe('failed');
        expect((await h.stores.ledger.get('mi8-fr|countdown|1d|telegram:-4003'))?.lastError).toBeDefined();
      },
      { timeout: 5000, interval: 20 },
    );
    // The 502 is retried after its backoff, and goes out.
    await h.clock.advance(2_000);
    await vi.waitFor(() => expect(h.telegram.sentTo('-4003')).toHaveLength(1), { timeout: 5000 });

    // What an operator reads: the reasons, with the token taken out.
    expect((await h.stores.targets.get('telegram:-4001'))?.disabledReason).toBe(
      '400: Bad Request: chat not found (request was /bot[redacted]/sendMessage)',
    );
    expect((await h.stores.targets.get('telegram:-4002'))?.disabledReason).toBe(
      '403: Forbidden: bot was kicked from the group chat by token [redacted] (request was /bot[redacted]/sendMessage)',
    );
    // Retried after the 502 and sent: a sent row keeps no stale error.
    const retried = await h.stores.ledger.get('mi8-fr|countdown|1d|telegram:-4003');
    expect(retried?.status).toBe('sent');
    expect(retried?.lastError).toBeUndefined();
    expect((await h.stores.ledger.get('mi8-fr|countdown|1d|telegram:-4004'))?.reason).toBe(
      '400: Bad Request: message is too long (proxy saw /bot[redacted]/sendMessage, token [redacted]) (request was /bot[redacted]/sendMessage)',
    );

    const reply = await audit(h);
    expect(reply).toContain(
      '⚠️ telegram:-4001 is disabled: 400: Bad Request: chat not found (request was /bot[redacted]/sendMessage)',
    );
    expect(reply).toContain(
      'failed mi8-fr countdown 1d → telegram:-4004 (400: Bad Request: message is too long',
    );
    expect(leaks(reply)).toEqual([]);

    expect(leaks(onDisk(file))).toEqual([]);
    await h.stop();
    // Closed: the WAL is folded into the file, which holds the reasons and no token.
    expect(existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).length : 0).toBe(0);
    const bytes = readFileSync(file);
    expect(bytes.includes('/bot[redacted]/sendMessage')).toBe(true);
    expect(leaks(bytes)).toEqual([]);

    expect(log.text()).toContain('delivery refused by the platform');
    expect(log.text()).toContain('delivery failed; will retry');
    expect(leaks(log.text())).toEqual([]);
  });

  it('answers /audit without the token even for rows stored before the redaction', async () => {
    const file = tempDatabase();
    const log = capturedLogger();
    const h = await telegramHerald(file, log.logger);
    await h.clock.advanceTo('2018-05-21T12:00:00Z');
    await vi.waitFor(() => expect(h.telegram.sentTo('-4001')).toHaveLength(1), { timeout: 5000 });
    // What an earlier Herald left in the file, written behind the stores' back.
    const db = new Database(file);
    db.prepare(
      `UPDATE ledger SET status = 'failed', reason = ? WHERE key = 'mi8-fr|countdown|1d|telegram:-4001'`,
    ).run(`400: Bad Request: chat not found (request was /bot${TOKEN}/sendMessage)`);
    db.prepare(
      `UPDATE targets SET data = json_set(data, '$.enabled', json('false'), '$.disabledReason', ?) WHERE key = 'telegram:-4002'`,
    ).run(`403: Forbidden: bot was kicked (token ${TOKEN})`);
    db.close();

    const reply = await audit(h);
    expect(reply).toContain(
      '⚠️ telegram:-4002 is disabled: 403: Forbidden: bot was kicked (token [redacted])',
    );
    expect(reply).toContain('(400: Bad Request: chat not found (request was /bot[redacted]/sendMessage))');
    expect(leaks(reply)).toEqual([]);
    expect(leaks(log.text())).toEqual([]);
  });
});

describe('redaction end to end: Discord, behind a proxy that echoes the credentials', () => {
  it('stores, answers and logs the failures without the token', async () => {
    const [lanci, annunci] = GUILD.channels.map((c) => c.id) as [string, string];
    const owner = '700000000000000042';
    const settings = {
      defaults: { locale: 'en', zone: 'Europe/Rome' },
      countdown: { milestones: ['1d'] },
      reminders: { offsets: [] },
      owners: [`discord:${owner}`],
      targets: [lanci, annunci].map((chat) => ({
        platform: 'discord',
        chat,
        locale: 'en',
        follows: { events: ['mi8-it'] },
        kinds: ['countdown'],
      })),
    };
    const file = tempDatabase();
    const log = capturedLogger();
    const discord = new FakeDiscord(DISCORD_TOKEN, [GUILD]);
    discord.echoToken = true;
    await discord.start();
    const clock = new FakeClock('2018-05-23T12:00:00Z');
    const stores = new SqliteStores(file);
    const adapter = new DiscordAdapter({
      token: DISCORD_TOKEN,
      apiRoot: discord.apiRoot,
      clock,
      logger: log.logger,
      commands: allCommands(),
    });
    const app = new HeraldApp({
      config: testConfig(settings, [MI8_IT]),
      stores,
      clock,
      logger: log.logger,
      adapters: [adapter],
      instanceId: 'dc-redaction',
      jitter: () => 0,
      schedulerCapMs: 3_600_000,
      limits: { discord: UNLIMITED },
    });
    let running = true;
    const stop = async () => {
      if (!running) return;
      running = false;
      await app.stop();
      await discord.stop();
      await stores.close();
    };
    cleanups.push(stop);
    await app.start();
    await clock.advance(0);

    // Each error message ends "(request authorised with Bot <token>)".
    discord.fail({
      method: 'POST',
      path: new RegExp(`^/channels/${lanci}/messages$`),
      status: 403,
      code: 50001,
      message: `Missing Access for token ${DISCORD_TOKEN}`,
    });
    discord.fail({
      method: 'POST',
      path: new RegExp(`^/channels/${annunci}/messages$`),
      status: 400,
      code: 50035,
      message: 'Invalid Form Body',
    });
    await clock.advanceTo('2018-05-23T13:00:00Z');
    await vi.waitFor(
      async () => {
        expect((await stores.targets.get(`discord:${lanci}`))?.enabled).toBe(false);
        expect((await stores.ledger.get(`mi8-it|countdown|1d|discord:${annunci}`))?.status).toBe('failed');
      },
      { timeout: 5000, interval: 20 },
    );
    expect((await stores.ledger.get(`mi8-it|countdown|1d|discord:${annunci}`))?.reason).toBe(
      '400 50035: Invalid Form Body (request authorised with Bot [redacted])',
    );

    // The owner asks in each channel (a chat's audit may show only its own deliveries).
    for (const [channel, count] of [
      [lanci, 1],
      [annunci, 2],
    ] as const) {
      discord.interact({ name: 'audit', guildId: GUILD.id, channelId: channel, userId: owner });
      await vi.waitFor(() => expect(discord.interactionReplies).toHaveLength(count), {
        timeout: 5000,
        interval: 20,
      });
    }
    // As a reader sees them: the embeds, without the Markdown escapes (`\[`).
    const [inLanci = '', inAnnunci = ''] = discord.interactionReplies.map((r) =>
      JSON.stringify(r.data?.embeds).replace(/\\\\/g, ''),
    );
    expect(inLanci).toContain(`discord:${lanci} is disabled: 403 50001: missing access`);
    expect(inAnnunci).toContain('(400 50035: Invalid Form Body (request authorised with Bot [redacted]))');
    expect(leaks(inLanci + inAnnunci)).toEqual([]);

    expect(leaks(onDisk(file))).toEqual([]);
    await stop();
    const bytes = readFileSync(file);
    expect(bytes.includes('400 50035: Invalid Form Body')).toBe(true);
    expect(leaks(bytes)).toEqual([]);

    expect(log.text()).toContain('delivery refused by the platform');
    expect(leaks(log.text())).toEqual([]);
  });
});
