import { DateTime } from 'luxon';
import cron, { type ScheduledTask } from 'node-cron';
import { effectiveTarget } from '../calendar/effective.js';
import type { TargetStore } from '../calendar/stores.js';
import { type Clock, systemClock, type TimerHandle } from '../core/clock.js';
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
}

/**
 * Digests of upcoming launches on a cron schedule, evaluated in each target's own zone.
 * node-cron ticks (with the system clock; node-cron's own matcher on a virtual clock),
 * and each tick only writes ledger rows keyed by the local slot: a restart or a second
 * instance cannot post the same digest twice, and the scheduler sends it like any post.
 */
export class SummaryService {
  private tasks: ScheduledTask[] = [];
  private timer: TimerHandle | undefined;
  private zones: string[] = [];

  constructor(private readonly opts: SummaryOptions) {}

  async start(): Promise<void> {
    await this.refresh();
  }

  /** Re-reads which zones have digest targets (after a follow or a settings change). */
  async refresh(): Promise<void> {
    const zones = [...new Set((await this.digestTargets()).map((t) => t.zone))].sort();
    const running = this.tasks.length > 0 || this.timer !== undefined;
    if (running && zones.join() === this.zones.join()) return;
    this.stopTickers();
    this.zones = zones;
    if (this.opts.clock === systemClock) {
      for (const zone of this.zones) {
        this.tasks.push(
          cron.schedule(this.opts.cron, (ctx) => this.tick(zone, ctx.date.getTime()), {
            timezone: zone,
            name: `digest ${zone}`,
          }),
        );
      }
    } else if (this.zones.length > 0) {
      this.armVirtual();
    }
  }

  stop(): void {
    this.stopTickers();
  }

  /** Queues the digest of slot `at` for every digest target in `zone`. Returns rows added. */
  async tick(zone: string, at: number): Promise<number> {
    const slot = DateTime.fromMillis(at, { zone: zoneNamed(zone) })
      .startOf('minute')
      .toFormat("yyyy-MM-dd'T'HH:mm");
    const targets = (await this.digestTargets()).filter((t) => t.zone === zone);
    const rows = targets.map((t) =>
      this.row(t.platform, t.chatId, t.locale, t.zone, slot, this.opts.clock.now()),
    );
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

  /**
   * On a virtual clock node-cron cannot tick: node-cron's own matcher finds the next
   * matching minute (searching up to 8 days ahead), and one timer waits for it.
   */
  private armVirtual(): void {
    const { clock } = this.opts;
    const matchers = this.zones.map((zone) => ({
      zone,
      task: cron.createTask(this.opts.cron, () => {}, { timezone: zone }),
    }));
    const step = () => {
      const now = clock.now();
      const first = Math.floor(now / 60_000) * 60_000 + 60_000;
      let at = first;
      let due: typeof matchers = [];
      for (; at < first + 8 * 86_400_000; at += 60_000) {
        due = matchers.filter(({ task }) => task.match(new Date(at)));
        if (due.length > 0) break;
      }
      const slot = at;
      this.timer = clock.setTimer(() => {
        for (const { zone } of due) void this.tick(zone, slot);
        step();
      }, slot - now);
    };
    step();
  }

  private stopTickers(): void {
    for (const task of this.tasks) void task.destroy();
    this.tasks = [];
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}
