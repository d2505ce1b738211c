import type { AutocompleteRequest } from '../adapters/adapter.js';
import type { EventStore } from '../calendar/stores.js';
import { upcoming } from '../calendar/upcoming.js';
import { LOCALES, localized } from '../core/types.js';
import { sees } from './authority.js';

/**
 * Choices for a partly typed option: launch ids, tags, time zones, languages. Launches and
 * tags come only from what the chat sees (docs/tenancy.md).
 */
export async function suggest(
  request: AutocompleteRequest,
  store: EventStore,
  now: number,
  operator: boolean,
): Promise<{ name: string; value: string }[]> {
  const viewer = { operator, chatKind: request.chatKind, community: request.community };
  const typed = request.value.trim().toLowerCase();
  const matches = (text: string) => text.toLowerCase().includes(typed);
  const events =
    request.source === 'event' || request.source === 'topic' || request.source === 'tag'
      ? (await store.list()).filter((e) => sees(viewer, e))
      : [];
  const out: { name: string; value: string }[] = [];
  if (request.source === 'event' || request.source === 'topic') {
    for (const event of upcoming(events, now)) {
      const title = localized(event.title, request.locale);
      if (matches(event.id) || matches(title)) out.push({ name: `${event.id} — ${title}`, value: event.id });
    }
  }
  if (request.source === 'tag' || request.source === 'topic') {
    const tags = [...new Set(upcoming(events, now).flatMap((e) => e.tags))].sort();
    for (const tag of tags) if (matches(tag)) out.push({ name: `#${tag}`, value: tag });
  }
  if (request.source === 'zone') {
    for (const zone of Intl.supportedValuesOf('timeZone'))
      if (matches(zone)) out.push({ name: zone, value: zone });
  }
  if (request.source === 'locale') {
    const names = { en: 'English', fr: 'Français', it: 'Italiano' };
    for (const locale of LOCALES)
      if (matches(locale) || matches(names[locale])) out.push({ name: names[locale], value: locale });
  }
  return out.slice(0, 25);
}
