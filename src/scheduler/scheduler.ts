import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Clock, TimerHandle } from '../core/clock.js';
import { StoreError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Dispatcher, StopReport } from '../delivery/dispatcher.js';
import { inserting } from '../ledger/diff.js';
import { InstanceIdTaken, type InstanceRecord, type InstanceStore } from '../ledger/instances.js';
import type { LedgerRow } from '../ledger/row.js';
import type { ClaimPartition, LedgerClaims, LedgerPlans } from '../ledger/store.js';
import { type CatchUpPolicy, judge, planCatchUps } from './catch-up.js';

export interface SchedulerOptions {
  readonly ledger: LedgerClaims & Pick<LedgerPlans, 'apply'>;
  readonly instances: InstanceStore;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly catchUp: CatchUpPolicy;
  /** Who holds claims: stable across restarts; several instances must use different ids. */
  readonly owner: string;
  /** Longest sleep between checks, so a changed clock or a missed poke heals itself. */
  readonly capMs?: number;
  readonly batchSize?: number;
  /** How long a claim holds without renewal; renewed every third of it while sending. */
  readonly leaseMs?: number;
  /** How long a stop waits for sends already handed to a platform. */
  readonly drainMs?: number;
  /** Several instances on one ledger (src/cluster): what this instance may claim, and when. */
  readonly scope?: ClaimScope;
}

/** Whether, and among which members, this instance may claim now (src/cluster/cluster.ts). */
export interface ClaimScope {
  /** The partition to claim in; undefined while this instance may not claim (settling, heartbeat lapsed). */
  partition(now: number): ClaimPartition | undefined;
}

export const DEFAULT_LEASE_MS = 15_000;

/** With several instances, each claims what its share of the budget sends in this long. */
export const CLUSTER_CLAIM_HORIZON_MS = 5_000;
/** How long a start waits to see whether a namesake on another host still beats (a member is dead after 5 s). */
const NAMESAKE_WAIT_MS = 6_000;
/** The first wait before looking again after the store failed (doubling, up to the cap). */
const RETRY_AFTER_FAILURE_MS = 1_000;

/**
 * A thin shell around the ledger: one timer, capped and re-armed, wakes at the next due
 * row, claims due rows under a short lease, applies the catch-up policy, and hands them to
 * the dispatcher. The ledger is the schedule of record; this keeps nothing of its own.
 */
