import crypto from 'node:crypto';
import type { EventSource, EventStart, FieldChange, LaunchEvent, Platform } from '../core/types.js';
import { isUpcoming } from './upcoming.js';

/**
 * What changed in the calendar. The calendar announces each change; the scheduler's
 * replanner turns it into a ledger diff. The calendar never touches the ledger itself.
 */
export type CalendarChange =
  | {
      readonly type: 'event-saved';
      readonly before?: LaunchEvent;
      readonly after: LaunchEvent;
      readonly changes: readonly FieldChange[];
    }
  /**
   * The config no longer has the event. `event` is its last version: when it was still ahead,
   * marked cancelled and removed, with `changes` saying so (its followers are told); otherwise
   * as it was, with no changes (nobody is told).
   */
  | { readonly type: 'event-removed'; readonly event: LaunchEvent; readonly changes: readonly FieldChange[] }
  /** Followed, unfollowed, disabled, re-enabled, settings changed, or replaced by the config. */
  | { readonly type: 'target-changed'; readonly key: string }
  | { readonly type: 'target-moved'; readonly from: string; readonly to: string }
  | { readonly type: 'subscriptions-changed'; readonly platform: Platform; readonly userId: string }
  /**
   * The start-up sync begins to write the store. Until it announces `config-synced`, the ledger
   * is not known to match the calendar: a start killed in between re-plans everything next time.
   */
  | { readonly type: 'sync-started' }
  /**
   * The start-up sync wrote the store. Changed, restored and removed events were announced one
   * by one; `added` are the config events new to the store, not planned yet. `targetsChanged`:
   * the sync added, changed or removed config targets, so every event is re-planned. An
   * unchanged config on a ledger planned by the same rules costs nothing more.
   */
  | {
      readonly type: 'config-synced';
      readonly added: readonly LaunchEvent[];
      readonly targetsChanged: boolean;
    };

/** Receives every change; returns how many posts it planned (for replies such as "12 posts planned"). */
export type CalendarObserver = (change: CalendarChange) => Promise<number>;

/** A start as recorded in a change (JSON, so each reader's language can render it). */
export interface RecordedStart {
  readonly start: EventStart;
  readonly zone: string;
  readonly city?: string;
}

export function describeStart(event: Pick<LaunchEvent, 'start' | 'zone' | 'city'>): string {
  const recorded: RecordedStart = {
    start: event.start,
    zone: event.zone,
    ...(event.city === undefined ? {} : { city: event.city }),
  };
  return JSON.stringify(recorded);
}

/** What changed between two versions of an event, in the fields people care about. */
export function changesBetween(before: LaunchEvent, after: LaunchEvent): FieldChange[] {
  const changes: FieldChange[] = [];
  const startBefore = describeStart(before);
  const startAfter = describeStart(after);
  if (startBefore !== startAfter) changes.push({ field: 'start', before: startBefore, after: startAfter });
  const titleBefore = JSON.stringify(before.title);
  if (titleBefore !== JSON.stringify(after.title))
    changes.push({ field: 'title', before: titleBefore, after: JSON.stringify(after.title) });
  if ((before.city ?? '') !== (after.city ?? ''))
    changes.push({ field: 'city', before: before.city ?? '', after: after.city ?? '' });
  if ((before.venue ?? '') !== (after.venue ?? '')) {
    changes.push({ field: 'venue', before: before.venue ?? '', after: after.venue ?? '' });
  }
  if (before.status !== after.status)
    changes.push({ field: 'status', before: before.status, after: after.status });
  return changes;
}

/** An event as a config entry or a command gives it: the store adds its source and revision. */
type Draft = Omit<LaunchEvent, 'source' | 'revision'>;

/** What an `events.yaml` entry says about an event: everything but what the store keeps for it. */
export type ConfigEntry = Omit<
  LaunchEvent,
  'source' | 'revision' | 'cycle' | 'owner' | 'public' | 'configHash' | 'removed' | 'sequence'
>;

