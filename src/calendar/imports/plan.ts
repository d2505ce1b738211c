import type { LaunchEvent, Owner } from '../../core/types.js';
import { changedFields, stillAhead } from '../changes.js';
import { eventSpan } from '../event-span.js';
import type { ImportedEvent } from '../ics/parse.js';

/** Why an event of the calendar may not overwrite the stored event with its id. */
export interface ImportConflict {
  readonly message: string;
  readonly fix: string;
}

export interface RefreshInput {
  /** The import's name (`imported.from` of its events). */
  readonly source: string;
  /** What the calendar gives now (parse.ts: events still ahead). */
  readonly events: readonly ImportedEvent[];
  /** VEVENTs in the text: 0 means the calendar came back with no events at all. */
  readonly components: number;
  /** The stored events with the ids of `events` (those the store has). */
  readonly stored: ReadonlyMap<string, LaunchEvent>;
  /** Stored events this source brought before (not removed): those that may have disappeared. */
  readonly previous: readonly LaunchEvent[];
  readonly now: number;
  /** The end of the window series were expanded to. */
  readonly until: number;
  /** Whether an event of the calendar may overwrite a stored one (not an import of this source). */
  readonly conflict: (stored: LaunchEvent) => ImportConflict | undefined;
  /** Cancel what disappeared from the source (a subscription), or leave it (a one-off import). */
  readonly cancelMissing: boolean;
  /** A calendar with no events may cancel everything this source gave (`imports[].allowEmpty`). */
  readonly allowEmpty: boolean;
  /** Whose events they are: the import's owner (a subscription), or whoever owned each before (one-off). */
  readonly ownership: { readonly owner?: Owner; readonly public?: boolean } | 'keep';
}

export type RefreshStep =
  | { readonly action: 'add'; readonly event: ImportedEvent }
  | {
      readonly action: 'update';
      readonly event: ImportedEvent;
      readonly before: LaunchEvent;
      readonly fields: readonly string[];
    }
  /** The source says what it said before; `edited`: an operator changed the stored event since (kept). */
  | { readonly action: 'keep'; readonly id: string; readonly edited: boolean }
  /** Gone from the source while still ahead: cancelled, its followers told. */
  | { readonly action: 'cancel'; readonly event: LaunchEvent }
  | ({ readonly action: 'conflict'; readonly id: string; readonly stored: LaunchEvent } & ImportConflict)
  /** Cancelled in the source and unknown to the store: nothing to add. */
  | { readonly action: 'ignore-cancelled'; readonly id: string };

export interface RefreshPlan {
  readonly steps: readonly RefreshStep[];
  /** Set when the refresh must not run (the calendar came back empty); the store is left as it is. */
  readonly refusal?: ImportConflict;
}

/**
 * What one reading of a source does to the store (pure). An event new to the store is added;
 * one this source gave before is updated when the source changed it and kept as it is when
 * not (an operator's edit survives until the source changes the event; its hash says); one
 * of another origin is a conflict the caller reports. With `cancelMissing`, what this source
 * gave before and no longer gives is cancelled when still ahead (past events stay as history,
 * and occurrences beyond the window stay until the window reaches them). A calendar that
 * comes back with no VEVENT at all while its events are still ahead is refused, unless
 * `allowEmpty`: an emptied or truncated export must not cancel every launch.
 */
export function planRefresh(input: RefreshInput): RefreshPlan {
  const steps: RefreshStep[] = [];
  const given = new Set(input.events.map((e) => e.id));
  const missing = input.cancelMissing
    ? input.previous.filter(
        (e) =>
          !given.has(e.id) &&
          !e.removed &&
          e.imported?.from === input.source &&
          stillAhead(e, input.now) &&
          !(e.imported.series === true && eventSpan(e).start > input.until),
      )
    : [];
  if (input.components === 0 && missing.length > 0 && !input.allowEmpty) {
    return {
      steps: [],
      refusal: {
        message: `came back with no events, while ${missing.length} event${missing.length === 1 ? '' : 's'} it gave before ${missing.length === 1 ? 'is' : 'are'} still ahead: they are kept`,
        fix: 'check the source (an emptied or cut export); if the calendar is empty on purpose, set allowEmpty: true on this import',
      },
    };
  }
  for (const event of input.events) {
    const before = input.stored.get(event.id);
    const owned = withOwnership(event, before, input.ownership);
    if (!before || before.removed) {
      steps.push(
        event.status === 'cancelled'
          ? { action: 'ignore-cancelled', id: event.id }
          : { action: 'add', event: owned },
      );
      continue;
    }
    const refusal = input.conflict(before);
    if (refusal) {
      steps.push({ action: 'conflict', id: event.id, stored: before, ...refusal });
      continue;
    }
    const sameSource = before.source === 'import' && before.imported?.from === input.source;
    const sameOwner = before.owner === owned.owner && before.public === owned.public;
    if (sameSource && before.imported?.hash === event.imported.hash && sameOwner) {
      const fields = changedFields(before, owned).filter((f) => f !== 'imported');
      steps.push({ action: 'keep', id: event.id, edited: fields.length > 0 });
      continue;
    }
    steps.push({
      action: 'update',
      event: owned,
      before,
      fields: changedFields(before, owned).filter((f) => f !== 'imported'),
    });
  }
  for (const event of missing) steps.push({ action: 'cancel', event });
  return { steps };
}

function withOwnership(
  event: ImportedEvent,
  before: LaunchEvent | undefined,
  ownership: RefreshInput['ownership'],
): ImportedEvent {
  const owner = ownership === 'keep' ? before?.owner : ownership.owner;
  const shown = ownership === 'keep' ? before?.public : ownership.public;
  return {
    ...event,
    ...(owner === undefined ? {} : { owner }),
    ...(shown === undefined ? {} : { public: shown }),
  };
}
