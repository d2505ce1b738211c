import { DateTime } from 'luxon';
import { eventSpan } from '../../calendar/event-span.js';
import { type LaunchEvent, LOCALES, type Locale, localized } from '../../core/types.js';
import { zoneNamed } from '../../core/zone.js';
import { type Catalog, catalog } from '../../i18n/index.js';
import { daysUntil, formatRemaining, formatStart } from '../../messages/format-time.js';
import type { Rendered } from '../feeds/artifact-cache.js';
import { launchUrl } from '../feeds/ics.js';
import { ASSETS } from './assets.js';
import { attrs, esc, safeUrl } from './html.js';
import { type LaunchState, launchState, listed, nextChange } from './launch-state.js';
import { googleCalendarLink, telegramLink, webcalUrl } from './links.js';
import { LANGUAGE_NAMES, OG_LOCALES, type PageTexts, pageTexts } from './texts.js';

/** Launches per page of the list: a calendar of thousands stays a page people can read. */
export const PAGE_SIZE = 50;

export interface PageContext {
  readonly locale: Locale;
  readonly now: number;
  /** Herald's public base URL, without a trailing slash. */
  readonly publicUrl: string;
  readonly siteName: string;
  /** The bot's Telegram username: each launch links to its reminders in a private chat. */
  readonly telegramBot?: string;
  /** The Discord server's invite. */
  readonly discordInvite?: string;
}

interface Words {
  readonly t: Catalog;
  readonly p: PageTexts;
}

function words(locale: Locale): Words {
  return { t: catalog(locale), p: pageTexts(locale) };
}

/** The list at `/`: the launches to show (see `listed`), a page of them. */
export function renderList(events: readonly LaunchEvent[], page: number, ctx: PageContext): Rendered {
  const { t, p } = words(ctx.locale);
  const shown = events.filter((e) => listed(e, ctx.now));
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const slice = shown.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  const heading = t.cmd.eventsTitle(undefined);
  const feed = `${ctx.publicUrl}/calendar.ics?lang=${ctx.locale}`;
  const pageQuery = (n: number) => `?lang=${ctx.locale}${n > 1 ? `&page=${n}` : ''}`;
  const main = [
    `<h1>${esc(heading)}</h1>`,
    `<p class="intro">${esc(p.intro)}</p>`,
    slice.length === 0
      ? `<p>${esc(t.cmd.eventsNone(undefined))}</p>`
      : `<ol class="launches">${slice.map((e) => `<li>${card(e, ctx, 'h2')}</li>`).join('')}</ol>`,
    pages > 1
      ? `<nav class="pages" aria-label="${esc(p.pageOf(current, pages))}"><p>${esc(p.pageOf(current, pages))}</p><ul class="actions">${
          current > 1
            ? `<li><a href="${esc(pageQuery(current - 1))}" rel="prev">${esc(p.sooner)}</a></li>`
            : ''
        }${current < pages ? `<li><a href="${esc(pageQuery(current + 1))}" rel="next">${esc(p.later)}</a></li>` : ''}</ul></nav>`
      : '',
    `<section class="follow-all" aria-labelledby="follow-all"><h2 id="follow-all">${esc(p.followAll)}</h2>`,
    `<ul class="actions"><li><a href="${esc(webcalUrl(feed))}">${esc(p.icsAll)}</a></li>`,
    ctx.discordInvite ? `<li><a href="${esc(ctx.discordInvite)}">${esc(p.discord)}</a></li>` : '',
    `</ul><p>${esc(p.icsHelp)} <code>${esc(feed)}</code></p></section>`,
  ].join('');
  const image = slice.map((e) => safeUrl(e.image)).find((url) => url !== undefined);
  return {
    body: layout(ctx, {
      path: '/',
      title: `${heading} · ${ctx.siteName}`,
      description: p.intro,
      ...(image ? { image } : {}),
      main,
    }),
    validUntil: validUntil(events, ctx.now),
  };
}

/** `/e/<id>`: one launch. */
export function renderLaunch(event: LaunchEvent, ctx: PageContext): Rendered {
  const { p } = words(ctx.locale);
  const title = localized(event.title, ctx.locale) || event.id;
  const image = safeUrl(event.image);
  const main = [
    `<p><a href="/?lang=${ctx.locale}">← ${esc(p.allLaunches)}</a></p>`,
    card(event, ctx, 'h1'),
  ].join('');
  return {
    body: layout(ctx, {
      path: `/e/${encodeURIComponent(event.id)}`,
      title: `${title} · ${ctx.siteName}`,
      description: localized(event.description, ctx.locale) || whenText(event, ctx.locale),
      ...(image ? { image } : {}),
      feed: `/e/${encodeURIComponent(event.id)}.ics?lang=${ctx.locale}`,
      main,
    }),
    validUntil: validUntil([event], ctx.now),
  };
}