export class Scheduler {
  private timer: TimerHandle | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** Start of the last outage (this instance's last heartbeat before it started). */
  private since: number | undefined;
  /** Poked while a pass runs (see claimAndDeliver); and who waits for that. */
  private nudged = false;
  /** A pass failed and the rows it let go of are not yet handed back. */
  private strays = false;
  /** Passes (or looks at the ledger) that failed in a row. */
  private failures = 0;
  /** Another process registered under this instance's id. */
  private evicted = false;
  private nudges: (() => void)[] = [];
  /** When the loop last showed it works: a pass ended without error, or a long pass renewed its leases. */
  private lastLoop: number | undefined;

  constructor(private readonly opts: SchedulerOptions) {}

  private get leaseMs(): number {
    return this.opts.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /**
   * Registers this instance and takes back at once whatever its previous run still held (a
   * kill leaves rows `sending`): one instance never waits for its own dead claims.
   */
  async start(): Promise<void> {
    const { clock, ledger, instances, owner, logger } = this.opts;
    // Checked before registering: a refused start must leave the running instance's registration as it was.
    const seen = (await instances.list()).find((r) => r.id === owner);
    const recent = seen !== undefined && clock.now() - seen.beatAt < 2 * (this.opts.capMs ?? 30_000);
    if (seen && seen.stoppedAt === undefined && recent && stillRunning(seen.incarnation)) {
      throw new StoreError(
        `another Herald process runs as instance "${owner}" on this host (${seen.incarnation.split(':')[1] ?? '?'})`,
        'stop it, or give each instance its own HERALD_INSTANCE_ID',
      );
    }
    if (this.opts.scope) await this.waitForNamesake(seen);
    const now = clock.now();
    const previous = await instances.register(owner, `${hostname()}:${process.pid}:${randomUUID()}`, now);
    this.since = previous?.beatAt;
    const taken = await ledger.releaseAll(owner, now);
    if (taken > 0)
      logger.warn(
        { instance: owner, posts: taken },
        "took back the posts this instance's previous run was sending",
      );
    this.stopped = false;
    this.poke();
  }

  /**
   * A graceful stop: no more claims; posts not yet handed to a platform go back to the ledger
   * unchanged; sends under way may finish for `drainMs`. Logs one line and returns the counts.
   */
  async stop(): Promise<StopReport> {
    const { clock, dispatcher, logger, instances, owner } = this.opts;
    if (this.stopped) return dispatcher.stopReport();
    this.stopped = true;
    if (this.timer) clock.clearTimer(this.timer);
    this.timer = undefined;
    dispatcher.stop();
    const drainMs = this.opts.drainMs ?? 10_000;
    let handle: TimerHandle | undefined;
    const timeout = new Promise<void>((resolve) => {
      handle = clock.setTimer(resolve, drainMs);
    });
    const finished = await Promise.race([this.idle().then(() => true), timeout.then(() => false)]);
    if (handle) clock.clearTimer(handle);
    const report = dispatcher.stopReport();
    await instances.retire(owner, clock.now());
    logger.info(
      { ...report, unfinished: !finished },
      finished
        ? `stopped: ${report.sent} sent during the stop, ${report.handedBack} handed back to the ledger`
        : `stopped after ${drainMs} ms with sends still under way: ${report.sent} sent, ${report.handedBack} handed back; the next start takes the rest back`,
    );
    return report;
  }

  /**
   * What readiness asks: whether the loop runs, and when it last did. A live loop wakes at
   * least every `capMs`, and a pass that sends for longer shows itself every third of a lease.
   */
  health(): { readonly running: boolean; readonly lastLoopAt: number | undefined; readonly capMs: number } {
    return { running: !this.stopped, lastLoopAt: this.lastLoop, capMs: this.opts.capMs ?? 30_000 };
  }

  /**
   * Among several instances, a registration under this id that beat moments ago from another
   * host may be a live process (a copied config, `docker compose --scale`): registering over it
   * would take its rows. Its beats (every second) tell: wait a little longer than a member takes
   * to be called dead, and refuse to start if it beat meanwhile.
   */
  private async waitForNamesake(seen: InstanceRecord | undefined): Promise<void> {
    const { clock, instances, owner, logger } = this.opts;
    if (!seen || seen.stoppedAt !== undefined) return;
    const host = seen.incarnation.split(':')[0];
    // The namesake stamped its beats with its own clock: judge them by the database's where it has one.
    const now = (await instances.serverTime?.()) ?? clock.now();
    if (host === hostname() || now - seen.beatAt >= NAMESAKE_WAIT_MS) return;
    logger.warn(
      { instance: owner, host, lastBeatAgoMs: now - seen.beatAt },
      `instance "${owner}" beat moments ago from host ${host}: waiting to see whether it still runs`,
    );
    await new Promise<void>((resolve) => clock.setTimer(resolve, NAMESAKE_WAIT_MS));
    const again = (await instances.list()).find((r) => r.id === owner);
    if (
      again &&
      again.incarnation === seen.incarnation &&
      again.beatAt > seen.beatAt &&
      again.stoppedAt === undefined
    )
      throw new StoreError(
        `another Herald process runs as instance "${owner}" (on host ${host}, it beat while this one waited)`,
        'stop it, or give each instance its own HERALD_INSTANCE_ID (docker compose --scale cannot: declare each service)',
      );
  }

  /** Re-examine the ledger now (after a plan change). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      this.nudged = true;
      for (const wake of this.nudges.splice(0)) wake();
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

  /** Resolves at the next poke. */
  private nudge(): Promise<void> {
    return new Promise((resolve) => this.nudges.push(resolve));
  }

  /** Resolves when no wake is in progress. For tests and shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async wake(): Promise<void> {
    // Another process took this instance's id: it claims and sends now, this one never again.
    if (this.evicted) return;
    try {
      if (this.strays) this.strays = !(await this.handBackStrays());
      await this.runDue();
      await this.opts.instances.beat(this.opts.owner, this.opts.clock.now());
      this.lastLoop = this.opts.clock.now();
      this.failures = 0;
    } catch (error) {
      if (error instanceof InstanceIdTaken) {
        // Its rows are the other process's now (same id): nothing is handed back.
        this.evicted = true;
        this.opts.logger.error({ fix: error.fix }, error.message);
        return;
      }
      this.failures += 1;
      this.opts.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'scheduler pass failed',
      );
      this.strays = !(await this.handBackStrays());
    }
    if (!this.stopped) await this.arm();
  }

  /**
   * After a failed pass, the rows it claimed and let go of (not composed, not handed to the
   * dispatcher) would stay `sending` under this live instance's name, which no one else may take:
   * they go back to the ledger now. Rows the dispatcher still has in hand stay. While the store
   * still fails this is tried again before each pass. True once done.
   */
  private async handBackStrays(): Promise<boolean> {
    const { ledger, dispatcher, owner, clock, logger } = this.opts;
    try {
      const handed = await ledger.releaseAll(owner, clock.now(), dispatcher.inHand());
      if (handed > 0)
        logger.warn(
          { rows: handed },
          'handed back the posts the failed pass had claimed; they go out on the next',
        );
      return true;
    } catch (error) {
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'could not hand back the posts of the failed pass; trying again before the next',
      );
      return false;
    }
  }

  private async arm(): Promise<void> {
    const { clock, ledger, dispatcher, logger } = this.opts;
    const cap = this.opts.capMs ?? 30_000;
    const { scope } = this.opts;
    const partition = scope?.partition(clock.now());
    let next: number | undefined;
    try {
      // Not allowed to claim: the cluster pokes when that changes; the cap re-checks meanwhile.
      next = scope && !partition ? undefined : await ledger.nextWake(dispatcher.platforms(), partition);
    } catch (error) {
      // The store is unreachable (a database restart): look again soon; never stop.
      this.failures += 1;
      logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'scheduler could not read the ledger',
      );
    }
    let delay = next === undefined ? cap : Math.min(cap, Math.max(0, next - clock.now()));
    // After a failure (the database away), look again within seconds, backing off to the cap.
    if (this.failures > 0)
      delay = Math.min(delay, RETRY_AFTER_FAILURE_MS * 2 ** Math.min(this.failures - 1, 5));
    if (this.timer) clock.clearTimer(this.timer);
    if (this.stopped) return;
    this.timer = clock.setTimer(() => {
      this.timer = undefined;
      this.poke();
    }, delay);
  }

