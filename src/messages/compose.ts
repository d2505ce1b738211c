import type { RecordedStart } from '../calendar/changes.js';
import { startInstant, upcoming } from '../calendar/upcoming.js';
import { type Duration, parseDuration } from '../core/duration.js';
import { type FieldChange, type LaunchEvent, type Localized, localized, type Target } from '../core/types.js';
import type { Catalog, Span } from '../i18n/catalog.js';
import { catalog } from '../i18n/index.js';
import { venuePlace } from '../i18n/zone-names.js';
import { slotOffset } from '../ledger/key.js';
import type { LedgerRow, PlannedPost } from '../ledger/row.js';
import {
  daysUntil,
  formatDuration,
  formatEventStart,
  formatInstant,
  formatRemaining,
  formatShort,
  formatStart,
  readerTime,
} from './format-time.js';
import type { MessageField, OutboundMessage } from './model.js';

export interface ComposeContext {
  readonly now: number;
  readonly events: ReadonlyMap<string, LaunchEvent>;
  /** For digests: the chat, for what it follows and sees. */
  readonly follower?: Pick<Target, 'follows' | 'owner'>;
  /**
   * The launches ahead that a digest lists (those in its window) or a catch-up points to (the
   * next one), as the store's query found them; when absent they are found in `events`.
   */
  readonly upcoming?: readonly LaunchEvent[];
  /** How many launches the digest's window holds, when `upcoming` holds only the first of them. */
  readonly upcomingTotal?: number;
  /** Sent after its due time (within the grace window). */
  readonly late?: boolean;
}

type Post = Pick<PlannedPost, 'eventId' | 'kind' | 'slot' | 'locale' | 'zone' | 'due' | 'chatId'> &
  Partial<Pick<LedgerRow, 'mention' | 'payload'>>;

/**
 * What a ledger row says, in the target's language, from the event as it is now.
 * Returns undefined when the row has nothing left to say (its event is gone).
 */
export function composePost(post: Post, ctx: ComposeContext): OutboundMessage | undefined {
  const t = catalog(post.locale);
  const base = composeBody(post, ctx, t);
  if (!base) return undefined;
  // A pinned countdown is edited in place: "sent late" would only be noise there.
  const footer =
    ctx.late && post.kind !== 'pinned' ? t.late(formatInstant(t, post.due, post.zone)) : undefined;
  return {
    ...base,
    ...(post.mention === undefined || base.mention !== undefined ? {} : { mention: post.mention }),
    ...(footer === undefined ? {} : { footer }),
  };
}

function composeBody(post: Post, ctx: ComposeContext, t: Catalog): OutboundMessage | undefined {
  switch (post.kind) {
    case 'digest':
      return composeDigest(post, ctx, t);
    case 'catchup':
      return composeCatchUp(post, ctx, t);
    default:
      break;
  }
  const event = ctx.events.get(post.eventId);
  if (!event) return undefined;
  const title = localized(event.title, t.locale);
  const card = eventCard(event, t, post.zone);
  switch (post.kind) {
    case 'countdown':
      return {
        ...card,
        kind: 'countdown',
        title: t.countdownTitle(title, formatDuration(t, parseDuration(slotOffset(post.slot)))),
      };
    case 'live':
      return {
        ...card,
        kind: 'live',
        title: event.start.kind === 'date' ? t.launchDayTitle(title) : t.liveTitle(title),
      };
    case 'reminder': {
      // A fallback reminder's slot is `<offset>@<user>`.
      const offset = parseDuration(slotOffset(post.slot));
      const head =
        offset.amount === 0 ? t.reminderNowTitle(title) : t.reminderTitle(title, formatDuration(t, offset));
      const payload = post.payload;
      const lines = payload?.type === 'fallback' ? [t.fallbackDm(payload.userId), ...card.lines] : card.lines;
      return {
        ...card,
        kind: 'reminder',
        title: head,
        lines,
        ...(payload?.type === 'fallback' ? { mention: payload.userId } : {}),
      };
    }
    case 'native':
      // Not a message: the dispatcher syncs the platform's own calendar event.
      return undefined;
    case 'pinned': {
      // Edited in place: says exactly how long is left at the moment of the edit.
      const left = startInstant(event) - ctx.now;
      const head =
        slotOffset(post.slot) === 'm0' || left <= 0
          ? event.start.kind === 'date'
            ? t.launchDayTitle(title)
            : t.liveTitle(title)
          : t.countdownTitle(title, timeLeftWords(t, event, ctx.now));
      const { image: _image, ...text } = card;
      return { ...text, kind: 'pinned', title: head };
    }
    case 'changed':
    case 'cancelled':
    case 'postponed': {
      const changes = post.payload?.type === 'change' ? post.payload.changes : [];
      const lines = changes.map((c) => changeLine(t, c));
      if (post.kind === 'cancelled') lines.push(t.cancelledBody);
      if (post.kind === 'postponed') lines.push(t.postponedBody);
      const head =
        post.kind === 'cancelled'
          ? t.cancelledTitle(title)
          : post.kind === 'postponed'
            ? t.postponedTitle(title)
            : t.changedTitle(title);
      return { ...card, kind: post.kind, title: head, lines };
    }
  }
}