/** The page of an address that is no public launch (served with 404). */
export function renderNotFound(ctx: PageContext): string {
  const { p } = words(ctx.locale);
  return layout(ctx, {
    path: '/',
    title: `${p.notFoundTitle} · ${ctx.siteName}`,
    description: p.notFoundBody,
    main: `<h1>${esc(p.notFoundTitle)}</h1><p>${esc(p.notFoundBody)}</p><p><a href="/?lang=${ctx.locale}">${esc(p.allLaunches)}</a></p>`,
    noindex: true,
  });
}

/** The page says how long is left to the minute, and each launch's state: true until the next of these. */
function validUntil(events: readonly LaunchEvent[], now: number): number {
  let until = now - (now % 60_000) + 60_000;
  for (const event of events) until = Math.min(until, nextChange(event, now));
  return until;
}

function whenText(event: LaunchEvent, locale: Locale): string {
  return formatStart(catalog(locale), event.start, event.zone, event.city);
}

const BADGE_CLASS: Record<LaunchState, string> = {
  upcoming: 'badge',
  tba: 'badge',
  today: 'badge badge-live',
  live: 'badge badge-live',
  postponed: 'badge badge-postponed',
  cancelled: 'badge badge-cancelled',
  ended: 'badge badge-ended',
};

/** One launch: its state, title, countdown, times, place, description, links and ways to follow it. */
function card(event: LaunchEvent, ctx: PageContext, heading: 'h1' | 'h2'): string {
  const { t, p } = words(ctx.locale);
  const state = launchState(event, ctx.now);
  const title = localized(event.title, ctx.locale) || event.id;
  const image = safeUrl(event.image);
  const id = esc(event.id);
  const page = `/e/${encodeURIComponent(event.id)}?lang=${ctx.locale}`;
  const titleId = `title-${id}`;
  const parts: string[] = [];
  parts.push(`<span class="${BADGE_CLASS[state]}">${esc(p.state[state])}</span>`);
  parts.push(
    heading === 'h1'
      ? `<h1 id="${titleId}">${esc(title)}</h1>`
      : `<h2 id="${titleId}"><a href="${esc(page)}">${esc(title)}</a></h2>`,
  );
  parts.push(countdown(event, state, ctx, p, t));
  parts.push(`<p class="when">${whenHtml(event, t)}</p>`);
  if (event.start.kind === 'instant') {
    parts.push(
      `<p class="reader-time"${attrs({
        'data-reader-time': '',
        'data-instant': event.start.at,
        'data-template': t.readerTime('{time}', '{zone}'),
      })} hidden></p>`,
    );
  }
  const where = [event.venue, event.city].filter((part): part is string => Boolean(part)).join(', ');
  if (where) parts.push(`<p class="where">${esc(where)}</p>`);
  const note =
    state === 'cancelled'
      ? p.cancelledNote
      : state === 'postponed'
        ? p.postponedNote
        : state === 'ended'
          ? p.endedNote
          : undefined;
  if (note) parts.push(`<p class="note">${esc(note)}</p>`);
  const description = localized(event.description, ctx.locale);
  if (description) parts.push(`<p class="description">${esc(description)}</p>`);
  const links = event.links
    .map((link) => ({ label: link.label, url: safeUrl(link.url) }))
    .filter((link): link is { label: string; url: string } => link.url !== undefined);
  if (links.length > 0) {
    parts.push(
      `<h3 id="links-${id}">${esc(p.linksLabel)}</h3><ul class="links" aria-labelledby="links-${id}">${links
        .map((link) => `<li><a href="${esc(link.url)}" rel="noopener noreferrer">${esc(link.label)}</a></li>`)
        .join('')}</ul>`,
    );
  }
  parts.push(follow(event, state, ctx, p));
  const classes = image ? 'launch has-image' : 'launch';
  const picture = image ? `<img src="${esc(image)}" alt="" loading="lazy" decoding="async">` : '';
  return `<article class="${classes}" id="launch-${id}" data-state="${state}" aria-labelledby="${titleId}">${picture}<div class="body">${parts.join('')}</div></article>`;
}

/** The countdown: how long is left as the server sees it; the script makes it tick in the browser. */
function countdown(
  event: LaunchEvent,
  state: LaunchState,
  ctx: PageContext,
  p: PageTexts,
  t: Catalog,
): string {
  if (state === 'upcoming' && event.start.kind === 'instant') {
    return `<p class="countdown" role="timer"${attrs({
      'data-countdown': '',
      'data-instant': event.start.at,
      'data-precision': 'second',
      'data-template': p.startsIn('{left}'),
      'data-done': p.state.live,
    })}>${esc(p.startsIn(String(formatRemaining(t, event.start.at - ctx.now))))}</p>`;
  }
  if (state === 'tba' && event.start.kind === 'date') {
    const days = Math.max(1, daysUntil(ctx.now, event.start.date, event.zone));
    return `<p class="countdown" role="timer"${attrs({
      'data-countdown': '',
      'data-instant': eventSpan(event).start,
      'data-precision': 'day',
      'data-template': p.dayIn('{left}'),
      'data-done': p.state.today,
    })}>${esc(p.dayIn(t.unit(days, 'd').text))}</p>`;
  }
  return '';
}

