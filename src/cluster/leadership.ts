import type { ExclusiveInbound, InboundHandlers } from '../adapters/adapter.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Departed } from './membership.js';
import type { ClusterTimings } from './standing.js';
import type { CoordinationStore, TakeOver } from './store.js';

/** After an inbound connection fails to start or ends on its own, this instance lets others try first. */
const RETRY_AFTER_MS = 5_000;

interface Connection {
  readonly inbound: ExclusiveInbound;
  readonly handlers: InboundHandlers;
  state: 'idle' | 'starting' | 'listening';
  /** The start of the last `lead` that said this instance holds the lease. */
  ledAt: number | undefined;
  /** Not before then (after a failure). */
  retryAt: number;
  /** The departed holder whose session could not be ended, once warned about (not every beat). */
  refusedFor: string | undefined;
}

export interface LeadershipOptions {
  readonly store: CoordinationStore;
  readonly self: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings: ClusterTimings;
  /**
   * Undefined while `id` is a live member as this instance last saw the cluster; else what is
   * known of it (Membership.departed). A lease whose holder departed is taken over even where
   * its lock session stays open (a stopped or hung process, src/cluster/store.ts TakeOver).
   */
  readonly departed?: (id: string) => Departed | undefined;
}

/**
 * One holder per inbound connection (the Telegram poller, the Discord gateway) among the
 * instances: each beat, an instance in standing takes or renews the lease and listens while it
 * holds it; it stops listening as soon as the lease says another holds it, and on its own once
 * its last renewal is older than the lease less one beat (a stall, a lost database), which is
 * before anyone else can take it.
 */
export class Leadership {
  private readonly connections: Connection[] = [];
  private stopped = false;

  constructor(private readonly opts: LeadershipOptions) {}

  add(inbound: ExclusiveInbound, handlers: InboundHandlers): void {
    this.connections.push({
      inbound,
      handlers,
      state: 'idle',
      ledAt: undefined,
      retryAt: 0,
      refusedFor: undefined,
    });
  }

  /** The leases this instance holds and listens on. */
  holding(): string[] {
    return this.connections.filter((c) => c.state === 'listening').map((c) => c.inbound.lease);
  }

  /** Takes, renews or gives up each lease (once per beat, while this instance is in standing). */
  async check(now: number, inStanding: boolean): Promise<void> {
    const { store, self, timings } = this.opts;
    for (const c of this.connections) {
      if (this.stopped) return;
      if (!inStanding) {
        this.enforce(c, now);
        continue;
      }
      let held: boolean | undefined;
      try {
        held = await store.lead(c.inbound.lease, self, now, timings.leaseTtlMs, this.takeOver(c, now));
      } catch (error) {
        this.opts.logger.warn(
          { lease: c.inbound.lease, err: error instanceof Error ? error.message : String(error) },
          'could not renew the inbound lease',
        );
      }
      if (this.stopped) return;
      if (held === true) {
        c.ledAt = now;
        if (c.state === 'idle' && now >= c.retryAt) this.listen(c);
      } else if (held === false) {
        c.ledAt = undefined;
        this.drop(c, 'another instance holds it');
      } else this.enforce(c, this.opts.clock.now());
    }
  }

  /** Between beats: stops listening where the last renewal is too old to be sure of the lease. */
  enforceAll(now: number): void {
    for (const c of this.connections) this.enforce(c, now);
  }

  /** Stops listening everywhere and gives the leases back (a graceful stop). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const c of this.connections) {
      c.retryAt = Number.POSITIVE_INFINITY;
      const was = c.state;
      c.state = 'idle';
      if (was !== 'idle') await this.unlisten(c);
      try {
        await this.opts.store.resign(c.inbound.lease, this.opts.self);
      } catch {
        // The lease runs out on its own.
      }
    }
  }

  /** Taking `c`'s lease over from a holder that left the cluster (logged, as is a refusal, once). */
  private takeOver(c: Connection, now: number): TakeOver | undefined {
    const { departed, logger } = this.opts;
    if (!departed) return undefined;
    const lease = c.inbound.lease;
    return {
      left: (holder) => departed(holder) !== undefined,
      took: (holder) => {
        c.refusedFor = undefined;
        const gone = departed(holder) ?? {};
        logger.warn(
          { lease, from: holder, ...gone },
          `took ${lease} from ${holder}, ${describeDeparture(gone, now)}; its session was ended`,
        );
      },
      refused: (holder, why) => {
        if (c.refusedFor === holder) return;
        c.refusedFor = holder;
        logger.error(
          { lease, from: holder, ...(departed(holder) ?? {}) },
          `cannot take ${lease} from ${holder}, which left the cluster but whose session still holds it: ${why}`,
        );
      },
    };
  }

  private enforce(c: Connection, now: number): void {
    if (c.state === 'idle') return;
    const { leaseTtlMs, beatMs } = this.opts.timings;
    if (c.ledAt === undefined || now >= c.ledAt + leaseTtlMs - beatMs)
      this.drop(c, 'its lease could not be renewed in time');
  }

  private listen(c: Connection): void {
    const { logger, clock } = this.opts;
    c.state = 'starting';
    logger.info({ lease: c.inbound.lease }, `this instance takes the inbound connection ${c.inbound.lease}`);
    const onClosed = (reason: string) => {
      if (c.state === 'idle') return;
      logger.warn({ lease: c.inbound.lease, reason }, 'the inbound connection ended; letting others take it');
      c.state = 'idle';
      c.retryAt = clock.now() + RETRY_AFTER_MS;
      void this.opts.store.resign(c.inbound.lease, this.opts.self).catch(() => undefined);
    };
    c.inbound.listen(c.handlers, onClosed).then(
      () => {
        if (c.state !== 'starting') return;
        c.state = 'listening';
        logger.info(
          { lease: c.inbound.lease },
          `this instance holds the inbound connection ${c.inbound.lease}`,
        );
      },
      (error: unknown) => {
        if (c.state !== 'starting') return;
        logger.error(
          { lease: c.inbound.lease, err: error instanceof Error ? error.message : String(error) },
          'the inbound connection did not start; letting others take it',
        );
        c.state = 'idle';
        c.retryAt = clock.now() + RETRY_AFTER_MS;
        void this.unlisten(c);
        void this.opts.store.resign(c.inbound.lease, this.opts.self).catch(() => undefined);
      },
    );
  }

  /** Stops listening (an adapter's `unlisten` also cancels a `listen` still starting). */
  private drop(c: Connection, why: string): void {
    if (c.state === 'idle') return;
    this.opts.logger.warn(
      { lease: c.inbound.lease, why },
      `this instance gives up ${c.inbound.lease}: ${why}`,
    );
    c.state = 'idle';
    void this.unlisten(c);
  }

  private async unlisten(c: Connection): Promise<void> {
    try {
      await c.inbound.unlisten();
    } catch (error) {
      this.opts.logger.warn(
        { lease: c.inbound.lease, err: error instanceof Error ? error.message : String(error) },
        'the inbound connection did not stop cleanly',
      );
    }
  }
}

/** "whose heartbeat stopped 6 s ago", "which retired 3 s ago", "which is not among the instances". */
function describeDeparture(gone: Departed, now: number): string {
  const ago = (at: number) => `${Math.max(0, Math.round((now - at) / 1_000))} s ago`;
  if (gone.stoppedAt !== undefined) return `which retired ${ago(gone.stoppedAt)}`;
  if (gone.beatAt !== undefined) return `whose heartbeat stopped ${ago(gone.beatAt)}`;
  return 'which is not among the instances';
}
