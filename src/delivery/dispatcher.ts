import type { Adapter, Address, PostedRef } from '../adapters/adapter.js';
import type { Clock } from '../core/clock.js';
import { DeliveryError, isStoreFailure, NotImplementedError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { type Metrics, NO_METRICS } from '../core/metrics.js';
import type { Platform } from '../core/types.js';
import { KIND_RULES } from '../ledger/kinds.js';
import { type LedgerRow, rowAddress } from '../ledger/row.js';
import type { LedgerClaims, LedgerPlans, RefStore, Settlement } from '../ledger/store.js';
import { backoffMs } from './backoff.js';
import type { Delivery, PostComposer } from './composer.js';
import { RateLimiter, type RateLimits, type SendPermit, UNLIMITED } from './rate-limiter.js';
import type { ReplyTurn } from './reply-budget.js';

/** The longest a claimed row waits in memory for its rate-limit slot (its lease is renewed meanwhile). */
const HOLD_LIMIT_MS = 30_000;
/** The longest wait between two tries to record a post's outcome while the database fails. */
const RECORD_RETRY_CAP_MS = 10_000;
/** The longest wait before composing a post again after the database failed. */
const STORE_RETRY_CAP_MS = 5 * 60_000;

/** Rows composed at once before they take their slots (and the event loop gets a turn). */
const PREPARE_AHEAD = 8;

/** The longest a command reply waits for its rate-limit slot before it is dropped. */
export const REPLY_WAIT_LIMIT_MS = 5_000;

/** The share of a group's per-minute budget that replies leave to posts. */
const REPLY_GROUP_SHARE_FOR_POSTS = 0.25;
/** The turn of a reply on a platform that counts nothing. */
const NO_TURN: ReplyTurn = { answered: () => undefined };

export interface DeliveryOutcome {
  readonly key: string;
  readonly status: 'sent' | 'retry' | 'failed' | 'skipped' | 'released';
  /** When it went out, for lateness measurements. */
  readonly at: number;
}

/** Called when a platform says a chat or a person can no longer be reached. */
export type PermanentFailureHandler = (row: LedgerRow, error: DeliveryError) => Promise<void>;

export interface DispatcherOptions {
  readonly ledger: LedgerClaims & Pick<LedgerPlans, 'lastRef'>;
  readonly refs: RefStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly composer: PostComposer;
  /** The instance holding the claims this dispatcher settles. */
  readonly owner: string;
  readonly maxAttempts: number;
  readonly limits?: Partial<Record<Platform, RateLimits>>;
  readonly onPermanentFailure?: PermanentFailureHandler;
  /** Spread of retry delays in [0, 1); tests pass () => 0. */
  readonly jitter?: () => number;
  /** Several instances on one bot (src/cluster): whether this instance may send a row now. */
  readonly gate?: SendGate;
  /** Where outcomes and lateness are counted (default: nowhere). */
  readonly metrics?: Metrics;
}

/**
 * The last word before a post leaves, among several instances (src/cluster/cluster.ts): the
 * row's chat must still be this instance's, and its heartbeat fresh; otherwise the row goes
 * back to the ledger unchanged for the chat's owner.
 */
export interface SendGate {
  mayDeliver(row: Pick<LedgerRow, 'platform' | 'chatId'>, now: number): boolean;
}

/** What happened while stopping: shown in the one line a stop logs. */
export interface StopReport {
  readonly sent: number;
  readonly handedBack: number;
}

/**
 * Delivers claimed ledger rows, and only that: composes each, waits for its platform's rate
 * slot, hands it to the adapter in the kind's delivery mode, and records the outcome in the
 * ledger. Nothing is sent twice, nothing is dropped unseen.
 */
export class Dispatcher {
  private readonly adapters = new Map<Platform, Adapter>();
  private readonly limiters = new Map<Platform, RateLimiter>();
  private readonly shares: Partial<Record<Platform, number>> = {};
  private sleepers: (() => void)[] = [];
  private stopping = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Keys of the claimed rows this dispatcher has in hand, from queue() until their outcome is recorded. */
  private readonly holding = new Set<string>();
  private readonly stopCounts = { sent: 0, handedBack: 0 };
  private readonly listeners = new Set<(outcome: DeliveryOutcome, row: LedgerRow) => void>();

  constructor(private readonly opts: DispatcherOptions) {}

  register(adapter: Adapter): void {
    this.adapters.set(adapter.platform, adapter);
    const limiter = new RateLimiter(this.opts.limits?.[adapter.platform] ?? UNLIMITED);
    limiter.setShare(this.shares[adapter.platform] ?? 1);
    this.limiters.set(adapter.platform, limiter);
  }

  /**
   * How many posts each rate-limited platform takes in the next `horizonMs` at this instance's
   * share (unlimited platforms are absent: no cap).
   */
  capacity(horizonMs: number): Partial<Record<Platform, number>> {
    const out: Partial<Record<Platform, number>> = {};
    for (const platform of this.limiters.keys()) {
      const perSecond = this.opts.limits?.[platform]?.perSecond ?? Number.POSITIVE_INFINITY;
      if (Number.isFinite(perSecond))
        out[platform] = Math.max(
          1,
          Math.floor((perSecond * (this.shares[platform] ?? 1) * horizonMs) / 1000),
        );
    }
    return out;
  }

  /** Uses `shares[platform]` of each platform's global rate (1/N with N instances on one bot). */
  setShares(shares: Partial<Record<Platform, number>>): void {
    Object.assign(this.shares, shares);
    for (const [platform, limiter] of this.limiters) limiter.setShare(this.shares[platform] ?? 1);
  }

  /** The claimed rows this dispatcher still has in hand (being composed, waiting for a slot, sending, recording). */
  inHand(): string[] {
    return [...this.holding];
  }

  platforms(): Platform[] {
    return [...this.adapters.keys()];
  }

  onOutcome(listener: (outcome: DeliveryOutcome, row: LedgerRow) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Composes the rows in turn and queues each for its rate-limit slot. Resolves once every row
   * has its slot (so the caller can see the queue's real length); `settled` resolves when
   * every row has an outcome. Slots are taken in order and only once a post is ready, so
   * sends never bunch up (which would cost 429s).
   */
  async queue(
    rows: readonly LedgerRow[],
    late: (row: LedgerRow) => boolean,
  ): Promise<{ readonly settled: Promise<DeliveryOutcome[]> }> {
    const pending: Promise<DeliveryOutcome>[] = [];
    const ordered = roundRobinByChat(rows);
    for (const row of ordered) this.holding.add(row.key);
    const letGo = (row: LedgerRow, outcome: Promise<DeliveryOutcome>) =>
      outcome.finally(() => this.holding.delete(row.key));
    for (let start = 0; start < ordered.length; start += PREPARE_AHEAD) {
      // Composing is synchronous SQLite work: let due send timers run every few rows, so a
      // large batch never holds the event loop long enough to make sends bunch up.
      if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      // A few rows are composed at once (on PostgreSQL each reads the store over the network),
      // then take their slots in the batch's order.
      const window = ordered.slice(start, start + PREPARE_AHEAD);
      let prepared: Awaited<ReturnType<Dispatcher['prepare']>>[];
      try {
        prepared = await Promise.all(window.map((row) => this.prepare(row, late(row))));
      } catch (error) {
        // The rows not handed on are no longer in hand: the scheduler hands them back.
        for (const row of ordered.slice(start)) this.holding.delete(row.key);
        throw error;
      }
      for (const [index, row] of window.entries()) {
        const ready = prepared[index];
        if (!ready) continue;
        // `send` takes its rate-limit slot before its first await: slots follow the batch order.
        pending.push(
          letGo(
            row,
            'outcome' in ready
              ? Promise.resolve(ready.outcome)
              : this.send(ready.adapter, row, ready.delivery, late(row)),
          ),
        );
      }
    }
    return { settled: Promise.all(pending) };
  }

  /** Composes a row, or settles it when there is nothing to send (or no one to send it). */
  private async prepare(
    row: LedgerRow,
    late: boolean,
  ): Promise<
    { readonly adapter: Adapter; readonly delivery: Delivery } | { readonly outcome: DeliveryOutcome }
  > {
    const adapter = this.adapters.get(row.platform);
    if (this.stopping || !adapter) return { outcome: await this.handBack(row) };
    try {
      const composed = await this.opts.composer.compose(row, this.opts.clock.now(), late);
      if (!composed.ok)
        return { outcome: await this.settle(row, { status: 'skipped', reason: composed.reason }) };
      return { adapter, delivery: composed.delivery };
    } catch (error) {
      // The database failing while the post was composed is not a delivery attempt: the row
      // waits and tries again, uncounted, however long the database is away.
      if (isStoreFailure(error)) {
        const message = error instanceof Error ? error.message : String(error);
        this.opts.logger.warn({ key: row.key, err: message }, 'could not compose the post; will retry');
        // Uncounted, so the wait grows with how long the post has been waiting instead.
        const overdue = Math.max(0, this.opts.clock.now() - row.due);
        const wait = Math.min(
          STORE_RETRY_CAP_MS,
          Math.max(backoffMs(1, this.opts.jitter?.() ?? Math.random()), overdue / 4),
        );
        return { outcome: await this.retry(row, this.opts.clock.now() + wait, message, false) };
      }
      // A bug or a broken row must not strand the row in `sending`: retry, then fail visibly.
      return { outcome: await this.fail(row, error, undefined) };
    }
  }

  /** Waits for the row's rate-limit slot, sends, and records the outcome. */
  private async send(
    adapter: Adapter,
    row: LedgerRow,
    delivery: Delivery,
    late: boolean,
  ): Promise<DeliveryOutcome> {
    const { clock } = this.opts;
    const address = rowAddress(row);
    const limiter = this.limiters.get(row.platform);
    let permit: SendPermit | undefined;
    if (limiter) {
      const group = delivery.mode !== 'native' && adapter.pacing?.(address) === 'group';
      const slot = limiter.reserve(clock.now(), row.chatId, group);
      if (slot - clock.now() > HOLD_LIMIT_MS) {
        // A long wait (a busy group's 20 a minute) is not held in memory: the row goes back to
        // the ledger with its next try at the slot; its own slot (`due`) does not change.
        return this.retry(row, slot, 'waiting for the platform rate limit', false);
      }
      if (slot - clock.now() >= 1) await this.sleep(slot - clock.now());
      let admission = limiter.admit(clock.now(), row.chatId, group);
      while (!admission.go && !this.stopping) {
        await this.waitOut(limiter, admission);
        admission = limiter.admit(clock.now(), row.chatId, group);
      }
      if (admission.go) permit = admission.permit;
    }
    // Stopping while this post waited for its turn: it goes back to the ledger as it was; so
    // does a post whose chat passed to another instance meanwhile (or whose heartbeat lapsed).
    if (this.stopping || (this.opts.gate && !this.opts.gate.mayDeliver(row, clock.now()))) {
      permit?.cancel();
      return this.handBack(row);
    }
    const call = this.call(adapter, row, address, delivery).finally(() => permit?.done(clock.now()));
    this.inFlight.add(call);
    try {
      const ref = await call;
      if (ref === undefined)
        return this.settle(row, { status: 'skipped', reason: 'nothing to change on the platform' });
      if (this.stopping) this.stopCounts.sent += 1;
      return this.settle(row, { status: 'sent', messageRef: ref.messageId, late });
    } catch (error) {
      if (error instanceof NotImplementedError)
        return this.settle(row, { status: 'skipped', reason: error.message });
      return this.fail(row, error, limiter);
    } finally {
      this.inFlight.delete(call);
    }
  }

  /** The adapter call for the kind's delivery mode. */
  private async call(
    adapter: Adapter,
    row: LedgerRow,
    address: Address,
    delivery: Delivery,
  ): Promise<PostedRef | undefined> {
    switch (delivery.mode) {
      case 'post':
        return adapter.post(address, delivery.message, { idempotencyKey: row.key });
      case 'pinned': {
        if (!adapter.updatePinned) throw new NotImplementedError('pinned countdowns', row.platform);
        const previous = await this.opts.ledger.lastRef(row.eventId, 'pinned', row.targetKey);
        return adapter.updatePinned(
          address,
          delivery.message,
          previous === undefined ? undefined : { messageId: previous },
        );
      }
      case 'native': {
        if (!adapter.syncNativeEvent) throw new NotImplementedError('native events', row.platform);
        const id = await adapter.syncNativeEvent(address, delivery.spec, this.opts.refs);
        return id === undefined ? undefined : { messageId: id };
      }
    }
  }

  private async fail(
    row: LedgerRow,
    error: unknown,
    limiter: RateLimiter | undefined,
  ): Promise<DeliveryOutcome> {
    const { clock, logger } = this.opts;
    const now = clock.now();
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError('transient', error instanceof Error ? error.message : String(error), {
            cause: error,
          });
    const attempts = row.attempts + 1;
    switch (failure.kind) {
      case 'rate_limited': {
        const wait = failure.retryAfterMs ?? 1_000;
        if (failure.global) limiter?.pauseUntil(now + wait);
        else limiter?.pauseChat(row.chatId, now + wait);
        logger.warn({ key: row.key, retryAfterMs: wait }, 'rate limited; the post waits');
        return this.retry(row, now + wait, `rate limited for ${wait} ms`, false);
      }
      case 'transient': {
        if (attempts >= this.opts.maxAttempts) {
          logger.error({ key: row.key, attempts, err: failure.message }, 'delivery failed for good');
          return this.settle(row, {
            status: 'failed',
            reason: `gave up after ${attempts} attempts: ${failure.message}`,
          });
        }
        logger.warn({ key: row.key, attempts, err: failure.message }, 'delivery failed; will retry');
        return this.retry(
          row,
          now + backoffMs(attempts, this.opts.jitter?.() ?? Math.random()),
          failure.message,
          true,
        );
      }
      case 'permanent': {
        const outcome = await this.settle(row, { status: 'failed', reason: failure.message });
        logger.warn(
          { key: row.key, err: failure.message, scope: failure.scope },
          'delivery refused by the platform',
        );
        if (failure.scope === 'target' && KIND_RULES[row.kind].refusalDisablesTarget)
          await this.opts.onPermanentFailure?.(row, failure);
        return outcome;
      }
    }
  }

  private async settle(row: LedgerRow, settlement: Settlement): Promise<DeliveryOutcome> {
    const at = this.opts.clock.now();
    if (!(await this.recorded(row, () => this.opts.ledger.settle(row.key, this.opts.owner, at, settlement))))
      this.lostClaim(row);
    return this.emit({ key: row.key, status: settlement.status, at }, row);
  }

  /**
   * Writes a row's outcome, trying again while the database fails: a post the platform took must
   * be recorded as sent, or it would go again. The row stays in hand meanwhile (its lease renewed
   * by the scheduler's pass), so nothing else hands it back.
   */
  private async recorded(row: LedgerRow, write: () => Promise<boolean>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        const waitMs = Math.min(RECORD_RETRY_CAP_MS, 500 * 2 ** (attempt - 1));
        this.opts.logger.warn(
          {
            key: row.key,
            attempt,
            retryInMs: waitMs,
            err: error instanceof Error ? error.message : String(error),
          },
          'could not record the outcome of a post; trying again',
        );
        await new Promise<void>((resolve) => this.opts.clock.setTimer(resolve, waitMs));
      }
    }
  }

  private async retry(
    row: LedgerRow,
    nextTry: number,
    error: string,
    countAttempt: boolean,
  ): Promise<DeliveryOutcome> {
    const at = this.opts.clock.now();
    if (
      !(await this.recorded(row, () =>
        this.opts.ledger.retry(row.key, this.opts.owner, at, { nextTry, error, countAttempt }),
      ))
    )
      this.lostClaim(row);
    return this.emit({ key: row.key, status: 'retry', at }, row);
  }

  /** Gives a claimed row back untouched (stopping, or its platform is not running). */
  private async handBack(row: LedgerRow): Promise<DeliveryOutcome> {
    const at = this.opts.clock.now();
    if (await this.recorded(row, () => this.opts.ledger.release(row.key, this.opts.owner, at))) {
      if (this.stopping) this.stopCounts.handedBack += 1;
    } else this.lostClaim(row);
    return this.emit({ key: row.key, status: 'released', at }, row);
  }

  private lostClaim(row: LedgerRow): void {
    this.opts.logger.warn(
      { key: row.key },
      'the claim on this post passed to another instance; its outcome is theirs',
    );
  }

  /**
   * Waits for a command reply's turn in the same rate budget as posts (the platform's one
   * RateLimiter), and resolves to the reply's turn when it may go now (its `answered` is called
   * once the platform answered, so the reply counts until then); undefined when it must be dropped.
   *
   * Replies yield to posts, and a late reply is worth nothing, so a reply is never queued
   * for long: it takes a slot after every post already queued, only where a group's minute
   * keeps a quarter of its budget for posts, and when that slot is more than REPLY_WAIT_LIMIT_MS
   * away (a fan-out under way, a busy group) the reply is dropped with a log line. A post that
   * becomes due later waits at most one per-chat gap behind a reply (1 s on Telegram).
   */
  async replySlot(platform: Platform, chatId: string): Promise<ReplyTurn | undefined> {
    const { clock, logger } = this.opts;
    const limiter = this.limiters.get(platform);
    if (!limiter) return this.stopping ? undefined : NO_TURN;
    const group = this.adapters.get(platform)?.pacing?.({ chatId, dm: false }) === 'group';
    const asked = clock.now();
    const deadline = asked + REPLY_WAIT_LIMIT_MS;
    const slot = limiter.reserveReply(asked, chatId, group, {
      maxWaitMs: REPLY_WAIT_LIMIT_MS,
      groupShare: REPLY_GROUP_SHARE_FOR_POSTS,
    });
    const drop = (why: string) => {
      logger.warn({ platform, chat: chatId, waitedMs: clock.now() - asked }, `command reply dropped: ${why}`);
      return undefined;
    };
    const late = `no rate-limit slot within ${REPLY_WAIT_LIMIT_MS} ms (posts first)`;
    if (slot === undefined) return drop(late);
    if (slot - clock.now() >= 1) await this.sleep(slot - clock.now());
    let admission = limiter.admit(clock.now(), chatId, group);
    while (!admission.go) {
      if (this.stopping || clock.now() + admission.waitMs > deadline)
        return drop(this.stopping ? 'stopping' : late);
      await this.waitOut(limiter, admission);
      admission = limiter.admit(clock.now(), chatId, group);
    }
    const { permit } = admission;
    if (this.stopping) {
      permit.cancel();
      return drop('stopping');
    }
    return { answered: () => permit.done(clock.now()) };
  }

  /**
   * Resolves when the platforms' queues hold less than `ms` of reserved sends, so the
   * scheduler can claim the next batch before the current one drains (no gap between them).
   */
  async backlogBelow(ms: number): Promise<void> {
    const now = this.opts.clock.now();
    const backlog = Math.max(0, ...[...this.limiters.values()].map((l) => l.busyUntil() - now));
    if (backlog > ms) await this.sleep(backlog - ms);
  }

  /**
   * Stops delivering: posts waiting for a rate-limit slot, and rows not yet composed, go
   * back to the ledger unchanged; sends already handed to a platform may finish.
   */
  stop(): void {
    this.stopping = true;
    for (const wake of this.sleepers.splice(0)) wake();
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Waits for the sends already handed to a platform, at most `timeoutMs`; true when none is left. */
  async drained(timeoutMs: number, wait: (ms: number) => Promise<void>): Promise<boolean> {
    if (this.inFlight.size === 0) return true;
    const all = Promise.allSettled([...this.inFlight]).then(() => true);
    return Promise.race([all, wait(timeoutMs).then(() => this.inFlight.size === 0)]);
  }

  stopReport(): StopReport {
    return { ...this.stopCounts };
  }

  /** Waits as the limiter said: its time, or until a send in flight is answered (whichever first). */
  private waitOut(
    limiter: RateLimiter,
    refusal: { readonly waitMs: number; readonly answers: boolean },
  ): Promise<void> {
    return refusal.answers
      ? Promise.race([limiter.nextAnswer(), this.sleep(refusal.waitMs)])
      : this.sleep(refusal.waitMs);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const handle = this.opts.clock.setTimer(() => {
        this.sleepers = this.sleepers.filter((s) => s !== wake);
        resolve();
      }, ms);
      const wake = () => {
        this.opts.clock.clearTimer(handle);
        resolve();
      };
      this.sleepers.push(wake);
    });
  }

  private emit(outcome: DeliveryOutcome, row: LedgerRow): DeliveryOutcome {
    const metrics = this.opts.metrics ?? NO_METRICS;
    metrics.postSettled(row.platform, row.kind, outcome.status);
    if (outcome.status === 'sent') metrics.postLateness(row.platform, Math.max(0, outcome.at - row.due));
    for (const listener of this.listeners) listener(outcome, row);
    return outcome;
  }
}

/**
 * Orders a batch so that one chat's posts are spread out: every chat's first post, then every
 * chat's second… A chat's second post waits for its own per-chat slot; placed behind the
 * other chats' first posts, it no longer holds them back.
 */
export function roundRobinByChat<T extends { readonly platform: string; readonly chatId: string }>(
  rows: readonly T[],
): T[] {
  const seen = new Map<string, number>();
  const ranked = rows.map((row, index) => {
    const key = `${row.platform}:${row.chatId}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    return { row, rank, index };
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.row);
}
