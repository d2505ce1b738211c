import { findIana } from 'windows-iana';
import { isValidZone } from '../../core/zone.js';

/**
 * The IANA zone a TZID names, or undefined. Accepts an IANA name (`Europe/Berlin`), a Windows
 * zone name as Outlook and Exchange write them (`W. Europe Standard Time` → `Europe/Berlin`,
 * through CLDR's windowsZones table as the `windows-iana` package ships it: the zone CLDR
 * gives for territory 001, the golden one), and an IANA name behind a vendor prefix, as older
 * Lightning and libical exports write it (`/mozilla.org/20050126_1/Europe/Berlin`,
 * `/freeassociation.sourceforge.net/Tzfile/Europe/Berlin`).
 */
export function ianaZoneOf(tzid: string): string | undefined {
  // Each occurrence of a series asks again: the Windows table is walked once per name.
  if (known.has(tzid)) return known.get(tzid);
  const zone = lookUp(tzid);
  if (known.size < 1000) known.set(tzid, zone);
  return zone;
}

const known = new Map<string, string | undefined>();

function lookUp(tzid: string): string | undefined {
  const name = tzid.trim().replace(/^"|"$/g, '');
  if (name === '') return undefined;
  if (name.includes('/') && isValidZone(name) && !name.startsWith('/')) return name;
  if (/^(UTC|GMT|Z)$/i.test(name)) return 'UTC';
  const windows = findIana(name).find((zone) => isValidZone(zone));
  if (windows) return windows;
  if (isValidZone(name)) return name;
  // A prefixed path: the longest tail that is a zone (`America/Argentina/Buenos_Aires` has three parts).
  const parts = name.split('/').filter(Boolean);
  for (let take = Math.min(3, parts.length - 1); take >= 2; take--) {
    const tail = parts.slice(-take).join('/');
    if (isValidZone(tail)) return tail;
  }
  return undefined;
}
