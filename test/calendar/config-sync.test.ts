import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  changedFields,
  configHash,
  planConfigSync,
  stillAhead,
} from '../../src/calendar/changes.js';
import type { LaunchEvent } from '../../src/core/types.js';

type Draft = Omit<LaunchEvent, 'source' | 'revision'>;

const NOW = Date.parse('2018-05-10T00:00:00Z');

const FR: Draft = {
  id: 'mi8-fr',
  title: { en: 'Mi 8 launch — France', fr: 'Lancement du Mi 8 — France' },
  description: {},
  start: { kind: 'instant', at: Date.parse('2018-05-22T12:00:00Z') },
  zone: 'Europe/Paris',
  city: 'Paris',
  links: [{ label: 'Mi France', url: 'https://www.mi.com/fr/' }],
  tags: ['xiaomi', 'mi8'],
  status: 'scheduled',
};

const IT: Draft = {
  ...FR,
  id: 'mi8-it',
  title: { en: 'Mi 8 launch — Italy' },
  start: { kind: 'instant', at: Date.parse('2018-05-24T13:00:00Z') },
  zone: 'Europe/Rome',
  city: 'Milano',
};

/** A config event as the sync stores it: with its entry's hash. */
function stored(draft: Draft, extra: Partial<LaunchEvent> = {}): LaunchEvent {
  return { ...draft, configHash: configHash(draft), source: 'config', revision: 1, ...extra };
}

describe('configHash', () => {
  it('is a sha256 of the canonical JSON: the same for the same entry whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(FR).reverse()) as Draft;
    const titleReordered: Draft = {
      ...FR,
      title: { fr: 'Lancement du Mi 8 — France', en: 'Mi 8 launch — France' },
    };
    expect(configHash(FR)).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash(reordered)).toBe(configHash(FR));
    expect(configHash(titleReordered)).toBe(configHash(FR));
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('is exactly JSON.stringify with every object\u2019s entries sorted (stored hashes stay valid)', () => {
    const reference = (value: unknown): string =>
      JSON.stringify(value, (_key, v: unknown) =>
        v !== null && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(
              Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
            )
          : v,
      );
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything({ withDate: true, withNullPrototype: true }), (json, any) => {
        expect(canonicalJson(json)).toBe(reference(json));
        expect(canonicalJson({ any })).toBe(reference({ any }));
      }),
    );
    expect(canonicalJson(FR)).toBe(reference(FR));
  });

  it('ignores what the store keeps (source, revision, cycle, owner, the hash, the removed mark)', () => {
    const event = stored(FR, { revision: 7, cycle: 2, removed: true, public: true });
    expect(configHash(event)).toBe(configHash(FR));
  });

  it('changes with any field of the entry, and array order counts', () => {
    const hash = configHash(FR);
    expect(configHash({ ...FR, city: 'Lyon' })).not.toBe(hash);
    expect(configHash({ ...FR, status: 'cancelled' })).not.toBe(hash);
    expect(configHash({ ...FR, tags: ['mi8', 'xiaomi'] })).not.toBe(hash);
    const { city: _city, ...withoutCity } = FR;
    expect(configHash(withoutCity)).not.toBe(hash);
  });

  it('changedFields names the entry fields that differ', () => {
    expect(changedFields(FR, { ...FR, city: 'Lyon', status: 'cancelled', tags: [] })).toEqual([
      'city',
      'status',
      'tags',
    ]);
    expect(changedFields(stored(FR, { revision: 3 }), FR)).toEqual([]);
  });
});

