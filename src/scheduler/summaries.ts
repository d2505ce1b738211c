import { DateTime } from 'luxon';
import { effectiveTarget } from '../calendar/effective.js';
import type { TargetStore } from '../calendar/stores.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { cronSlots } from '../core/cron-slots.js';
import type { Logger } from '../core/logger.js';
import { type Locale, type Platform, type Target, targetKey } from '../core/types.js';
import { zoneNamed } from '../core/zone.js';
import { inserting } from '../ledger/diff.js';
import { ledgerKey, NO_EVENT } from '../ledger/key.js';
import type { PlannedPost } from '../ledger/row.js';
import type { LedgerPlans } from '../ledger/store.js';

export interface SummaryOptions {
  readonly targets: TargetStore;
  readonly ledger: LedgerPlans;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly cron: string;
  readonly windowMs: number;
  /** Called after digest rows were queued, so the scheduler sends them. */
  readonly onQueued: () => void;
  /** The longest a timer waits before it looks at the clock again (default 30 s, as the scheduler's). */
  readonly capMs?: number;
}

/** The longest a digest timer waits before it looks at the clock again (as the scheduler's). */
const CAP_MS = 30_000;
const DAY_MS = 86_400_000;
/** How far ahead the next slot is looked for: a week, then a year, then 28 years (29 February on a Monday). */
const HORIZONS = [8 * DAY_MS, 366 * DAY_MS, 28 * 366 * DAY_MS];

/**
 * Digests of upcoming launches on a cron schedule, evaluated in each target's own zone.
 * The slots come from the expression as node-cron reads it (core/cron-slots.ts walks the
 * calendar, so finding next Monday takes a millisecond, not a minute-by-minute search), and
 * one timer on Herald's clock, capped at 30 s and re-checked, waits for the earliest: the
 * same on the system clock, a rehearsal's virtual clock and a test's fake one. A tick only
 * writes ledger rows keyed by the local slot and due at it: a restart or a second instance
 * cannot post the same digest twice, and the scheduler sends it like any post, in time order.
 */
export class SummaryService {
  private timer: TimerHandle | undefined;
  private zones: string[] = [];
  /** The next slot and the zones it is due in; slots at or after `from` are looked for. */
  private next: { readonly at: number; readonly zones: readonly string[] } | undefined;
  private from = 0;

  constructor(private readonly opts: SummaryOptions) {}

  async start(): Promise<void> {
    this.from = this.opts.clock.now();
    await this.refresh();
  }

  /** Re-reads which zones have digest targets (after a follow or a settings change). */
  async refresh(): Promise<void> {
    const zones = [...new Set((await this.digestTargets()).map((t) => t.zone))].sort();
    if (this.timer !== undefined && zones.join() === this.zones.join()) return;
    this.stopTickers();
    this.zones = zones;
    // A slot passed more than a timer's cap ago was not this process's to post (a new zone's).
    this.from = Math.max(this.from, this.opts.clock.now() - (this.opts.capMs ?? CAP_MS));
    this.next = this.nextSlot();
    this.arm();
  }

  stop(): void {
    this.stopTickers();
  }

  /** The earliest slot at or after `from` in any zone with digest targets. */
  private nextSlot(): { at: number; zones: string[] } | undefined {
    if (this.zones.length === 0) return undefined;
    for (const horizon of HORIZONS) {
      const firsts = this.zones.map((zone) => ({
        zone,
        at: cronSlots(this.opts.cron, zone, this.from, this.from + horizon)[0],
      }));
      const at = Math.min(...firsts.map((f) => f.at ?? Number.POSITIVE_INFINITY));
      if (Number.isFinite(at)) return { at, zones: firsts.filter((f) => f.at === at).map((f) => f.zone) };
    }
    this.opts.logger.warn(
      { cron: this.opts.cron },
      'the summaries cron expression never matches: no digests',
    );
    return undefined;
  }

  /** Waits for the next slot, reading the clock after the search (a virtual clock runs on meanwhile). */
  private arm(): void {
    const { clock } = this.opts;
    const next = this.next;
    if (!next) return;
    const wait = next.at - clock.now();
    if (wait > 0) {
      this.timer = clock.setTimer(() => this.arm(), Math.min(this.opts.capMs ?? CAP_MS, wait));
      return;
    }
    this.timer = undefined;
    for (const zone of next.zones) void this.tick(zone, next.at);
    this.from = next.at + 1;
    this.next = this.nextSlot();
    this.arm();
  }

  /** Queues the digest of slot `at` for every digest target in `zone`. Returns rows added. */
  async tick(zone: string, at: number): Promise<number> {
    const slot = DateTime.fromMillis(at, { zone: zoneNamed(zone) })
      .startOf('minute')
      .toFormat("yyyy-MM-dd'T'HH:mm");
    const targets = (await this.digestTargets()).filter((t) => t.zone === zone);
    // Due at its slot, like every planned post: the scheduler sends it in time order.
    const rows = targets.map((t) => this.row(t.platform, t.chatId, t.locale, t.zone, slot, at));
    const added = await this.opts.ledger.apply(inserting(rows), this.opts.clock.now());
    if (added > 0) {
      this.opts.logger.info({ zone, slot, digests: added }, 'digests queued');
      this.opts.onQueued();
    }
    return added;
  }

  /** A digest for one chat, now (the `summary` command), of what `community` sees. */
  async requestNow(
    platform: Platform,
    chatId: string,
    locale: Locale,
    zone: string,
    community: string,
  ): Promise<void> {
    const now = this.opts.clock.now();
    const slot = `now-${new Date(now).toISOString()}`;
    const row = this.row(platform, chatId, locale, zone, slot, now);
    await this.opts.ledger.apply(
      inserting([{ ...row, payload: { type: 'digest', windowMs: this.opts.windowMs, community } }]),
      now,
    );
    this.opts.onQueued();
  }

  private row(
    platform: Platform,
    chatId: string,
    locale: Locale,
    zone: string,
    slot: string,
    due: number,
  ): PlannedPost {
    const key = targetKey(platform, chatId);
    return {
      key: ledgerKey(NO_EVENT, 'digest', slot, key),
      eventId: NO_EVENT,
      kind: 'digest',
      slot,
      targetKey: key,
      platform,
      chatId,
      locale,
      zone,
      due,
      payload: { type: 'digest', windowMs: this.opts.windowMs },
    };
  }

  private async digestTargets(): Promise<Target[]> {
    const out: Target[] = [];
    const { targets } = this.opts;
    for (const target of await targets.list()) {
      if (!target.enabled || !target.kinds.includes('digest')) continue;
      out.push(effectiveTarget(target, await targets.settings(target.key)));
    }
    return out;
  }

  private stopTickers(): void {
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
