/**
 * A calendar at a real size for the benchmarks and the tests of their answers: launches spread from a month ago to a year
 * ahead, half of them date-only (as early in a campaign), a fifth of them owned by one of 50
 * communities (some made public), tagged by product line and country.
 */
import type { LaunchEvent, Owner } from '../../src/core/types.js';

const ZONES = ['Europe/Paris', 'Europe/Rome', 'Europe/Madrid', 'Europe/London', 'Asia/Hong_Kong'] as const;
const COUNTRIES = ['fr', 'it', 'es', 'uk', 'hk'] as const;
const DAY = 86_400_000;

/** The community of the i-th of 50 communities (Telegram groups and Discord servers). */
export function community(i: number): Owner {
  return i % 2 === 0 ? `telegram:chat:-100${i}` : `discord:guild:${9_000 + i}`;
}

/** A deterministic pseudo-random stream (so every run benchmarks the same calendar). */
function stream(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

export function benchCalendar(count: number, now: number): LaunchEvent[] {
  const random = stream(count);
  const events: LaunchEvent[] = [];
  for (let i = 0; i < count; i++) {
    const at = now - 30 * DAY + Math.floor(random() * 395 * DAY);
    const zone = ZONES[i % ZONES.length] as string;
    const country = COUNTRIES[i % COUNTRIES.length] as string;
    const owned = i % 5 === 4;
    events.push({
      id: `ev${String(i).padStart(6, '0')}`,
      title: { en: `Phone ${i} launch`, fr: `Lancement du téléphone ${i}`, it: `Lancio del telefono ${i}` },
      description: { en: 'A new phone.', fr: 'Un nouveau téléphone.' },
      start:
        i % 2 === 0
          ? { kind: 'date', date: new Date(at).toISOString().slice(0, 10) }
          : { kind: 'instant', at: Math.floor(at / 60_000) * 60_000 },
      zone,
      city: zone.split('/')[1] ?? zone,
      links: [{ label: 'Shop', url: `https://example.com/launch/${i}` }],
      tags: [`line${i % 20}`, country],
      status: 'scheduled',
      source: owned ? 'command' : 'import',
      revision: 1,
      ...(owned ? { owner: community(i % 50) } : {}),
      ...(owned && i % 3 === 0 ? { public: true } : {}),
    });
  }
  return events;
}
