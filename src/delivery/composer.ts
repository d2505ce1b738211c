import type { NativeEventSpec } from '../adapters/adapter.js';
import { effectiveTarget } from '../calendar/effective.js';
import type { EventStore, TargetStore } from '../calendar/stores.js';
import { isPlannable, type LaunchEvent, localized, OPERATORS } from '../core/types.js';
import { catalog } from '../i18n/index.js';
import { venuePlace } from '../i18n/zone-names.js';
import { NO_EVENT, slotOffset } from '../ledger/key.js';
import { KIND_RULES } from '../ledger/kinds.js';
import { type LedgerRow, rowAddress } from '../ledger/row.js';
import { composePost, DIGEST_LAUNCHES, digestIsEmpty, digestWindow } from '../messages/compose.js';
import type { OutboundMessage } from '../messages/model.js';

/** What the dispatcher hands an adapter for one row, by the kind's delivery mode. */
export type Delivery =
  | { readonly mode: 'post' | 'pinned'; readonly message: OutboundMessage }
  | { readonly mode: 'native'; readonly spec: NativeEventSpec };

export type Composed =
  | { readonly ok: true; readonly delivery: Delivery }
  | { readonly ok: false; readonly reason: string };

/**
 * Turns a claimed ledger row into what to deliver, from the calendar as it is at send time.
 * Loads only the event a row is about; digests and catch-ups ask the store for the launches
 * they list (indexed queries: the calendar is never decoded whole).
 */
export class PostComposer {
  constructor(
    private readonly stores: { readonly events: EventStore; readonly targets: TargetStore },
    private readonly skipEmptyDigests: boolean,
  ) {}

  async compose(row: LedgerRow, now: number, late: boolean): Promise<Composed> {
    const { events: eventStore, targets } = this.stores;
    const events = new Map<string, LaunchEvent>();
    if (row.eventId !== NO_EVENT) {
      const event = await eventStore.get(row.eventId);
      if (!event) return { ok: false, reason: 'event removed' };
      events.set(event.id, event);
    } else if (row.payload?.type === 'catchup') {
      for (const { eventId } of row.payload.missed) {
        const event = events.has(eventId) ? undefined : await eventStore.get(eventId);
        if (event) events.set(eventId, event);
      }
    }
    const mode = KIND_RULES[row.kind].mode;
    // A countdown claimed before its launch was cancelled or postponed (a fan-out under way)
    // must not announce it: the change notice says what happened instead.
    const event = events.get(row.eventId);
    if (event && KIND_RULES[row.kind].planned && mode !== 'native' && !isPlannable(event))
      return { ok: false, reason: `event ${event.status}` };
    if (mode === 'native') {
      const event = events.get(row.eventId) as LaunchEvent;
      const spec = nativeSpec(event, row);
      return spec
        ? { ok: true, delivery: { mode, spec } }
        : { ok: false, reason: 'the hour is not announced' };
    }
    // Digests and catch-ups list launches: those the chat follows, or, for a chat that follows
    // nothing (a `/summary` there, a person's DMs), every launch its community sees.
    const target = row.eventId === NO_EVENT ? await targets.get(row.targetKey) : undefined;
    const community = row.payload?.type === 'digest' ? row.payload.community : undefined;
    const follower = target ?? { follows: { tags: ['*'], events: [] }, owner: community ?? OPERATORS };
    // A digest lists the first launches of its window and counts the rest; a catch-up, the next.
    const query = { now, follower, ...(row.kind === 'digest' ? { windowMs: digestWindow(row) } : {}) };
    const limit = row.kind === 'digest' ? DIGEST_LAUNCHES : 1;
    const listed = row.eventId === NO_EVENT ? await eventStore.upcoming({ ...query, limit }) : undefined;
    const total =
      listed !== undefined && listed.length === limit && row.kind === 'digest'
        ? await eventStore.count(query)
        : listed?.length;
    const ctx = {
      now,
      events,
      late,
      ...(row.eventId === NO_EVENT ? { follower } : {}),
      ...(listed === undefined ? {} : { upcoming: listed }),
      ...(total === undefined ? {} : { upcomingTotal: total }),
    };
    if (row.kind === 'digest' && this.skipEmptyDigests && row.payload?.type === 'digest') {
      if (digestIsEmpty(ctx, row.payload.windowMs))
        return { ok: false, reason: 'nothing upcoming in the window' };
    }
    // The chat's current language and zone (the `settings` command) win over those planned.
    const current = rowAddress(row).dm ? row : effectiveTarget(row, await targets.settings(row.targetKey));
    const message = composePost(current, ctx);
    return message ? { ok: true, delivery: { mode, message } } : { ok: false, reason: 'nothing to say' };
  }
}

/**
 * The launch as a native calendar event at this row's step: scheduled (each revision),
 * active at the start, completed at the end, cancelled with the launch. None for a launch
 * whose hour is not announced.
 */
export function nativeSpec(
  event: LaunchEvent,
  row: Pick<LedgerRow, 'slot' | 'locale'>,
): NativeEventSpec | undefined {
  if (event.start.kind !== 'instant') return undefined;
  const step = slotOffset(row.slot);
  const status =
    event.status === 'cancelled' || event.status === 'postponed'
      ? 'cancelled'
      : step === 'start'
        ? 'active'
        : step === 'end'
          ? 'completed'
          : 'scheduled';
  const t = catalog(row.locale);
  return {
    launchId: event.id,
    name: localized(event.title, t.locale),
    description: localized(event.description, t.locale),
    start: event.start.at,
    end: event.end ?? event.start.at + 2 * 3_600_000,
    // The city in the reader's language ("Mailand", "Hong Kong"), else the zone's.
    location:
      [event.venue, event.city === undefined ? undefined : venuePlace(event, t.locale, t.cldr).name]
        .filter(Boolean)
        .join(', ') || venuePlace(event, t.locale, t.cldr).name,
    ...(event.image ? { image: event.image } : {}),
    status,
  };
}