/** The parts every post about one event shares: description, when, where, links, image. */
export function eventCard(event: LaunchEvent, t: Catalog, readerZone: string): OutboundMessage {
  const fields: MessageField[] = [];
  let when = formatEventStart(t, event);
  if (event.start.kind === 'instant') {
    const reader = readerTime(t, event.start.at, event.zone, readerZone);
    if (reader) when = `${when} · ${reader}`;
  }
  fields.push({ label: t.field.when, value: when });
  const city = event.city === undefined ? undefined : venuePlace(event, t.locale, t.cldr).name;
  const where = [event.venue, city].filter((part): part is string => Boolean(part)).join(', ');
  if (where) fields.push({ label: t.field.where, value: where });
  if (event.status !== 'scheduled') fields.push({ label: t.field.status, value: t.status[event.status] });
  const description = localized(event.description, t.locale);
  return {
    kind: 'reply',
    locale: t.locale,
    title: localized(event.title, t.locale),
    lines: description ? [description] : [],
    fields,
    when: { at: startInstant(event), dateOnly: event.start.kind === 'date' },
    ...(event.image === undefined ? {} : { image: event.image }),
    links: event.links,
    eventId: event.id,
  };
}

function changeLine(t: Catalog, change: FieldChange): string {
  switch (change.field) {
    case 'start': {
      const show = (json: string) => {
        const r = JSON.parse(json) as RecordedStart;
        return formatStart(t, r.start, r.zone, r.city);
      };
      return t.changeLine(t.field.when, show(change.before), show(change.after));
    }
    case 'title': {
      const show = (json: string) => localized(JSON.parse(json) as Localized, t.locale);
      return t.changeLine(t.field.title, show(change.before), show(change.after));
    }
    case 'status':
      return t.changeLine(
        t.field.status,
        t.status[change.before as LaunchEvent['status']] ?? change.before,
        t.status[change.after as LaunchEvent['status']] ?? change.after,
      );
    default:
      return t.changeLine(t.field.where, change.before || '—', change.after || '—');
  }
}

/** Time left in words without "in": "2 days and 4 hours", or days for a date-only event. */
function timeLeftWords(t: Catalog, event: LaunchEvent, now: number): Span {
  if (event.start.kind === 'date')
    return t.unit(Math.max(0, daysUntil(now, event.start.date, event.zone)), 'd');
  return formatRemaining(t, event.start.at - now);
}

/** How long until an event, in words: "in 3 days", "dans 2 jours", or "started". */
export function timeLeft(t: Catalog, event: LaunchEvent, now: number): string {
  if (event.start.kind === 'date') {
    const days = daysUntil(now, event.start.date, event.zone);
    return days <= 0 ? t.started : t.in(t.unit(days, 'd'));
  }
  const ms = event.start.at - now;
  return ms <= 0 ? t.started : t.in(formatRemaining(t, ms));
}

/** A digest lists the first launches of its window; a last line says how many more there are. */
export const DIGEST_LAUNCHES = 25;

/** The window a digest covers: its own, or two weeks for a digest row that does not say. */
export function digestWindow(post: Partial<Pick<LedgerRow, 'payload'>>): number {
  return post.payload?.type === 'digest' ? post.payload.windowMs : 14 * 86_400_000;
}

function composeDigest(post: Post, ctx: ComposeContext, t: Catalog): OutboundMessage | undefined {
  const windowMs = digestWindow(post);
  const windowText = formatRemaining(t, windowMs);
  const listed = digestEvents(ctx, windowMs);
  const total = ctx.upcomingTotal ?? listed.length;
  const lines = listed
    .slice(0, DIGEST_LAUNCHES)
    .map((event) =>
      t.digestLine(localized(event.title, t.locale), formatEventStart(t, event), timeLeft(t, event, ctx.now)),
    );
  return {
    kind: 'digest',
    locale: t.locale,
    title: t.digestTitle(windowText),
    lines:
      lines.length === 0
        ? [t.digestEmpty(windowText)]
        : total > lines.length
          ? [...lines, t.digestMore(total - lines.length)]
          : lines,
    fields: [],
    links: [],
  };
}

function digestEvents(ctx: ComposeContext, windowMs: number): readonly LaunchEvent[] {
  return (
    ctx.upcoming ??
    upcoming(ctx.events.values(), ctx.now, {
      windowMs,
      ...(ctx.follower === undefined ? {} : { follower: ctx.follower }),
    })
  );
}

/** Whether a digest for these follows would list anything. */
export function digestIsEmpty(ctx: ComposeContext, windowMs: number): boolean {
  return digestEvents(ctx, windowMs).length === 0;
}

function composeCatchUp(post: Post, ctx: ComposeContext, t: Catalog): OutboundMessage | undefined {
  if (post.payload?.type !== 'catchup') return undefined;
  const { missed, since } = post.payload;
  const lines = [t.catchupIntro(missed.length)];
  for (const item of missed) {
    const event = ctx.events.get(item.eventId);
    const title = event ? localized(event.title, t.locale) : item.eventId;
    lines.push(
      t.catchupItem(describeMissed(t, item.kind, item.slot, title), formatShort(item.due, post.zone, t)),
    );
  }
  const next = (ctx.upcoming ??
    upcoming(ctx.events.values(), ctx.now, {
      limit: 1,
      ...(ctx.follower === undefined ? {} : { follower: ctx.follower }),
    }))[0];
  if (next) {
    lines.push(t.catchupNext(localized(next.title, t.locale), formatEventStart(t, next)));
  }
  return {
    kind: 'catchup',
    locale: t.locale,
    title: t.catchupTitle(formatShort(since, post.zone, t), formatShort(ctx.now, post.zone, t)),
    lines,
    fields: [],
    links: [],
  };
}

function describeMissed(t: Catalog, kind: string, slot: string, title: string): string {
  if (kind === 'countdown')
    return t.countdownTitle(title, formatDuration(t, parseDuration(slotOffset(slot))));
  if (kind === 'live') return t.liveTitle(title);
  if (kind === 'reminder') {
    const offset: Duration = parseDuration(slotOffset(slot));
    return offset.amount === 0
      ? t.reminderNowTitle(title)
      : t.reminderTitle(title, formatDuration(t, offset));
  }
  return title;
}
