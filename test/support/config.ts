import { envSchema } from '../../src/config/env.js';
import type { HeraldConfig } from '../../src/config/load.js';
import { eventsFileSchema, heraldFileSchema, targetsFrom } from '../../src/config/schema.js';

/** A validated config built from literal objects, as the YAML files would give. */
export function testConfig(settings: unknown, events: unknown[] = []): HeraldConfig {
  const parsed = heraldFileSchema.parse(settings);
  return {
    dir: 'test',
    env: envSchema.parse({ HERALD_DATABASE: ':memory:' }),
    settings: parsed,
    targets: targetsFrom(parsed),
    events: eventsFileSchema.parse({ events }).events,
  };
}

export const MI8_FR = {
  id: 'mi8-fr',
  title: { en: 'Mi 8 launch — France', fr: 'Lancement du Mi 8 — France', it: 'Lancio di Mi 8 — Francia' },
  start: '2018-05-22T14:00',
  zone: 'Europe/Paris',
  city: 'Paris',
  tags: ['xiaomi', 'mi8'],
};

export const MI8_IT = {
  id: 'mi8-it',
  title: { en: 'Mi 8 launch — Italy', fr: 'Lancement du Mi 8 — Italie', it: 'Lancio di Mi 8 — Italia' },
  start: '2018-05-24T15:00',
  zone: 'Europe/Rome',
  city: 'Milano',
  tags: ['xiaomi', 'mi8'],
};
