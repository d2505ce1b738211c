import type { LaunchEvent, Locale } from '../../src/core/types.js';
import { catalog } from '../../src/i18n/index.js';
import { composePost, eventCard } from '../../src/messages/compose.js';
import { type OutboundMessage, renderPlain } from '../../src/messages/model.js';

/** A timed launch in Paris and a date-only one in Milan, as the example calendar has them. */
export const NOW = Date.parse('2018-05-01T08:00:00Z');
export const TIMED: LaunchEvent = {
  id: 'mi8-fr',
  title: { en: 'Mi 8', fr: 'Mi 8', it: 'Mi 8', es: 'Mi 8', de: 'Mi 8' },
  description: {},
  start: { kind: 'instant', at: Date.parse('2018-05-22T12:00:00Z') },
  zone: 'Europe/Paris',
  city: 'Paris',
  links: [],
  tags: ['mi8'],
  status: 'scheduled',
  source: 'config',
  revision: 1,
};
export const DATE_ONLY: LaunchEvent = {
  ...TIMED,
  id: 'mi8-it',
  title: { en: 'Mi 8 Italy', fr: 'Mi 8 Italie', it: 'Mi 8 Italia', es: 'Mi 8 Italia', de: 'Mi 8 Italien' },
  start: { kind: 'date', date: '2018-05-24' },
  zone: 'Europe/Rome',
  city: 'Milano',
  cityNames: { it: 'Milano', en: 'Milan', fr: 'Milan', es: 'Milán', de: 'Mailand' },
};
/** A launch at a time: where, and the city as the config gives it (or none: the zone's). */
export function timedIn(zone: string, city?: string, cityNames?: LaunchEvent['cityNames']): LaunchEvent {
  const { city: _city, cityNames: _names, ...rest } = TIMED;
  return {
    ...rest,
    zone,
    ...(city === undefined ? {} : { city }),
    ...(cityNames === undefined ? {} : { cityNames }),
  };
}

const events = new Map([
  [TIMED.id, TIMED],
  [DATE_ONLY.id, DATE_ONLY],
]);

/** The post a chat in `locale` (reading in `zone`) gets for a ledger row of this kind and slot. */
export function post(
  locale: Locale,
  kind: 'countdown' | 'live' | 'reminder' | 'pinned' | 'digest',
  slot: string,
  opts: { event?: LaunchEvent; now?: number; zone?: string; windowMs?: number } = {},
): OutboundMessage {
  const event = opts.event ?? TIMED;
  const message = composePost(
    {
      eventId: event.id,
      kind,
      slot,
      locale,
      zone: opts.zone ?? event.zone,
      due: opts.now ?? NOW,
      chatId: '1',
      ...(kind === 'digest'
        ? { payload: { type: 'digest' as const, windowMs: opts.windowMs ?? 14 * 86_400_000 } }
        : {}),
    },
    { now: opts.now ?? NOW, events },
  );
  if (!message) throw new Error(`nothing composed for ${kind} ${slot}`);
  return message;
}

/** The "When" line of an event's card, as a reader in `zone` sees it. */
export function when(locale: Locale, event: LaunchEvent, zone: string): string {
  const card = eventCard(event, catalog(locale), zone);
  return card.fields.find((f) => f.label === catalog(locale).field.when)?.value ?? '';
}

export { renderPlain };