/** The venue's time ("mercredi 22 mai 2030, 14:00 heure de Paris") in a machine-readable <time>. */
function whenHtml(event: LaunchEvent, t: Catalog): string {
  const text = formatStart(t, event.start, event.zone, event.city);
  const datetime =
    event.start.kind === 'date'
      ? event.start.date
      : DateTime.fromMillis(event.start.at, { zone: zoneNamed(event.zone) }).toISO({
          suppressMilliseconds: true,
        });
  return `<time datetime="${esc(datetime ?? '')}">${esc(text)}</time>`;
}

/** Ways to follow a launch still to come: Telegram reminders, the Discord server, its ICS, Google Calendar. */
function follow(event: LaunchEvent, state: LaunchState, ctx: PageContext, p: PageTexts): string {
  const items: string[] = [];
  const ahead = state !== 'cancelled' && state !== 'ended';
  if (ahead && ctx.telegramBot) {
    items.push(`<li><a href="${esc(telegramLink(ctx.telegramBot, event.id))}">${esc(p.telegram)}</a></li>`);
  }
  if (ahead && ctx.discordInvite) {
    items.push(`<li><a href="${esc(ctx.discordInvite)}">${esc(p.discord)}</a></li>`);
  }
  items.push(
    `<li><a href="${esc(`/e/${encodeURIComponent(event.id)}.ics?lang=${ctx.locale}`)}" type="text/calendar">${esc(p.icsOne)}</a></li>`,
  );
  if (ahead) {
    const link = googleCalendarLink(event, ctx.locale, launchUrl(ctx.publicUrl, event.id, ctx.locale));
    items.push(`<li><a href="${esc(link)}" rel="noopener noreferrer">${esc(p.google)}</a></li>`);
  }
  const id = esc(event.id);
  return `<h3 id="follow-${id}">${esc(p.followLabel)}</h3><ul class="actions" aria-labelledby="follow-${id}">${items.join('')}</ul>`;
}

interface LayoutParts {
  /** The page's path, without the language (`/`, `/e/mi8-fr`). */
  readonly path: string;
  readonly title: string;
  readonly description: string;
  readonly image?: string;
  /** The page's own ICS feed, when not the whole calendar's. */
  readonly feed?: string;
  readonly main: string;
  readonly noindex?: boolean;
}

/** The document around a page: language, link previews (OpenGraph, Twitter), style, script, language switcher. */
function layout(ctx: PageContext, parts: LayoutParts): string {
  const { p } = words(ctx.locale);
  const url = (locale: Locale) => `${ctx.publicUrl}${parts.path}?lang=${locale}`;
  const meta = (property: string, content: string) =>
    `<meta property="${property}" content="${esc(content)}">`;
  const named = (name: string, content: string) => `<meta name="${name}" content="${esc(content)}">`;
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(parts.title)}</title>`,
    named('description', parts.description),
    parts.noindex ? named('robots', 'noindex') : '',
    `<link rel="canonical" href="${esc(url(ctx.locale))}">`,
    ...LOCALES.map((l) => `<link rel="alternate" hreflang="${l}" href="${esc(url(l))}">`),
    `<link rel="alternate" type="text/calendar" title="${esc(p.icsAll)}" href="${esc(
      parts.feed ?? `/calendar.ics?lang=${ctx.locale}`,
    )}">`,
    `<link rel="icon" href="${ASSETS.icon.path}" type="image/svg+xml">`,
    `<link rel="stylesheet" href="${ASSETS.styles.path}">`,
    `<script src="${ASSETS.script.path}" defer></script>`,
    meta('og:type', 'website'),
    meta('og:site_name', ctx.siteName),
    meta('og:title', parts.title),
    meta('og:description', parts.description),
    meta('og:url', url(ctx.locale)),
    meta('og:locale', OG_LOCALES[ctx.locale]),
    ...LOCALES.filter((l) => l !== ctx.locale).map((l) => meta('og:locale:alternate', OG_LOCALES[l])),
    parts.image ? meta('og:image', parts.image) : '',
    named('twitter:card', parts.image ? 'summary_large_image' : 'summary'),
    named('twitter:title', parts.title),
    named('twitter:description', parts.description),
    parts.image ? named('twitter:image', parts.image) : '',
  ]
    .filter(Boolean)
    .join('\n');
  const languages = LOCALES.map(
    (l) =>
      `<li><a href="${esc(`${parts.path}?lang=${l}`)}" hreflang="${l}" lang="${l}"${
        l === ctx.locale ? ' aria-current="true"' : ''
      }>${esc(LANGUAGE_NAMES[l])}</a></li>`,
  ).join('');
  return `<!doctype html>
<html lang="${ctx.locale}" dir="ltr">
<head>
${head}
</head>
<body>
<a class="skip" href="#main">${esc(p.skipToLaunches)}</a>
<header class="site"><p class="brand"><a href="/?lang=${ctx.locale}">${esc(ctx.siteName)}</a> · ${esc(p.tagline)}</p>
<nav class="languages" aria-label="${esc(p.languageLabel)}"><ul>${languages}</ul></nav></header>
<main id="main">
${parts.main}
</main>
<footer class="site"><p>${esc(p.browserNote)}</p></footer>
</body>
</html>
`;
}
