import type { Adapter } from '../adapters/adapter.js';
import type { TelegramAdapter } from '../adapters/telegram/telegram-adapter.js';
import { HeraldApp } from '../app.js';
import { startInstant } from '../calendar/upcoming.js';
import { clusterWanted } from '../cluster/mode.js';
import { allCommands } from '../commands/registry.js';
import type { HeraldConfig } from '../config/load.js';
import { type Clock, systemClock, type VirtualClock, virtualClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Locale } from '../core/types.js';
import { parseIsoInstant } from '../core/zone.js';
import { ON_TIME_MS } from '../scheduler/catch-up.js';
import { openStores } from '../stores/open-stores.js';
import { SqliteStores } from '../stores/sqlite/sqlite-stores.js';
import {
  banner,
  consoleAdapters,
  endsWithInput,
  inputKind,
  openConsole,
  withConsoleLanguage,
} from './console-session.js';

export interface StartOptions {
  readonly rehearse?: string;
  readonly speed?: number;
  readonly until?: string;
  /** The console chat's language (its posts and answers). */
  readonly lang?: Locale;
}

/**
 * `herald start`. With no tokens Herald runs on the console adapter and SQLite. With
 * `--rehearse <date>` it runs the real scheduler on a virtual clock from that date, on an
 * in-memory store, and the console stands in for every platform, so the whole campaign
 * can be watched on a fresh machine.
 */