export function configEntryOf(event: Draft): ConfigEntry {
  const {
    source: _source,
    revision: _revision,
    cycle: _cycle,
    owner: _owner,
    public: _public,
    configHash: _hash,
    removed: _removed,
    sequence: _sequence,
    ...entry
  } = event as LaunchEvent;
  return entry;
}

/**
 * How many times what an event says was edited (the ICS SEQUENCE: 0 as added). Events stored
 * before `sequence` was kept count their revisions, each of which was an edit.
 */
export function sequenceOf(event: Pick<LaunchEvent, 'sequence' | 'revision'>): number {
  return event.sequence ?? Math.max(0, event.revision - 1);
}

/**
 * JSON with every object's keys sorted (by code unit, the same on every machine): exactly
 * `JSON.stringify` with each object's entries sorted (test/calendar/config-sync.test.ts holds
 * that definition), written out directly because a start hashes every config event with it.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value) ?? 'undefined';
}

function canonical(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      const json = (value as { toJSON?: unknown }).toJSON;
      if (typeof json === 'function') return canonical((json as () => unknown).call(value));
      if (Array.isArray(value)) return `[${value.map((item) => canonical(item) ?? 'null').join(',')}]`;
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of sortedKeys(record)) {
        const text = canonical(record[key]);
        if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    case 'bigint':
      return JSON.stringify(value);
    default:
      return undefined;
  }
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Keys sorted; array-index keys (`"0"`) first, by number, as an object built in sorted order lists them. */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  const indexed = keys.length > 0 && isArrayIndex(keys[0] as string);
  keys.sort(byCodeUnit);
  return indexed ? Object.keys(Object.fromEntries(keys.map((key) => [key, 0]))) : keys;
}

function isArrayIndex(key: string): boolean {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4_294_967_295;
}

/**
 * The one hash of a config entry: sha256 of its canonical JSON. Stored on config events
 * (`configHash`) so that the next start knows whether the file changed that event. Taken of
 * a stored event, it says whether the event is still what its entry said.
 */
export function configHash(event: Draft): string {
  const text = canonicalJson(configEntryOf(event));
  // One-shot `crypto.hash` (Node 20.12+) is several times faster than a Hash object per event.
  return typeof crypto.hash === 'function'
    ? crypto.hash('sha256', text, 'hex')
    : crypto.createHash('sha256').update(text).digest('hex');
}

const FIELD_ORDER = [
  'title',
  'start',
  'end',
  'zone',
  'city',
  'venue',
  'status',
  'description',
  'links',
  'image',
  'tags',
];

/** The entry fields that differ between two versions of an event (`start`, `title`, `tags`…). */
export function changedFields(before: Draft, after: Draft): string[] {
  const a = configEntryOf(before) as unknown as Record<string, unknown>;
  const b = configEntryOf(after) as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (key) => canonicalJson(a[key]) !== canonicalJson(b[key]),
  );
  const rank = (key: string) => (FIELD_ORDER.includes(key) ? FIELD_ORDER.indexOf(key) : FIELD_ORDER.length);
  return keys.sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : 1));
}

/** What the start-up sync does with one config event (see `planConfigSync`). */
export type ConfigSyncStep =
  /** New in the file, or back in it after it was removed (`restores`). */
  | { readonly action: 'add'; readonly id: string; readonly draft: Draft; readonly restores: boolean }
  /** Its entry did not change since the last start: the stored event stays as it is. */
  | { readonly action: 'keep'; readonly id: string; readonly override: boolean }
  /** The stored config event already is what the entry says: only the entry's hash is recorded. */
  | { readonly action: 'record'; readonly id: string; readonly draft: Draft }
  /**
   * The file changed the event: the file's version replaces the stored one. `override`: the
   * stored event differed from the entry it came from (an operator changed it); `from`: the
   * event came from a command or an import before the file took it over.
   */
  | {
      readonly action: 'change';
      readonly id: string;
      readonly draft: Draft;
      readonly fields: readonly string[];
      readonly override: boolean;
      readonly from?: Exclude<EventSource, 'config'>;
    }
  /** The file no longer has it. `notify`: it was still ahead, so its followers are told it is cancelled. */
  | { readonly action: 'remove'; readonly id: string; readonly event: LaunchEvent; readonly notify: boolean };

