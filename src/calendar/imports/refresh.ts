import type { LaunchEvent } from '../../core/types.js';
import type { RefStore } from '../../ledger/store.js';
import type { CalendarService } from '../calendar-service.js';
import { stillAhead } from '../changes.js';
import type { IcsCalendar } from '../ics/parse.js';
import type { EventStore } from '../stores.js';
import { type ImportConflict, planRefresh, type RefreshInput, type RefreshPlan } from './plan.js';

/** What a refresh did, for a log line or the CLI's answer. */
export interface RefreshReport {
  readonly added: readonly string[];
  readonly updated: readonly { readonly id: string; readonly fields: readonly string[] }[];
  /** The source says what it said before. */
  readonly unchanged: number;
  /** Events an operator changed that the source did not: kept as the operator left them. */
  readonly kept: readonly string[];
  readonly cancelled: readonly string[];
  readonly conflicts: readonly ({ readonly id: string } & ImportConflict)[];
  /** Single events left out because they are over. */
  readonly past: number;
}

export interface RefreshStores {
  readonly events: EventStore;
  readonly refs: RefStore;
}

/** Where the ids a source brought are kept (they are the candidates for "disappeared"). */
function idsKey(source: string): string {
  return `import:${source}`;
}

async function readIds(refs: RefStore, source: string): Promise<string[]> {
  const raw = await refs.get(idsKey(source));
  if (raw === undefined) return [];
  try {
    const ids = JSON.parse(raw) as unknown;
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** The stored events a source brought before, as its id list says and each event confirms. */
export async function previousEvents(stores: RefreshStores, source: string): Promise<LaunchEvent[]> {
  const out: LaunchEvent[] = [];
  for (const id of await readIds(stores.refs, source)) {
    const event = await stores.events.get(id);
    if (event && !event.removed && event.source === 'import' && event.imported?.from === source)
      out.push(event);
  }
  return out;
}

/** Plans a refresh of the store from a parsed calendar (nothing is written). */
export async function planCalendarRefresh(
  stores: RefreshStores,
  calendar: IcsCalendar,
  options: Omit<RefreshInput, 'events' | 'components' | 'stored' | 'previous'>,
): Promise<RefreshPlan> {
  const stored = new Map<string, LaunchEvent>();
  for (const event of calendar.events) {
    const before = await stores.events.get(event.id);
    if (before) stored.set(event.id, before);
  }
  return planRefresh({
    ...options,
    events: calendar.events,
    components: calendar.components,
    stored,
    previous: options.cancelMissing ? await previousEvents(stores, options.source) : [],
  });
}

/**
 * Writes a plan through the calendar (so followers hear of changes and cancellations) and
 * records the ids the source now gives. Conflicts are reported, not written.
 */
export async function applyRefresh(
  stores: RefreshStores,
  calendar: CalendarService,
  options: { readonly source: string; readonly now: number; readonly cancelMissing: boolean },
  plan: RefreshPlan,
  past: number,
): Promise<RefreshReport> {
  const { source } = options;
  const report = {
    added: [] as string[],
    updated: [] as { id: string; fields: readonly string[] }[],
    unchanged: 0,
    kept: [] as string[],
    cancelled: [] as string[],
    conflicts: [] as ({ id: string } & ImportConflict)[],
    past,
  };
  const previous = await readIds(stores.refs, source);
  const given = plan.steps.flatMap((s) =>
    s.action === 'add' || s.action === 'update' ? [s.event.id] : s.action === 'keep' ? [s.id] : [],
  );
  // Written before the events, so a refresh cut short still knows every id it may have added.
  await stores.refs.put(idsKey(source), JSON.stringify([...new Set([...previous, ...given])].sort()));
  for (const step of plan.steps) {
    switch (step.action) {
      case 'add':
      case 'update': {
        const { event } = step;
        await calendar.replaceEvent(event, 'import');
        if (step.action === 'add') report.added.push(event.id);
        else report.updated.push({ id: event.id, fields: step.fields });
        break;
      }
      case 'keep':
        report.unchanged += 1;
        if (step.edited) report.kept.push(step.id);
        break;
      case 'cancel':
        await calendar.removeEvent(step.event.id);
        report.cancelled.push(step.event.id);
        break;
      case 'conflict':
        report.conflicts.push({ id: step.id, message: step.message, fix: step.fix });
        break;
      case 'ignore-cancelled':
        break;
    }
  }
  // The list keeps what may still disappear: what the source gives, and (a subscription) the
  // occurrences beyond its window; past events leave it (they stay in the store, as history).
  const keep = new Set(options.cancelMissing ? given : [...previous, ...given]);
  if (options.cancelMissing)
    for (const event of await previousEvents(stores, source))
      if (stillAhead(event, options.now)) keep.add(event.id);
  await stores.refs.put(idsKey(source), JSON.stringify([...keep].sort()));
  return report;
}