export async function start(fileConfig: HeraldConfig, baseLogger: Logger, opts: StartOptions): Promise<void> {
  const config = withConsoleLanguage(fileConfig, opts.lang);
  const { screen, logger } = openConsole(baseLogger, config.env.LOG_LEVEL);
  const zone = config.settings.defaults.zone;
  const rehearsal = opts.rehearse !== undefined;
  const virtual: VirtualClock | undefined = rehearsal
    ? virtualClock(parseIsoInstant(opts.rehearse as string, zone), opts.speed ?? 3600, systemClock, {
        held: true,
      })
    : undefined;
  const clock: Clock = virtual ?? systemClock;
  const stores = rehearsal ? new SqliteStores(':memory:') : openStores(config.env.HERALD_DATABASE);
  // The HTTP server (health, readiness, metrics, webhook, feeds, page) and prom-client load
  // only when HERALD_HTTP_PORT is set.
  const http =
    config.env.HERALD_HTTP_PORT === undefined
      ? undefined
      : await (await import('../http/herald-http.js')).prepareHttp(config, stores, logger, rehearsal);
  const metrics = http ? { metrics: http.metrics } : {};
  let telegram: TelegramAdapter | undefined;
  // quit or exit stops Herald; so does the end of its input where that means "done" (console-session.ts).
  // A rehearsal runs to its end whatever a script of commands fed it; a terminal's Ctrl-D ends it.
  const onEnd = (why: 'quit' | 'eof') => {
    const consoleOnly = adapters.every((a) => a.platform === 'console') && !rehearsal;
    if (why === 'quit' || endsWithInput(inputKind(), consoleOnly)) void stop();
    else logger.info('console input closed; Herald keeps running (SIGTERM or Ctrl-C stops it)');
  };
  const adapters: Adapter[] = consoleAdapters({
    screen,
    clock,
    zone,
    rehearsal,
    ...(opts.lang ? { lang: opts.lang } : {}),
    onEnd,
  });
  if (!rehearsal) {
    const waiting = (platform: string) => config.targets.filter((t) => t.platform === platform).length;
    // The platform SDKs load only when their token is set (discord.js alone is tens of MB).
    if (config.env.TELEGRAM_BOT_TOKEN) {
      const { TelegramAdapter } = await import('../adapters/telegram/telegram-adapter.js');
      telegram = new TelegramAdapter({
        token: config.env.TELEGRAM_BOT_TOKEN,
        ...(config.env.TELEGRAM_API_ROOT ? { apiRoot: config.env.TELEGRAM_API_ROOT } : {}),
        clock,
        logger,
        commands: allCommands(),
        ...metrics,
        ...(http?.telegramWebhook ? { webhook: http.telegramWebhook } : {}),
      });
      adapters.push(telegram);
    } else if (waiting('telegram') > 0) {
      logger.warn(
        { targets: waiting('telegram') },
        'TELEGRAM_BOT_TOKEN is not set: Herald runs without Telegram; its posts stay planned in the ledger (catch-up applies when it connects)',
      );
    }
    if (config.env.DISCORD_TOKEN) {
      const { DiscordAdapter } = await import('../adapters/discord/discord-adapter.js');
      adapters.push(
        new DiscordAdapter({
          token: config.env.DISCORD_TOKEN,
          ...(config.env.DISCORD_API_ROOT ? { apiRoot: config.env.DISCORD_API_ROOT } : {}),
          clock,
          logger,
          commands: allCommands(),
          adminRoles: config.settings.discordAdminRoles,
          ...metrics,
          commandScope: config.settings.discord.commands,
          channelDirectory: stores.refs,
        }),
      );
    } else if (waiting('discord') > 0) {
      logger.warn(
        { targets: waiting('discord') },
        'DISCORD_TOKEN is not set: Herald runs without Discord; its posts stay planned in the ledger (catch-up applies when it connects)',
      );
    }
  }
  const cluster = !rehearsal && clusterWanted(config.env.HERALD_CLUSTER, config.env.HERALD_DATABASE);
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger,
    adapters,
    ...metrics,
    pollImports: !rehearsal,
    // Timers re-check the clock every 30 s of real time, not 30 virtual seconds (4 ms at 7200×).
    ...(rehearsal ? { schedulerCapMs: 30_000 * (opts.speed ?? 3600) } : {}),
    // A quarter of a real second of work is 30 virtual minutes at 7200×: not "late" to a reader.
    ...(rehearsal ? { onTimeMs: Math.max(ON_TIME_MS, 250 * (opts.speed ?? 3600)) } : {}),
    ...(cluster ? { cluster: {} } : {}),
  });
  // Listening before the app starts: the Telegram adapter sets its webhook during the start.
  const server = await http?.serve(app, clock, () => telegram);
  // SIGTERM or SIGINT stops gracefully (no more claims; sends under way finish, at most 10 s;
  // everything else goes back to the ledger unchanged) and exits 0. A second signal exits at once.
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) {
      logger.warn('second signal: exiting now; the next start takes back what this run held');
      process.exit(130);
    }
    stopping = true;
    // The HTTP server first: requests under way (and webhook updates being handled) finish
    // while the app still runs; then no new ones come.
    try {
      await server?.close();
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'HTTP close failed');
    }
    try {
      await app.stop();
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'stop failed');
    }
    try {
      await stores.close();
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'closing the store failed',
      );
    }
    process.exit(code);
  };
  /** A stop Herald decided on itself (quit, the end of input, of a rehearsal): once. */
  const stop = async () => {
    if (!stopping) await shutdown(0);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  await app.start();
  const counts = await stores.ledger.count();
  logger.info({ planned: counts.planned, sent: counts.sent, rehearsal }, 'Herald is running');
  screen.note(banner({ ...opts, speed: opts.speed ?? 3600 }));
  // A rehearsal's clock starts once Herald is ready: the start-up costs it no virtual time.
  virtual?.run();
  if (!rehearsal && (await stores.events.upcoming({ now: clock.now(), limit: 1 })).length === 0) {
    screen.note(
      'No upcoming launch in the calendar. To watch the example campaign: npm start -- --rehearse 2018-05-14T08:00 --speed 7200',
    );
  }
  if (rehearsal) {
    const events = await stores.events.list();
    const last = Math.max(...events.map((e) => startInstant(e)), clock.now());
    const until = opts.until ? parseIsoInstant(opts.until, zone) : last + 2 * 86_400_000;
    // On the rehearsal's own clock, so nothing due after --until is printed before it ends.
    const check = () => {
      if (clock.now() >= until) {
        screen.note('Rehearsal finished.');
        void stop();
      } else clock.setTimer(check, Math.min(until - clock.now(), 30_000 * (opts.speed ?? 3600)));
    };
    check();
  }
}
