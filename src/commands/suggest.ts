import type { AutocompleteRequest } from '../adapters/adapter.js';
import type { EventStore } from '../calendar/stores.js';
import { LOCALES, localized } from '../core/types.js';
import { catalog } from '../i18n/index.js';
import { viewerOf } from './authority.js';

/**
 * Choices for a partly typed option: launch ids, tags, time zones, languages. Launches and
 * tags come only from what the chat sees (docs/tenancy.md); a launch matches by its id or its
 * title in any language (a French reader typing the English name finds it).
 */
export async function suggest(
  request: AutocompleteRequest,
  store: EventStore,
  now: number,
  operator: boolean,
): Promise<{ name: string; value: string }[]> {
  const viewer = viewerOf({ operator, chatKind: request.chatKind, community: request.community });
  const typed = request.value.trim().toLowerCase();
  const matches = (text: string) => text.toLowerCase().includes(typed);
  const text = typed === '' ? {} : { text: typed };
  const out: { name: string; value: string }[] = [];
  if (request.source === 'event' || request.source === 'topic') {
    for (const event of await store.upcoming({ now, limit: 25, ...viewer, ...text })) {
      out.push({ name: `${event.id} — ${localized(event.title, request.locale)}`, value: event.id });
    }
  }
  if (request.source === 'tag' || request.source === 'topic') {
    for (const tag of await store.tags({ aheadOf: now, limit: 25, ...viewer, ...text }))
      out.push({ name: `#${tag}`, value: tag });
  }
  if (request.source === 'zone') {
    for (const zone of Intl.supportedValuesOf('timeZone'))
      if (matches(zone)) out.push({ name: zone, value: zone });
  }
  if (request.source === 'locale') {
    for (const locale of LOCALES) {
      // Each language by its own name ("Français", "Deutsch"), as a language menu shows it.
      const own = catalog(locale).languageName(locale);
      const name = own.charAt(0).toLocaleUpperCase(locale) + own.slice(1);
      if (matches(locale) || matches(name)) out.push({ name, value: locale });
    }
  }
  return out.slice(0, 25);
}
