import type { LedgerRow, Store } from '../calendar/store.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { type CatchUpPolicy, judge, planCatchUps } from './catch-up.js';
import type { Dispatcher } from './dispatcher.js';

export interface SchedulerOptions {
  readonly store: Store;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly catchUp: CatchUpPolicy;
  /** Longest sleep between checks, so a changed clock or a missed poke heals itself. */
  readonly capMs?: number;
  readonly batchSize?: number;
  /** Who holds a claim; several instances must use different ids. */
  readonly owner: string;
  readonly leaseMs?: number;
}

const HEARTBEAT = 'scheduler.heartbeat';

/**
 * A thin shell around the ledger: one timer, capped and re-armed, wakes at the next due
 * row, claims due rows under a lease, applies the catch-up policy, and hands them to the
 * dispatcher. The ledger is the schedule of record; this keeps nothing of its own.
 */
export class Scheduler {
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Start of the last outage, read from the heartbeat at start. */
  private since: number | undefined;

  constructor(private readonly opts: SchedulerOptions) {}

  async start(): Promise<void> {
    const beat = await this.opts.store.getMeta(HEARTBEAT);
    this.since = beat === undefined ? undefined : Number(beat);
    this.stopped = false;
    this.poke();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.opts.dispatcher.stop();
    await this.running;
  }

  /** Re-examine the ledger now (after a plan change). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) this.opts.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.running = this.wake().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  /** Resolves when no wake is in progress. For tests and shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async wake(): Promise<void> {
    try {
      await this.runDue();
      await this.opts.store.putMeta(HEARTBEAT, String(this.opts.clock.now()));
    } catch (error) {
      this.opts.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'scheduler pass failed',
      );
    }
    if (!this.stopped) await this.arm();
  }

  private async arm(): Promise<void> {
    const { clock, store, dispatcher } = this.opts;
    const cap = this.opts.capMs ?? 30_000;
    const next = await store.nextDue(dispatcher.platforms());
    const delay = next === undefined ? cap : Math.min(cap, Math.max(0, next - clock.now()));

    if (this.timer) clock.clearTimer(this.timer);
    this.timer = clock.setTimer(() => {
      this.timer = undefined;
      this.poke();
    }, delay);
  }

  /** Claims and handles every row due now. Returns how many rows were handled. */
  async runDue(): Promise<number> {
    const { store, clock, dispatcher, catchUp } = this.opts;
    const batch = this.opts.batchSize ?? 500;
    let handled = 0;
    const stale: LedgerRow[] = [];
    const inFlight: Promise<unknown>[] = [];
    for (;;) {
      const now = clock.now();
      const rows = await store.claimDue({
        now,
        platforms: dispatcher.platforms(),
        limit: batch,
        owner: this.opts.owner,
        leaseMs: this.opts.leaseMs ?? 120_000,
      });
      if (rows.length > 0) {
        const send: LedgerRow[] = [];
        const lateKeys = new Set<string>();
        for (const row of rows) {
          const verdict = judge(row, now, catchUp);
          if (verdict.action === 'send') {
            send.push(row);
            if (verdict.late) lateKeys.add(row.key);
          } else {
            await store.markSkipped(row.key, now, verdict.reason);
            if (verdict.fold) stale.push(row);
          }
        }
        // Every row of the batch has its rate-limit slot once queued; then the queue's length is real.
        const { settled: delivering } = await dispatcher.queue(send, (row) => lateKeys.has(row.key));
        inFlight.push(delivering);
        handled += rows.length;
        // Claim the next batch while this one still has ~250 ms of sends queued, so a large
        // fan-out flows without a gap; the lease covers the queue because batches stay small.
        if (rows.length === batch) await Promise.race([delivering, dispatcher.backlogBelow(250)]);
        else await delivering;
      }
      if (rows.length < batch) {
        if (stale.length === 0) break;
        // Everything missed is now known: one catch-up post per chat, claimed on the next turn.
        const since = this.since ?? Math.min(...stale.map((r) => r.due));
        const catchUps = planCatchUps(stale, since, clock.now());
        stale.length = 0;
        await store.applyLedgerChange({ insert: catchUps, reschedule: [], cancel: [] }, clock.now());
        this.opts.logger.info({ targets: catchUps.length }, 'missed posts folded into catch-up posts');
      }
    }
    await Promise.all(inFlight);
    if (handled > 0) this.since = undefined;
    return handled;
  }
}