describe('planConfigSync: what a start does with each config event', () => {
  const action = (plan: ReturnType<typeof planConfigSync>, id: string) => plan.steps.find((s) => s.id === id);

  it('adds new entries, with their hash', () => {
    const plan = planConfigSync([], [FR, IT], NOW);
    expect(plan.added).toEqual(['mi8-fr', 'mi8-it']);
    expect(action(plan, 'mi8-fr')).toMatchObject({
      action: 'add',
      restores: false,
      draft: { configHash: configHash(FR) },
    });
  });

  it('keeps an event whose entry did not change, an operator’s cancellation included', () => {
    const cancelled = stored(FR, { status: 'cancelled', revision: 2 });
    const plan = planConfigSync([cancelled, stored(IT)], [FR, IT], NOW);
    expect(plan.steps.map((s) => s.action)).toEqual(['keep', 'keep']);
    expect(action(plan, 'mi8-fr')).toEqual({ action: 'keep', id: 'mi8-fr', override: true });
    expect(action(plan, 'mi8-it')).toEqual({ action: 'keep', id: 'mi8-it', override: false });
    expect(plan.overridesKept).toEqual(['mi8-fr']);
    expect(plan.changed).toEqual([]);
  });

  it('lets the file win when the entry changed, and says when that replaces an operator’s change', () => {
    const cancelled = stored(FR, { status: 'cancelled', revision: 2 });
    const moved = { ...FR, start: { kind: 'instant' as const, at: Date.parse('2018-05-23T12:00:00Z') } };
    const plan = planConfigSync([cancelled, stored(IT)], [moved, { ...IT, city: 'Roma' }], NOW);
    expect(action(plan, 'mi8-fr')).toMatchObject({
      action: 'change',
      fields: ['start', 'status'],
      override: true,
      draft: { configHash: configHash(moved) },
    });
    expect(action(plan, 'mi8-it')).toMatchObject({ action: 'change', fields: ['city'], override: false });
    expect(plan.changed).toEqual(['mi8-fr', 'mi8-it']);
    expect(plan.overridesReplaced).toEqual(['mi8-fr']);
  });

  it('only records the hash when the stored event already is what the new entry says', () => {
    const edited = stored(FR, { city: 'Lyon', revision: 2 });
    const plan = planConfigSync([edited], [{ ...FR, city: 'Lyon' }], NOW);
    expect(action(plan, 'mi8-fr')).toMatchObject({ action: 'record' });
    expect(plan.changed).toEqual([]);
  });

  it('treats a store from an older Herald (no hash) as before: compared by data, the hash recorded', () => {
    const { configHash: _h, ...legacy } = stored(FR);
    const same = planConfigSync([legacy], [FR], NOW);
    expect(action(same, 'mi8-fr')).toMatchObject({ action: 'record', draft: { configHash: configHash(FR) } });
    const { configHash: _h2, ...legacyCancelled } = stored(FR, { status: 'cancelled' });
    const differs = planConfigSync([legacyCancelled], [FR], NOW);
    expect(action(differs, 'mi8-fr')).toMatchObject({
      action: 'change',
      fields: ['status'],
      override: false,
    });
  });

  it('takes over an event a command or an import added with the same id', () => {
    const byCommand: LaunchEvent = { ...FR, title: { en: 'Mi 8' }, source: 'command', revision: 1 };
    const plan = planConfigSync([byCommand], [FR], NOW);
    expect(action(plan, 'mi8-fr')).toMatchObject({
      action: 'change',
      fields: ['title'],
      from: 'command',
      override: false,
    });
    const same: LaunchEvent = { ...FR, source: 'import', revision: 1 };
    expect(action(planConfigSync([same], [FR], NOW), 'mi8-fr')).toMatchObject({
      action: 'change',
      fields: [],
      from: 'import',
    });
  });

  it('removes config events the file no longer has, telling followers only of launches still ahead', () => {
    const past: LaunchEvent = stored({ ...IT, id: 'mi7', start: { kind: 'instant', at: NOW - 86_400_000 } });
    const byCommand: LaunchEvent = { ...IT, id: 'mi8-es', source: 'command', revision: 1 };
    const plan = planConfigSync([stored(FR), stored(IT), past, byCommand], [FR], NOW);
    expect(plan.removed).toEqual(['mi8-it', 'mi7']);
    expect(action(plan, 'mi8-it')).toMatchObject({ action: 'remove', notify: true });
    expect(action(plan, 'mi7')).toMatchObject({ action: 'remove', notify: false });
    expect(action(plan, 'mi8-es')).toBeUndefined();
  });

  it('does not remove twice, and adds back an event the config removed before', () => {
    const gone = stored(IT, { status: 'cancelled', removed: true, revision: 2 });
    expect(planConfigSync([stored(FR), gone], [FR], NOW).removed).toEqual([]);
    const back = planConfigSync([stored(FR), gone], [FR, IT], NOW);
    expect(action(back, 'mi8-it')).toMatchObject({ action: 'add', restores: true });
  });

  it('stillAhead: upcoming or postponed launches are told; past, ended or cancelled ones are not', () => {
    expect(stillAhead(stored(FR), NOW)).toBe(true);
    expect(stillAhead(stored(FR, { status: 'postponed' }), Date.parse('2018-06-01T00:00:00Z'))).toBe(true);
    expect(stillAhead(stored(FR), Date.parse('2018-06-01T00:00:00Z'))).toBe(false);
    expect(stillAhead(stored(FR, { status: 'cancelled' }), NOW)).toBe(false);
    expect(stillAhead(stored(FR, { status: 'ended' }), NOW)).toBe(false);
  });
});
