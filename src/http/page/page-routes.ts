import type { Clock } from '../../core/clock.js';
import type { Locale } from '../../core/types.js';
import { ArtifactCache } from '../feeds/artifact-cache.js';
import { conditionalReply } from '../feeds/conditional.js';
import type { PublicCalendar } from '../feeds/public-calendar.js';
import type { HttpReply, HttpRequest, HttpRoute } from '../route.js';
import { assetRoutes } from './assets.js';
import { safeUrl } from './html.js';
import { pageLocale } from './negotiate.js';
import { type PageContext, renderLaunch, renderList, renderNotFound } from './render.js';

export interface PageDeps {
  /** The public launches, cached (one per process, shared with the feeds). */
  readonly calendar: PublicCalendar;
  readonly clock: Clock;
  /** Herald's public base URL (HERALD_PUBLIC_URL): link previews and calendar links are absolute. */
  readonly publicUrl: string;
  /** The page's language when neither `?lang=` nor the reader's Accept-Language names one Herald speaks. */
  readonly defaultLocale: Locale;
  /** Shown beside each page's title (default Herald). */
  readonly siteName?: string;
  /**
   * The Telegram bot's username (no @), asked at each render: the config's, or the one the
   * adapter learnt from getMe. Absent: no Telegram links.
   */
  readonly telegramBot?: () => string | undefined;
  /** The Discord server's invite (config `page.discordInvite`). Absent: no Discord links. */
  readonly discordInvite?: string;
}

/** The path of a launch's page. */
export const LAUNCH_PAGE = /\/e\/(?<id>[a-z0-9][a-z0-9_-]{0,63})/;

/**
 * The launch page: `/` (the public launches, a page of them: `?page=`) and `/e/<id>` (one
 * launch), in the language of `?lang=`, else of Accept-Language, else the default; plus the
 * page's fingerprinted style sheet, script and icon. Server-rendered from the public calendar's
 * cache, each page rendered again only when the calendar changed or what it says went stale (a
 * minute at most: it says how long is left), with ETag and Last-Modified (304 when current).
 */
export function pageRoutes(deps: PageDeps): HttpRoute[] {
  const cache = new ArtifactCache();
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const discordInvite = safeUrl(deps.discordInvite);

  const context = (request: HttpRequest): PageContext & { asked: boolean } => {
    const { locale, asked } = pageLocale(
      request.query,
      request.headers['accept-language'],
      deps.defaultLocale,
    );
    const bot = deps.telegramBot?.();
    return {
      locale,
      asked,
      now: deps.clock.now(),
      publicUrl,
      siteName: deps.siteName ?? 'Herald',
      ...(bot && /^[A-Za-z0-9_]{1,64}$/.test(bot) ? { telegramBot: bot } : {}),
      ...(discordInvite ? { discordInvite } : {}),
    };
  };

  const headers = (ctx: PageContext) => ({
    'content-type': 'text/html; charset=utf-8',
    'content-language': ctx.locale,
    // The language may come from Accept-Language; the page says how long is left: revalidate.
    vary: 'Accept-Language',
    'cache-control': 'no-cache',
  });

  const notFound = (ctx: PageContext): HttpReply => ({
    status: 404,
    headers: headers(ctx),
    body: renderNotFound(ctx),
  });

  return [
    ...assetRoutes(deps.clock.now()),
    {
      method: 'GET',
      path: '/',
      handle: async (request) => {
        const snapshot = await deps.calendar.current();
        const ctx = context(request);
        const page = Number.parseInt(request.query.get('page') ?? '1', 10);
        const pageNumber = Number.isFinite(page) && page > 0 ? Math.min(page, 10_000) : 1;
        const value = cache.get(
          `list|${ctx.locale}|${pageNumber}|${ctx.telegramBot ?? ''}`,
          snapshot.version,
          ctx.now,
          () => renderList(snapshot.events, pageNumber, ctx),
        );
        return conditionalReply(request, value, headers(ctx));
      },
    },
    {
      method: 'GET',
      path: LAUNCH_PAGE,
      handle: async (request) => {
        const snapshot = await deps.calendar.current();
        const ctx = context(request);
        const event = snapshot.byId.get(request.params.id ?? '');
        if (!event) return notFound(ctx);
        const value = cache.get(
          `e|${event.id}|${ctx.locale}|${ctx.telegramBot ?? ''}`,
          snapshot.version,
          ctx.now,
          () => renderLaunch(event, ctx),
        );
        return conditionalReply(request, value, headers(ctx));
      },
    },
  ];
}
