import type { ExclusiveInbound, InboundHandlers } from '../adapters/adapter.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Platform } from '../core/types.js';
import type { SendGate } from '../delivery/dispatcher.js';
import type { InstanceStore } from '../ledger/instances.js';
import type { LedgerRow } from '../ledger/row.js';
import type { ClaimPartition } from '../ledger/store.js';
import type { ClaimScope } from '../scheduler/scheduler.js';
import { Leadership } from './leadership.js';
import { Membership } from './membership.js';
import { chatOwner, shareOf } from './partition.js';
import { type ClusterTimings, DEFAULT_TIMINGS } from './standing.js';
import type { CoordinationStore } from './store.js';

/** How long an inbound delivery id is remembered (Telegram keeps an unconfirmed update 24 h). */
const DELIVERY_MEMORY_MS = 48 * 3_600_000;

export interface ClusterOptions {
  readonly instances: InstanceStore;
  readonly coordination: CoordinationStore;
  /** This instance's id (HERALD_INSTANCE_ID, else the host name): unique among the instances. */
  readonly self: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings?: Partial<ClusterTimings>;
  /** The platforms this instance runs (announced to the others when it starts). */
  readonly platforms: () => readonly Platform[];
  /**
   * The members changed, or this instance's right to act: `shares` is its part of each
   * platform's global budget; the scheduler should look at the ledger again.
   */
  readonly onChange: (shares: Partial<Record<Platform, number>>) => void;
}

/**
 * Several Herald instances on one database (docs/cluster.md):
 * - **membership**: each beats in the instances table; the live ones are the members;
 * - **chats partitioned** among the members by rendezvous hashing: an instance claims and
 *   sends only its own chats (so a chat's own limit holds whoever sends), with 1/N of each
 *   platform's global budget;
 * - **inbound once**: one holder per exclusive inbound connection (the Telegram poller, the
 *   Discord gateway), with fail-over; deliveries a new holder receives again are answered once.
 */
export class Cluster implements ClaimScope, SendGate {
  readonly membership: Membership;
  readonly leadership: Leadership;
  readonly timings: ClusterTimings;

  constructor(private readonly opts: ClusterOptions) {
    this.timings = { ...DEFAULT_TIMINGS, ...opts.timings };
    const { self, clock, logger } = opts;
    this.leadership = new Leadership({
      store: opts.coordination,
      self,
      clock,
      logger,
      timings: this.timings,
      departed: (id) => this.membership.departed(id),
    });
    this.membership = new Membership({
      instances: opts.instances,
      platforms: () => opts.coordination.platforms(),
      self,
      clock,
      logger,
      timings: this.timings,
      onChange: () => opts.onChange(this.shares()),
      onTimer: (now) => this.leadership.enforceAll(now),
      afterBeat: (now) => this.leadership.check(now, this.membership.inStanding(now)),
    });
  }

  get self(): string {
    return this.opts.self;
  }

  /** This instance's part of each of its platforms' global rate budget. */
  shares(): Partial<Record<Platform, number>> {
    const view = this.membership.seen();
    const out: Partial<Record<Platform, number>> = {};
    for (const platform of this.opts.platforms())
      out[platform] = shareOf((view.byPlatform[platform] ?? view.members).length);
    return out;
  }

  partition(now: number): ClaimPartition | undefined {
    const view = this.membership.members(now);
    return view ? { self: this.opts.self, members: view.members, byPlatform: view.byPlatform } : undefined;
  }

  mayDeliver(row: Pick<LedgerRow, 'platform' | 'chatId'>, now: number): boolean {
    const view = this.membership.members(now);
    if (!view) return false;
    return (
      chatOwner(view.byPlatform[row.platform] ?? view.members, row.platform, row.chatId) === this.opts.self
    );
  }

  /** An inbound connection this instance runs only while it holds its lease. */
  addInbound(inbound: ExclusiveInbound, handlers: InboundHandlers): void {
    this.leadership.add(inbound, handlers);
  }

  /** True for the first instance that handles this delivery (a Telegram update seen again after a fail-over). */
  firstDelivery(id: string): Promise<boolean> {
    return this.opts.coordination.firstDelivery(id, this.opts.clock.now(), DELIVERY_MEMORY_MS);
  }

  /** Beats once (the members are known when this returns), takes leases, then keeps beating. */
  async start(): Promise<void> {
    await this.opts.coordination.announce(this.opts.self, this.opts.platforms());
    await this.membership.start();
    this.opts.onChange(this.shares());
  }

  /** Gives up the inbound connections first, so another instance takes them over at once. */
  async stopLeading(): Promise<void> {
    await this.leadership.stop();
  }

  /** Stops beating (after the scheduler stopped and retired this instance). */
  async stop(): Promise<void> {
    await this.membership.stop();
  }
}
