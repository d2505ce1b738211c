import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { InstanceRecord, InstanceStore } from '../ledger/instances.js';
import { sharersByPlatform } from './partition.js';
import { type ClusterTimings, liveMembers, Standing } from './standing.js';

/** The live members as this instance sees them, and per platform those that run it. */
export interface MemberView {
  readonly members: readonly string[];
  readonly byPlatform: Readonly<Record<string, readonly string[]>>;
}

/** What this instance last saw of one that is not a live member (src/cluster/leadership.ts logs it). */
export interface Departed {
  /** Its last beat, when it is in the instances table. */
  readonly beatAt?: number;
  /** When it retired, if it did. */
  readonly stoppedAt?: number;
}

/** How often the host's clock is compared with the database's. */
const SKEW_CHECK_MS = 60_000;
/** The clock difference the cluster's margins tolerate (docs/cluster.md). */
const MAX_SKEW_MS = 1_000;

export interface MembershipOptions {
  readonly instances: InstanceStore;
  /** The platforms each instance announced (src/cluster/store.ts). */
  readonly platforms: () => Promise<ReadonlyMap<string, readonly string[]>>;
  /** This instance's id (already registered by the scheduler's start). */
  readonly self: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings: ClusterTimings;
  /** After a beat or a timer, when the members or the right to act changed. */
  readonly onChange: () => void;
  /** Work that rides on each beat (leadership). */
  readonly afterBeat?: (now: number) => Promise<void>;
  /** Every `beatMs`, even while a beat is still under way (leadership gives up what it can no longer be sure of). */
  readonly onTimer?: (now: number) => void;
}

/**
 * This instance's heartbeat and its view of the others, from the instances table: every
 * `beatMs` it writes its beat and re-reads who else beats. A member is alive while its beat is
 * younger than `deadAfterMs`; the view and the right to act (src/cluster/standing.ts) change
 * only here.
 */
export class Membership {
  private view: MemberView;
  /** The instances table as of the last successful beat (undefined before it). */
  private records: ReadonlyMap<string, InstanceRecord> | undefined;
  private readonly standing: Standing;
  private timer: TimerHandle | undefined;
  private ticking: Promise<void> | undefined;
  private acting = false;
  private skewCheckedAt = Number.NEGATIVE_INFINITY;
  private stopped = true;

  constructor(private readonly opts: MembershipOptions) {
    this.view = { members: [opts.self], byPlatform: {} };
    this.standing = new Standing(opts.timings);
  }

  /** Beats once (so the view is known when this returns), then every `beatMs`. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
    this.arm();
  }

  /** No more beats (the instance retires through the scheduler's stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  /** The members this instance acts among, or undefined while it may not act (settling, or its heartbeat lapsed). */
  members(now: number): MemberView | undefined {
    return this.standing.mayAct(now) ? this.view : undefined;
  }

  /** The members as last seen, whether or not this instance may act. */
  seen(): MemberView {
    return this.view;
  }

  inStanding(now: number): boolean {
    return this.standing.inStanding(now);
  }

  /**
   * Undefined while `id` is a live member as last seen (or nothing was seen yet); else what is
   * known of it: its heartbeat is older than `deadAfterMs`, it retired, or it is not in the
   * instances table at all.
   */
  departed(id: string): Departed | undefined {
    if (!this.records || this.view.members.includes(id)) return undefined;
    const record = this.records.get(id);
    if (!record) return {};
    return record.stoppedAt === undefined
      ? { beatAt: record.beatAt }
      : { beatAt: record.beatAt, stoppedAt: record.stoppedAt };
  }

  /**
   * Compares this host's clock with the database's (where it has one): members' heartbeats are
   * stamped by their own clocks, so a host more than a second off makes the others misjudge it
   * (docs/cluster.md). Only measured real time counts: a fake clock in tests is left alone.
   */
  private async checkSkew(at: number): Promise<void> {
    const { instances, logger } = this.opts;
    this.skewCheckedAt = at;
    if (!instances.serverTime) return;
    const before = Date.now();
    const server = await instances.serverTime();
    const after = Date.now();
    if (Math.abs(this.opts.clock.now() - after) > 60_000) return;
    const skew = server - (before + after) / 2;
    const uncertainty = (after - before) / 2;
    if (Math.abs(skew) - uncertainty > MAX_SKEW_MS)
      logger.warn(
        { skewMs: Math.round(skew), uncertaintyMs: Math.round(uncertainty) },
        `this host's clock is ${Math.round(Math.abs(skew))} ms ${skew > 0 ? 'behind' : 'ahead of'} the database's: the other instances misjudge its heartbeats (fix: synchronise the clocks with NTP)`,
      );
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.opts.clock.setTimer(() => {
      this.timer = undefined;
      this.opts.onTimer?.(this.opts.clock.now());
      // A beat still under way (a slow database) is not doubled; standing is judged anyway.
      if (!this.ticking) void this.tick();
      else this.judge();
      this.arm();
    }, this.opts.timings.beatMs);
  }

  private tick(): Promise<void> {
    const run = this.beat().finally(() => {
      this.ticking = undefined;
    });
    this.ticking = run;
    return run;
  }

  private async beat(): Promise<void> {
    const { instances, self, clock, logger, timings } = this.opts;
    const at = clock.now();
    let viewChanged = false;
    try {
      await instances.beat(self, at);
      if (at - this.skewCheckedAt >= SKEW_CHECK_MS) await this.checkSkew(at);
      const records = await instances.list();
      const members = liveMembers(records, self, at, timings);
      const view = { members, byPlatform: sharersByPlatform(members, await this.opts.platforms()) };
      this.standing.beat(at, members.length - 1);
      this.records = new Map(records.map((r) => [r.id, r]));
      if (JSON.stringify(view) !== JSON.stringify(this.view)) {
        logger.info(
          { members, byPlatform: view.byPlatform, was: this.view.members },
          `cluster members: ${members.join(', ')}`,
        );
        this.view = view;
        viewChanged = true;
      }
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'cluster heartbeat failed',
      );
    }
    // The right to act is judged (and its change logged) after the view: one onChange for both.
    if (!this.judge() && viewChanged) this.opts.onChange();
    if (this.opts.afterBeat && !this.stopped) {
      try {
        await this.opts.afterBeat(clock.now());
      } catch (error) {
        logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'cluster leadership check failed',
        );
      }
    }
  }

  /**
   * Tells the cluster when the right to act came or went (settling ended, a heartbeat lapsed);
   * true when it did (onChange was called).
   */
  private judge(): boolean {
    const now = this.opts.clock.now();
    const acting = this.standing.mayAct(now);
    if (acting === this.acting) return false;
    this.acting = acting;
    if (acting)
      this.opts.logger.info({ members: this.view.members }, 'this instance now claims and sends its chats');
    else if (this.standing.inStanding(now))
      // A beat succeeded again after a lapse (a stall, the database back): it waits out settling.
      this.opts.logger.warn(
        { lastBeat: this.standing.lastBeat(), actsFrom: this.standing.actsFrom() },
        'this instance stops claiming and sending while it settles after rejoining the cluster (its heartbeat had lapsed)',
      );
    else
      this.opts.logger.warn(
        { lastBeat: this.standing.lastBeat() },
        'this instance stops claiming and sending: its heartbeat lapsed',
      );
    this.opts.onChange();
    return true;
  }
}
