import { LOCALES, type Locale, type Localized } from '../core/types.js';
import { ZONE_CITIES } from './zone-cities.js';
import { cityOfId } from './zone-cities-source.js';

/** How a zone is named to a reader: by its city ("Hong Kong", "Rom"), or by its offset ("UTC"). */
export type ZonePlace = { readonly kind: 'city' | 'offset'; readonly name: string };

const canonical = new Map<string, string>();

/** The id CLDR names a zone by (Asia/Kolkata → Asia/Calcutta, US/Eastern → America/New_York). */
function canonicalZone(zone: string): string {
  let found = canonical.get(zone);
  if (found === undefined) {
    try {
      found = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      found = zone;
    }
    // Bounded: a process meets few zones; a flood of made-up names cannot grow it without end.
    if (canonical.size < 1000) canonical.set(zone, found);
  }
  return found;
}

const UTC = new Set(['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/UCT', 'UCT', 'Etc/Universal', 'Etc/Zulu']);

/**
 * A zone's name in a language: the CLDR exemplar city of the zone (src/i18n/zone-cities.ts,
 * else the id's own city without underscores), or for a zone without a city its offset.
 */
export function zonePlace(zone: string, locale: Locale, cldr: string = locale): ZonePlace {
  const id = canonicalZone(zone);
  if (UTC.has(id) || UTC.has(zone)) return { kind: 'offset', name: 'UTC' };
  if (id.startsWith('Etc/')) return { kind: 'offset', name: offsetName(id, cldr) };
  return { kind: 'city', name: ZONE_CITIES[id]?.[locale] ?? cityOfId(id) };
}

function offsetName(zone: string, cldr: string): string {
  try {
    const parts = new Intl.DateTimeFormat(cldr, { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(
      0,
    );
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    return zone;
  }
}

/**
 * The venue's city for a reader: the name the config gives in the reader's language, else the
 * zone's own city in that language when the event's city is that city under any of its names
 * ("Roma", "Rome" or "Rom" in Europe/Rome reads "Roma", "Rome", "Rom"), else the city as the
 * operator wrote it ("Milano"). Without a city, the zone's.
 */
export function venuePlace(
  event: {
    readonly city?: string | undefined;
    readonly cityNames?: Localized | undefined;
    readonly zone: string;
  },
  locale: Locale,
  cldr: string = locale,
): ZonePlace {
  const given = event.cityNames?.[locale];
  if (given !== undefined) return { kind: 'city', name: given };
  const zone = zonePlace(event.zone, locale, cldr);
  if (event.city === undefined) return zone;
  if (zone.kind === 'city' && namesOfZone(event.zone).has(fold(event.city))) return zone;
  return { kind: 'city', name: event.city };
}

const zoneNames = new Map<string, ReadonlySet<string>>();

/** Every name of a zone's city, folded (`rome`, `roma`, `rom`, …). */
function namesOfZone(zone: string): ReadonlySet<string> {
  let names = zoneNames.get(zone);
  if (!names) {
    const id = canonicalZone(zone);
    const all = new Set([fold(cityOfId(id)), fold(cityOfId(zone))]);
    for (const locale of LOCALES) {
      const name = ZONE_CITIES[id]?.[locale];
      if (name !== undefined) all.add(fold(name));
    }
    names = all;
    if (zoneNames.size < 1000) zoneNames.set(zone, names);
  }
  return names;
}

function fold(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').replace(/_/g, ' ').toLowerCase().trim();
}