  /** Keeps this instance's leases and heartbeat fresh while a pass is sending. */
  private renewWhileRunning(): () => void {
    const { clock, ledger, instances, owner, logger } = this.opts;
    let handle: TimerHandle | undefined;
    const tick = () => {
      const now = clock.now();
      void Promise.all([ledger.renew(owner, now + this.leaseMs, now), instances.beat(owner, now)])
        .then(() => {
          this.lastLoop = now;
        })
        .catch((error: unknown) =>
          logger.error(
            { err: error instanceof Error ? error.message : String(error) },
            'lease renewal failed',
          ),
        );
      handle = clock.setTimer(tick, this.leaseMs / 3);
    };
    handle = clock.setTimer(tick, this.leaseMs / 3);
    return () => {
      if (handle) clock.clearTimer(handle);
    };
  }

  /** Claims and handles every row due now. Returns how many rows were handled. */
  async runDue(): Promise<number> {
    const stopRenewing = this.renewWhileRunning();
    try {
      return await this.claimAndDeliver();
    } finally {
      stopRenewing();
    }
  }

  private async claimAndDeliver(): Promise<number> {
    const { ledger, clock, dispatcher, catchUp, owner } = this.opts;
    const batch = this.opts.batchSize ?? 500;
    let handled = 0;
    const stale: LedgerRow[] = [];
    const inFlight: Promise<unknown>[] = [];
    for (;;) {
      if (this.stopped || dispatcher.isStopping) break;
      const now = clock.now();
      const partition = this.opts.scope?.partition(now);
      if (this.opts.scope && !partition) break;
      // Among several instances, claim only what this instance's share sends soon: the rest
      // waits in the ledger, free for whoever owns its chat when the members change.
      const perPlatform = partition ? dispatcher.capacity(CLUSTER_CLAIM_HORIZON_MS) : undefined;
      this.nudged = false;
      const rows = await ledger.claim({
        now,
        platforms: dispatcher.platforms(),
        limit: batch,
        owner,
        leaseMs: this.leaseMs,
        ...(partition ? { partition: { ...partition, ...(perPlatform ? { perPlatform } : {}) } } : {}),
      });
      const full =
        rows.length === batch ||
        Object.entries(perPlatform ?? {}).some(
          ([platform, cap]) => rows.filter((r) => r.platform === platform).length >= cap,
        );
      if (rows.length > 0) {
        const send: LedgerRow[] = [];
        const lateKeys = new Set<string>();
        for (const row of rows) {
          const verdict = judge(row, now, catchUp);
          if (verdict.action === 'send') {
            send.push(row);
            if (verdict.late) lateKeys.add(row.key);
          } else {
            await ledger.settle(row.key, owner, now, { status: 'skipped', reason: verdict.reason });
            if (verdict.fold) stale.push(row);
          }
        }
        // Every row of the batch has its rate-limit slot once queued; then the queue's length is real.
        const { settled: delivering } = await dispatcher.queue(send, (row) => lateKeys.has(row.key));
        inFlight.push(delivering);
        handled += rows.length;
        // Claim the next batch while this one still has ~250 ms of sends queued, so a large
        // fan-out flows without a gap; leases are renewed while the batches send.
        if (full) await Promise.race([delivering, dispatcher.backlogBelow(250)]);
        // Among several instances the members may change meanwhile (chats to take over): a
        // poke claims again at once instead of after this batch.
        else if (this.opts.scope) await Promise.race([delivering, this.nudge()]);
        else await delivering;
      }
      if (!full && !this.nudged) {
        if (stale.length === 0) break;
        await this.foldStale(stale);
      }
    }
    // What was folded before a stop still gets its catch-up post.
    if (stale.length > 0) await this.foldStale(stale);
    await Promise.all(inFlight);
    if (handled > 0) this.since = undefined;
    return handled;
  }

  /** Everything missed is now known: one catch-up post per chat, claimed on the next turn. */
  private async foldStale(stale: LedgerRow[]): Promise<void> {
    const { ledger, clock, logger } = this.opts;
    const since = this.since ?? Math.min(...stale.map((r) => r.due));
    const catchUps = planCatchUps(stale, since, clock.now());
    stale.length = 0;
    await ledger.apply(inserting(catchUps), clock.now());
    logger.info({ targets: catchUps.length }, 'missed posts folded into catch-up posts');
  }
}

/**
 * Whether the process that registered `incarnation` (`host:pid:uuid`) still runs: a live
 * duplicate under the same instance id, not a previous run that was killed. Only knowable on
 * this host; this very process is its own previous run (tests restart in one process).
 */
function stillRunning(incarnation: string): boolean {
  const [host, pidText] = incarnation.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The pid may have been reused by an unrelated program since: only a Node process counts.
  try {
    return /node|herald/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}