export interface ConfigSyncPlan {
  readonly steps: readonly ConfigSyncStep[];
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** Events an operator changed whose entry changed too: the file's version replaces theirs. */
  readonly overridesReplaced: readonly string[];
  /** Events an operator changed whose entry did not change: their changes are kept. */
  readonly overridesKept: readonly string[];
}

/**
 * What the start-up sync does to the store, decided from the stored events and the config's
 * alone (pure: the sync and `herald check` both use it). Each config draft carries, or is
 * given, its entry's hash (`configHash`). Rules, per event:
 * - not in the store (or removed before): added;
 * - a config event whose recorded hash equals the entry's: kept as it is (an operator's edit
 *   or cancellation survives restarts while the file leaves the event alone);
 * - a config event whose hash differs: the file wins (its version replaces the stored one),
 *   noting whether that replaces an operator's changes;
 * - a config event stored by an older Herald (no hash): compared by data, as then;
 * - an event from a command or an import with the same id: the file takes it over (its
 *   version replaces the stored one, whose revisions go on);
 * - a config event the file no longer has: removed.
 */
export function planConfigSync(
  stored: readonly LaunchEvent[],
  drafts: readonly Draft[],
  now: number,
): ConfigSyncPlan {
  const byId = new Map(stored.map((e) => [e.id, e]));
  const steps: ConfigSyncStep[] = [];
  for (const entry of drafts) {
    const hash = configHash(entry);
    const existing = byId.get(entry.id);
    // The usual case, alone on the fast path: a config event whose entry did not change.
    if (existing && !existing.removed && existing.source === 'config' && existing.configHash === hash) {
      steps.push({ action: 'keep', id: entry.id, override: configHash(existing) !== hash });
      continue;
    }
    const draft: Draft = { ...entry, configHash: hash };
    if (!existing || existing.removed) {
      steps.push({ action: 'add', id: entry.id, draft, restores: existing !== undefined });
      continue;
    }
    const fields = () => changedFields(existing, draft);
    if (existing.source !== 'config') {
      steps.push({
        action: 'change',
        id: entry.id,
        draft,
        fields: fields(),
        override: false,
        from: existing.source,
      });
      continue;
    }
    const current = configHash(existing);
    if (current === hash) {
      steps.push({ action: 'record', id: entry.id, draft });
    } else {
      // Without a recorded hash (an older store) nobody knows what the entry said: no override.
      const override = existing.configHash !== undefined && current !== existing.configHash;
      steps.push({ action: 'change', id: entry.id, draft, fields: fields(), override });
    }
  }
  const ids = new Set(drafts.map((d) => d.id));
  for (const event of stored) {
    if (event.source !== 'config' || event.removed || ids.has(event.id)) continue;
    steps.push({ action: 'remove', id: event.id, event, notify: stillAhead(event, now) });
  }
  const ofAction = (action: ConfigSyncStep['action']) =>
    steps.filter((s) => s.action === action).map((s) => s.id);
  return {
    steps,
    added: ofAction('add'),
    changed: ofAction('change'),
    removed: ofAction('remove'),
    overridesReplaced: steps.filter((s) => s.action === 'change' && s.override).map((s) => s.id),
    overridesKept: steps.filter((s) => s.action === 'keep' && s.override).map((s) => s.id),
  };
}

/**
 * Whether followers should hear that an event is cancelled when it leaves the calendar: it is
 * still ahead (or postponed). A past, ended or already cancelled launch leaves quietly.
 */
export function stillAhead(event: LaunchEvent, now: number): boolean {
  if (event.status === 'cancelled' || event.status === 'ended') return false;
  return event.status === 'postponed' || isUpcoming(event, now);
}
