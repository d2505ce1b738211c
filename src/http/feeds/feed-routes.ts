import type { Clock } from '../../core/clock.js';
import { type LaunchEvent, type Locale, localized } from '../../core/types.js';
import type { HttpReply, HttpRequest, HttpRoute } from '../route.js';
import { ArtifactCache } from './artifact-cache.js';
import { conditionalReply, notFound, validated } from './conditional.js';
import { icsCalendar } from './ics.js';
import { localeParam } from './language.js';
import type { PublicCalendar, PublicSnapshot } from './public-calendar.js';

export interface FeedDeps {
  /** The public launches, cached (one per process, shared with the page). */
  readonly calendar: PublicCalendar;
  readonly clock: Clock;
  /** Herald's public base URL (HERALD_PUBLIC_URL), for the links and UIDs in the feeds. */
  readonly publicUrl: string;
  /** The language of a feed asked for without `?lang=`, or with one Herald does not speak. */
  readonly defaultLocale: Locale;
  /** The calendars' name in applications (default Herald). */
  readonly siteName?: string;
}

/** The path of a launch's own feed. */
export const EVENT_FEED = /\/e\/(?<id>[a-z0-9][a-z0-9_-]{0,63})\.ics/;

const HEADERS = {
  'content-type': 'text/calendar; charset=utf-8',
  // Calendar applications poll; a cancelled launch reaches them within minutes.
  'cache-control': 'public, max-age=300',
};

/** What one feed holds. `key`: where it is cached; absent for a tag no public launch has. */
interface Feed {
  readonly key?: string;
  readonly events: readonly LaunchEvent[];
  readonly name: string;
  readonly path: string;
  readonly file: string;
}

/**
 * The ICS feeds: `/calendar.ics` (every public launch; `?tag=` only those with a tag, `?lang=`
 * the language of titles and descriptions) and `/e/<id>.ics` (one launch). Served from the
 * public calendar's cache, rendered once per calendar version, language and tag, with ETag and
 * Last-Modified (304 when the client's copy is current).
 */
export function feedRoutes(deps: FeedDeps): HttpRoute[] {
  const cache = new ArtifactCache();
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const site = deps.siteName ?? 'Herald';

  const serve = async (
    request: HttpRequest,
    pick: (snapshot: PublicSnapshot, locale: Locale) => Feed | undefined,
  ): Promise<HttpReply> => {
    const snapshot = await deps.calendar.current();
    const locale = localeParam(request.query) ?? deps.defaultLocale;
    const feed = pick(snapshot, locale);
    if (!feed) return notFound('No such public launch');
    const render = () => ({
      body: icsCalendar(feed.events, {
        locale,
        publicUrl,
        name: feed.name,
        url: `${publicUrl}${feed.path}`,
        modified: snapshot.modified,
        fallback: snapshot.changedAt,
      }),
    });
    const v =
      feed.key === undefined
        ? validated(render().body, snapshot.changedAt)
        : cache.get(`${feed.key}|${locale}`, snapshot.version, deps.clock.now(), render);
    return conditionalReply(request, v, {
      ...HEADERS,
      'content-disposition': `inline; filename="${feed.file}"`,
    });
  };

  return [
    {
      method: 'GET',
      path: '/calendar.ics',
      handle: (request) =>
        serve(request, (snapshot) => {
          const tag = request.query.get('tag');
          if (tag === null) {
            return {
              key: 'all',
              events: snapshot.events,
              name: site,
              path: '/calendar.ics',
              file: 'calendar.ics',
            };
          }
          // Only tags of public launches are cached: made-up ones cannot fill the cache.
          const known = snapshot.tags.has(tag);
          return {
            ...(known ? { key: `tag|${tag}` } : {}),
            events: known ? snapshot.events.filter((e) => e.tags.includes(tag)) : [],
            name: `${site} · ${tag}`,
            path: `/calendar.ics?tag=${encodeURIComponent(tag)}`,
            file: 'calendar.ics',
          };
        }),
    },
    {
      method: 'GET',
      path: EVENT_FEED,
      handle: (request) =>
        serve(request, (snapshot, locale) => {
          const id = request.params.id ?? '';
          const event = snapshot.byId.get(id);
          if (!event) return undefined;
          return {
            key: `e|${id}`,
            events: [event],
            name: localized(event.title, locale) || id,
            path: `/e/${id}.ics`,
            file: `${id}.ics`,
          };
        }),
    },
  ];
}
