import type { HeraldApp } from '../app.js';
import type { HeraldConfig } from '../config/load.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { PrometheusMetrics } from '../observability/prometheus.js';
import type { Stores } from '../stores/stores.js';
import { feedRoutes } from './feeds/feed-routes.js';
import { PublicCalendar } from './feeds/public-calendar.js';
import { healthRoute, metricsRoute, readyRoute } from './operations.js';
import { pageRoutes } from './page/page-routes.js';
import type { ReadinessSources } from './readiness.js';
import type { HttpRoute } from './route.js';
import { HttpServer } from './server.js';
import { telegramWebhookRoute, type UpdateReceiver, webhookSecret } from './telegram-webhook.js';

/** What the routes of the HTTP server read: the running app and what it was built from. */
export interface HttpDeps {
  readonly config: HeraldConfig;
  readonly app: HeraldApp;
  readonly stores: Stores;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The routes beside operations and the webhook (the ICS feeds, the launch page): each part
 * adds its route factory here, called once the app exists.
 */
const SITE_ROUTES: readonly ((deps: HttpDeps) => readonly HttpRoute[])[] = [siteRoutes];

/** The ICS feeds and the launch page, over one cache of the public calendar. */
function siteRoutes(deps: HttpDeps): HttpRoute[] {
  const { config, app, stores, clock } = deps;
  const env = config.env;
  const calendar = new PublicCalendar({ events: stores.events, clock });
  app.calendar.listen(calendar.onChange);
  const publicUrl = (
    env.HERALD_PUBLIC_URL ?? `http://${env.HERALD_HTTP_HOST}:${env.HERALD_HTTP_PORT ?? 8080}`
  ).replace(/\/+$/, '');
  const defaultLocale = config.settings.defaults.locale;
  const page = config.settings.page;
  const telegram = app.adapters.find((adapter) => adapter.platform === 'telegram');
  return [
    ...feedRoutes({ calendar, clock, publicUrl, defaultLocale }),
    ...pageRoutes({
      calendar,
      clock,
      publicUrl,
      defaultLocale,
      telegramBot: () => page?.telegramBot ?? telegram?.botUsername?.(),
      ...(page?.discordInvite ? { discordInvite: page.discordInvite } : {}),
    }),
  ];
}

/** Telegram in webhook mode: what the adapter registers with setWebhook. */
export interface TelegramWebhook {
  readonly url: string;
  readonly secretToken: string;
}

/** The HTTP side of `herald start`, prepared before the adapters are built. */
export interface PreparedHttp {
  /** Counts what the dispatcher, the router and the adapters report; /metrics shows it. */
  readonly metrics: PrometheusMetrics;
  /** Set when TELEGRAM_WEBHOOK_URL is (and a Telegram token): the adapter gets it. */
  readonly telegramWebhook: TelegramWebhook | undefined;
  /**
   * Builds the server on the app and listens (before `app.start()`, so Telegram can post to
   * the webhook as soon as the adapter sets it).
   */
  serve(app: HeraldApp, clock: Clock, telegram: () => UpdateReceiver | undefined): Promise<HttpServer>;
}

/** Reads the HTTP variables; with a webhook, its secret (the store must be migrated for that). */
export async function prepareHttp(
  config: HeraldConfig,
  stores: Stores,
  logger: Logger,
  rehearsal: boolean,
): Promise<PreparedHttp> {
  const env = config.env;
  const metrics = new PrometheusMetrics();
  let telegramWebhook: TelegramWebhook | undefined;
  if (env.TELEGRAM_WEBHOOK_URL !== undefined && !rehearsal) {
    if (env.TELEGRAM_BOT_TOKEN === undefined) {
      logger.warn('TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not: no webhook');
    } else {
      await stores.migrate();
      telegramWebhook = {
        url: env.TELEGRAM_WEBHOOK_URL,
        secretToken: await webhookSecret(env.TELEGRAM_WEBHOOK_SECRET, stores.refs),
      };
    }
  }
  return {
    metrics,
    telegramWebhook,
    async serve(app, clock, telegram) {
      const deps: HttpDeps = { config, app, stores, clock, logger };
      const routes: HttpRoute[] = [
        ...heraldRoutes(deps, metrics),
        ...(telegramWebhook
          ? [
              telegramWebhookRoute({
                path: new URL(telegramWebhook.url).pathname,
                secretToken: telegramWebhook.secretToken,
                receiver: telegram,
              }),
            ]
          : []),
      ];
      const server = new HttpServer({
        host: env.HERALD_HTTP_HOST,
        port: env.HERALD_HTTP_PORT ?? 0,
        routes,
        logger,
        https: env.HERALD_PUBLIC_URL?.startsWith('https:') ?? false,
      });
      const port = await server.listen();
      logger.info(
        { host: env.HERALD_HTTP_HOST, port, webhook: telegramWebhook !== undefined },
        `HTTP server listening on ${env.HERALD_HTTP_HOST}:${port}`,
      );
      return server;
    },
  };
}

/** Every route but the webhook: operations, then the site (feeds, page). The benchmark serves these. */
export function heraldRoutes(deps: HttpDeps, metrics: PrometheusMetrics): HttpRoute[] {
  return [...operationsRoutes(deps, metrics), ...SITE_ROUTES.flatMap((routesOf) => routesOf(deps))];
}

/** /healthz, /readyz and /metrics on the app. */
export function operationsRoutes(deps: HttpDeps, metrics: PrometheusMetrics): HttpRoute[] {
  const { app, stores, clock } = deps;
  const adapters = () =>
    app.adapters.map((adapter) => ({
      platform: adapter.platform,
      // An adapter that cannot lose its connection (the console) is connected.
      connected: adapter.connected?.() ?? true,
    }));
  const sources: ReadinessSources = {
    // A primary-key read: the cheapest question every store answers.
    store: () => stores.refs.get('herald:readyz'),
    adapters,
    scheduler: () => app.scheduler.health(),
    now: () => clock.now(),
  };
  metrics.observe({ ledger: stores.ledger, adapters, now: () => clock.now() });
  return [healthRoute(), readyRoute(sources), metricsRoute(metrics, deps.config.env.HERALD_METRICS_TOKEN)];
}
