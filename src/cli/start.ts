import type { Adapter } from '../adapters/adapter.js';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { HeraldApp } from '../app.js';
import { startInstant } from '../calendar/upcoming.js';
import { clusterWanted } from '../cluster/mode.js';
import { allCommands } from '../commands/registry.js';
import type { HeraldConfig } from '../config/load.js';
import { type Clock, systemClock, virtualClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { PLATFORMS } from '../core/types.js';
import { parseIsoInstant } from '../core/zone.js';
import { openStores } from '../stores/open-stores.js';
import { SqliteStores } from '../stores/sqlite/sqlite-stores.js';

export interface StartOptions {
  readonly rehearse?: string;
  readonly speed?: number;
  readonly until?: string;
}

/**
 * `herald start`. With no tokens Herald runs on the console adapter and SQLite. With
 * `--rehearse <date>` it runs the real scheduler on a virtual clock from that date, on an
 * in-memory store, and the console stands in for every platform, so the whole campaign
 * can be watched on a fresh machine.
 */
export async function start(config: HeraldConfig, logger: Logger, opts: StartOptions): Promise<void> {
  const zone = config.settings.defaults.zone;
  const rehearsal = opts.rehearse !== undefined;
  const clock: Clock = rehearsal
    ? virtualClock(parseIsoInstant(opts.rehearse as string, zone), opts.speed ?? 3600)
    : systemClock;
  const stores = rehearsal ? new SqliteStores(':memory:') : openStores(config.env.HERALD_DATABASE);
  const adapters: Adapter[] = [
    new ConsoleAdapter({ input: process.stdin, output: process.stdout, clock, zone }),
  ];
  if (rehearsal) {
    for (const platform of PLATFORMS.filter((p) => p !== 'console')) {
      adapters.push(
        new ConsoleAdapter({ input: process.stdin, output: process.stdout, clock, zone, platform }),
      );
    }
  } else {
    const waiting = (platform: string) => config.targets.filter((t) => t.platform === platform).length;
    // The platform SDKs load only when their token is set (discord.js alone is tens of MB).
    if (config.env.TELEGRAM_BOT_TOKEN) {
      const { TelegramAdapter } = await import('../adapters/telegram/telegram-adapter.js');
      adapters.push(
        new TelegramAdapter({
          token: config.env.TELEGRAM_BOT_TOKEN,
          ...(config.env.TELEGRAM_API_ROOT ? { apiRoot: config.env.TELEGRAM_API_ROOT } : {}),
          clock,
          logger,
          commands: allCommands(),
        }),
      );
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
  const app = new HeraldApp({ config, stores, clock, logger, adapters, ...(cluster ? { cluster: {} } : {}) });
  // SIGTERM or SIGINT stops gracefully (no more claims; sends under way finish, at most 10 s;
  // everything else goes back to the ledger unchanged) and exits 0. A second signal exits at once.
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) {
      logger.warn('second signal: exiting now; the next start takes back what this run held');
      process.exit(130);
    }
    stopping = true;
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
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  await app.start();
  const counts = await stores.ledger.count();
  logger.info(
    { planned: counts.planned, sent: counts.sent, rehearsal },
    'Herald is running; type help for commands',
  );
  if (!rehearsal && (await stores.events.upcoming({ now: clock.now(), limit: 1 })).length === 0) {
    logger.info(
      'no upcoming launch in the calendar; to watch the example campaign run: npm start -- --rehearse 2018-05-14T08:00 --speed 7200',
    );
  }
  if (rehearsal) {
    process.stdout.write(
      `Rehearsal from ${opts.rehearse} at ${opts.speed ?? 3600}× speed. Type help for commands.\n`,
    );
  }

  if (rehearsal) {
    const events = await stores.events.list();
    const last = Math.max(...events.map((e) => startInstant(e)), clock.now());
    const until = opts.until ? parseIsoInstant(opts.until, zone) : last + 2 * 86_400_000;
    const check = () => {
      if (clock.now() >= until) {
        process.stdout.write('Rehearsal finished.\n');
        void shutdown(0);
      } else systemClock.setTimer(check, 200);
    };
    check();
  }
}
