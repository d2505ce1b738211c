import { DateTime } from 'luxon';
import type { HeraldConfig } from '../config/load.js';
import { planRules } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { cronSlots } from '../core/cron-slots.js';
import { durationMs } from '../core/duration.js';
import { HeraldError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { parseIsoDate, parseIsoInstant, toIsoUtc, zoneNamed } from '../core/zone.js';
import { useMessageOverrides } from '../i18n/index.js';
import { ledgerKey, NO_EVENT } from '../ledger/key.js';
import { composePost, digestIsEmpty } from '../messages/compose.js';
import { renderPlain } from '../messages/model.js';
import { plannedCalendar } from '../scheduler/replanner.js';
import { SqliteStores } from '../stores/sqlite/sqlite-stores.js';
import type { Stores } from '../stores/stores.js';

export interface PreviewedPost {
  readonly due: string;
  readonly event: string;
  readonly kind: string;
  readonly slot: string;
  readonly target: string;
  readonly platform: string;
  readonly chat: string;
  readonly locale: string;
  readonly text: string;
}

/** `herald preview` was asked for a window it cannot show. */
export class PreviewWindowError extends HeraldError {
  readonly code = 'preview_window_reversed';
}

const DATE_ONLY = /^\s*\d{4}-\d{2}-\d{2}\s*$/;

/**
 * The window of `--from` and `--to`: each a local date-time in `zone`, an ISO instant with an
 * offset, or a date alone, which means the whole day: from its first instant, to its last.
 * A window that ends before it begins is refused (it would show "0 posts").
 */
export function previewWindow(fromText: string, toText: string, zone: string): { from: number; to: number } {
  const from = DATE_ONLY.test(fromText) ? startOfDay(fromText, zone, 0) : parseIsoInstant(fromText, zone);
  const to = DATE_ONLY.test(toText) ? startOfDay(toText, zone, 1) - 1 : parseIsoInstant(toText, zone);
  if (to < from) {
    throw new PreviewWindowError(
      `the window is reversed: --from ${fromText.trim()} (${toIsoUtc(from)}) is after --to ${toText.trim()} (${toIsoUtc(to)})`,
      `swap them: --from ${toText.trim()} --to ${fromText.trim()}`,
    );
  }
  return { from, to };
}

/** The first instant of a local day (`days` later), in `zone`: midnight, or whenever the day begins. */
function startOfDay(text: string, zone: string, days: number): number {
  return DateTime.fromISO(parseIsoDate(text), { zone: zoneNamed(zone) })
    .plus({ days })
    .startOf('day')
    .toMillis();
}

/**
 * Every post that would go out between `from` and `to`, composed as it would be at its due
 * time, without sending anything or touching the real ledger: the plan is made in memory
 * from the config and what the store holds (events and follows added by commands).
 */
export async function previewPosts(
  config: HeraldConfig,
  source: Stores | undefined,
  from: number,
  to: number,
): Promise<PreviewedPost[]> {
  useMessageOverrides(config.messages ?? {});
  const memory = new SqliteStores(':memory:');
  await memory.migrate();
  try {
    if (source) {
      for (const event of await source.events.list()) await memory.events.put(event);
      for (const target of await source.targets.list()) {
        await memory.targets.put(target);
        await memory.targets.putSettings(target.key, await source.targets.settings(target.key));
      }
      for (const sub of await source.subscriptions.list()) await memory.subscriptions.add(sub);
    }
    let now = from;
    const clock: Clock = { now: () => now, setTimer: () => ({ id: 0 }), clearTimer: () => {} };
    const s = config.settings;
    const { calendar } = plannedCalendar({
      stores: memory,
      rules: planRules(config.settings),
      clock,
      logger: silentLogger(),
      onPlanned: () => {},
    });
    // Preview shows what the config would post: an empty calendar is no reason to refuse.
    await calendar.syncFromConfig(config.events, config.targets, { allowEmptyCalendar: true });
    const events = new Map((await memory.events.list()).map((e) => [e.id, e]));
    const targets = await calendar.effectiveTargets();
    const rows = [];
    for (const id of events.keys()) rows.push(...(await memory.ledger.forEvent(id)));
    const windowMs = durationMs(s.summaries.window);
    const slotsIn = new Map<string, number[]>();
    for (const target of targets.filter((t) => t.enabled && t.kinds.includes('digest'))) {
      const slots = slotsIn.get(target.zone) ?? cronSlots(s.summaries.cron, target.zone, from, to);
      slotsIn.set(target.zone, slots);
      for (const at of slots) {
        const slot = DateTime.fromMillis(at, { zone: target.zone }).toFormat("yyyy-MM-dd'T'HH:mm");
        rows.push({
          key: ledgerKey(NO_EVENT, 'digest', slot, target.key),
          eventId: NO_EVENT,
          kind: 'digest' as const,
          slot,
          targetKey: target.key,
          platform: target.platform,
          chatId: target.chatId,
          locale: target.locale,
          zone: target.zone,
          due: at,
          payload: { type: 'digest' as const, windowMs },
        });
      }
    }
    const byKey = new Map<string, (typeof targets)[number]>();
    for (const target of targets) if (!byKey.has(target.key)) byKey.set(target.key, target);
    const out: PreviewedPost[] = [];
    for (const row of rows
      .filter((r) => r.due >= from && r.due <= to)
      .sort((a, b) => a.due - b.due || byLocale(a.key, b.key))) {
      now = row.due;
      const target = byKey.get(row.targetKey);
      const ctx = { now: row.due, events, ...(target ? { follower: target } : {}) };
      // As the scheduler does: an empty digest is skipped (and only recorded as such).
      if (row.kind === 'digest' && s.summaries.skipWhenEmpty && digestIsEmpty(ctx, windowMs)) continue;
      const message = composePost(row, ctx);
      if (!message) continue;
      out.push({
        due: toIsoUtc(row.due),
        event: row.eventId,
        kind: row.kind,
        slot: row.slot,
        target: row.targetKey,
        platform: row.platform,
        chat: row.chatId,
        locale: row.locale,
        text: renderPlain(message),
      });
    }
    return out;
  } finally {
    await memory.close();
  }
}

/**
 * `localeCompare`'s order (ECMA-402 defines `a.localeCompare(b)` as this collator's `compare`),
 * with one collator for the whole sort. Not a plain `<`: keys may hold `_` or upper case,
 * which the collation places elsewhere than code-unit order, and the output's order is kept.
 */
const byLocale = new Intl.Collator().compare;
