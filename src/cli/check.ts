import { existsSync } from 'node:fs';
import path from 'node:path';
import { emptyCalendarError } from '../calendar/calendar-service.js';
import { type ConfigSyncStep, planConfigSync } from '../calendar/changes.js';
import type { HeraldConfig } from '../config/load.js';
import type { ConfigError } from '../core/errors.js';
import { type LaunchEvent, NATIVE_EVENT_PLATFORMS, type Target, type TargetKind } from '../core/types.js';
import { isPostgresUrl, openStores } from '../stores/open-stores.js';
import { displayUrl } from '../stores/postgres/database.js';

/** The kinds a target gets on its platform: `native` (Discord's scheduled events) only on Discord. */
export function kindsOn(target: Pick<Target, 'platform' | 'kinds'>): TargetKind[] {
  return target.kinds.filter((kind) => kind !== 'native' || NATIVE_EVENT_PLATFORMS.includes(target.platform));
}

/** One line of `herald check` per target: what it follows and the kinds it gets. */
export function describeTarget(t: Target): string {
  return `  ${t.key} ${t.locale} ${t.zone} follows tags [${t.follows.tags.join(', ')}] events [${t.follows.events.join(', ')}] kinds [${kindsOn(t).join(', ')}]`;
}

/** What `herald check` says a start would do to the store's calendar. */
export interface StartPlan {
  /** Lines to print (no trailing newline). */
  readonly lines: readonly string[];
  /** Set when a start would be refused (an empty events.yaml against config events). */
  readonly refusal?: ConfigError;
}

/**
 * The start-up sync's plan (calendar/changes.ts `planConfigSync`, the one the start runs)
 * against the store HERALD_DATABASE names, read without changing it: events a start would
 * add, change (with the fields), remove, and the operators' changes it would replace or keep.
 */
export async function describeStartPlan(cfg: HeraldConfig, now: number = Date.now()): Promise<StartPlan> {
  const url = cfg.env.HERALD_DATABASE;
  const eventsFile = path.join(cfg.dir, 'events.yaml');
  const n = cfg.events.length;
  const all = `${n} config event${n === 1 ? '' : 's'}`;
  if (url === ':memory:') return { lines: [`Calendar: in-memory store; each start adds the ${all} afresh.`] };
  const postgres = isPostgresUrl(url);
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  if (!postgres && !existsSync(file))
    return { lines: [`Calendar: no store yet at ${file}; the first start creates it and adds the ${all}.`] };
  const store = postgres ? `the PostgreSQL store ${displayUrl(url)}` : `the store at ${file}`;
  const stored = await readEvents(postgres ? url : file);
  if (stored === undefined)
    return { lines: [`Calendar: ${store} holds no calendar yet; a start adds the ${all}.`] };
  const plan = planConfigSync(stored, cfg.events, now);
  const lines = [`Calendar: what a start would do to ${store}:`];
  const list = (label: string, steps: readonly ConfigSyncStep[], show: (step: ConfigSyncStep) => string) => {
    if (steps.length > 0) lines.push(`  ${label} (${steps.length}): ${steps.map(show).join(', ')}`);
  };
  const of = (action: ConfigSyncStep['action']) => plan.steps.filter((s) => s.action === action);
  list('add', of('add'), (s) => (s.action === 'add' && s.restores ? `${s.id} (back in the file)` : s.id));
  list('change', of('change'), (s) => {
    if (s.action !== 'change') return s.id;
    const what = [s.fields.length > 0 ? s.fields.join(', ') : 'same data'];
    if (s.from)
      what.push(`the file takes over an event ${s.from === 'command' ? 'added by a command' : 'imported'}`);
    return `${s.id} (${what.join('; ')})`;
  });
  list('remove', of('remove'), (s) =>
    s.action === 'remove' && s.notify
      ? `${s.id} (chats that heard of it are told it is cancelled)`
      : `${s.id} (past or already cancelled: no notice)`,
  );
  list(
    'replace operator changes',
    of('change').filter((s) => s.action === 'change' && s.override),
    (s) => `${s.id} (${eventsFile} changed it: the file's version wins)`,
  );
  list(
    'keep operator changes',
    of('keep').filter((s) => s.action === 'keep' && s.override),
    (s) => `${s.id} (its entry did not change)`,
  );
  const unchanged = of('keep').length + of('record').length;
  const others = stored.filter(
    (e) => e.source !== 'config' && !e.removed && !cfg.events.some((d) => d.id === e.id),
  );
  lines.push(
    `  unchanged: ${unchanged} config event${unchanged === 1 ? '' : 's'}; kept: ${others.length} event${others.length === 1 ? '' : 's'} added by commands or imports`,
  );
  if (plan.steps.every((s) => s.action === 'keep' || s.action === 'record'))
    lines.push('  nothing to change');
  if (n === 0 && plan.removed.length > 0) {
    if (cfg.env.HERALD_ALLOW_EMPTY_CALENDAR)
      lines.push('  every config event would be removed (allowed by HERALD_ALLOW_EMPTY_CALENDAR)');
    else return { lines, refusal: emptyCalendarError(eventsFile, plan.removed) };
  }
  return { lines };
}

/**
 * The store's events, or undefined when it has no calendar (not a Herald store yet). A
 * PostgreSQL server that cannot be reached is an error to report, not an empty store.
 */
async function readEvents(url: string): Promise<LaunchEvent[] | undefined> {
  const stores = openStores(url);
  try {
    if ((await stores.tables.schema()).applied.length === 0) return undefined;
    return await stores.events.list();
  } catch (error) {
    if (isPostgresUrl(url)) throw error;
    return undefined;
  } finally {
    await stores.close();
  }
}
