import type { Adapter, PostedRef } from '../adapters/adapter.js';
import type { LedgerRow, Store } from '../calendar/store.js';
import type { Clock } from '../core/clock.js';
import { DeliveryError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Platform } from '../core/types.js';
import { localized } from '../core/types.js';
import { zoneCity } from '../core/zone.js';
import { catalog } from '../i18n/index.js';
import type { OutboundMessage } from '../messages/model.js';
import { backoffMs } from './backoff.js';
import { slotOffset } from './plan.js';
import type { Composed, PostComposer } from './post-composer.js';
import { RateLimiter, type RateLimits, UNLIMITED } from './rate-limiter.js';

/** The longest a claimed row waits in memory for its rate-limit slot (the claim lease is 120 s). */
const HOLD_LIMIT_MS = 30_000;

export interface DeliveryOutcome {
  readonly key: string;
  readonly status: 'sent' | 'retry' | 'failed' | 'skipped';
  /** When it went out, for lateness measurements. */
  readonly at: number;
}

/** Called when a platform says a chat or a person can no longer be reached. */
export type PermanentFailureHandler = (row: LedgerRow, error: DeliveryError) => Promise<void>;

export interface DispatcherOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly composer: PostComposer;
  readonly maxAttempts: number;
  readonly limits?: Partial<Record<Platform, RateLimits>>;
  readonly onPermanentFailure?: PermanentFailureHandler;
  /** Spread of retry delays in [0, 1); tests pass () => 0. */
  readonly jitter?: () => number;
}

/**
 * Sends claimed ledger rows through the adapters within each platform's limits, and
 * records every outcome in the ledger: nothing is sent twice, nothing is dropped unseen.
 */
export class Dispatcher {
  private readonly adapters = new Map<Platform, Adapter>();
  private readonly limiters = new Map<Platform, RateLimiter>();
  private sleepers: (() => void)[] = [];
  private stopping = false;
  private readonly listeners = new Set<(outcome: DeliveryOutcome, row: LedgerRow) => void>();

  constructor(private readonly opts: DispatcherOptions) {}

  register(adapter: Adapter): void {
    this.adapters.set(adapter.platform, adapter);
    this.limiters.set(adapter.platform, new RateLimiter(this.opts.limits?.[adapter.platform] ?? UNLIMITED));
  }

  platforms(): Platform[] {
    return [...this.adapters.keys()];
  }

  onOutcome(listener: (outcome: DeliveryOutcome, row: LedgerRow) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Delivers rows: each is composed in turn, then takes the next rate-limit slot and is sent
   * when its slot comes, while the following rows are composed. Slots are taken in order and
   * only once a post is ready, so sends never bunch up (which would cost 429s).
   */
  async deliverAll(
    rows: readonly LedgerRow[],
    late: (row: LedgerRow) => boolean,
  ): Promise<DeliveryOutcome[]> {
    return (await this.queue(rows, late)).settled;
  }

  /**
   * Composes the rows in turn and queues each for its rate-limit slot. Resolves once every row
   * has its slot (so the caller can see the queue's real length); `settled` resolves when
   * every row has an outcome.
   */
  async queue(
    rows: readonly LedgerRow[],
    late: (row: LedgerRow) => boolean,
  ): Promise<{ readonly settled: Promise<DeliveryOutcome[]> }> {
    const pending: Promise<DeliveryOutcome>[] = [];
    for (const [index, row] of roundRobinByChat(rows).entries()) {
      // Composing is synchronous SQLite work: let due send timers run every few rows, so a
      // large batch never holds the event loop long enough to make sends bunch up.
      if (index % 8 === 7) await new Promise<void>((resolve) => setImmediate(resolve));
      if (row.kind === 'native') {
        pending.push(this.syncNative(row));
        continue;
      }
      const prepared = await this.prepare(row, late(row));
      pending.push(
        'message' in prepared
          ? this.send(row, prepared.message, late(row))
          : Promise.resolve(prepared.outcome),
      );
    }
    return { settled: Promise.all(pending) };
  }

  async deliver(row: LedgerRow, late: boolean): Promise<DeliveryOutcome> {
    if (row.kind === 'native') return this.syncNative(row);
    const prepared = await this.prepare(row, late);
    return 'message' in prepared ? this.send(row, prepared.message, late) : prepared.outcome;
  }

  /** Composes a row's message, or settles the row when there is nothing to send. */
  private async prepare(
    row: LedgerRow,
    late: boolean,
  ): Promise<{ readonly message: OutboundMessage } | { readonly outcome: DeliveryOutcome }> {
    const { store, clock } = this.opts;
    if (!this.adapters.has(row.platform)) {
      // The platform stopped since the claim: give the row back untouched.
      await store.retryLater(row.key, clock.now(), row.due, 'adapter not running', false);
      return { outcome: this.emit({ key: row.key, status: 'retry', at: clock.now() }, row) };
    }
    let composed: Composed;
    try {
      composed = await this.opts.composer.compose(row, clock.now(), late);
    } catch (error) {
      // A bug or a broken row must not strand the row in `sending`: retry, then fail visibly.
      return { outcome: this.emit(await this.handleFailure(row, error, undefined), row) };
    }
    if (!composed.ok) {
      await store.markSkipped(row.key, clock.now(), composed.reason);
      return { outcome: this.emit({ key: row.key, status: 'skipped', at: clock.now() }, row) };
    }
    return { message: composed.message };
  }

  /** Waits for the row's rate-limit slot, sends, and records the outcome. */
  private async send(row: LedgerRow, message: OutboundMessage, late: boolean): Promise<DeliveryOutcome> {
    const { store, clock } = this.opts;
    const adapter = this.adapters.get(row.platform);
    const limiter = this.limiters.get(row.platform);
    if (limiter) {
      const group = isGroupChat(row);
      const slot = limiter.reserve(clock.now(), row.chatId, group);
      if (slot - clock.now() > HOLD_LIMIT_MS) {
        // A long wait (a busy group's 20 a minute) is not held under the claim's lease: the row
        // goes back to the ledger, due at its slot, so no instance can take it twice meanwhile.
        await store.retryLater(row.key, clock.now(), slot, 'waiting for the platform rate limit', false);
        return this.emit({ key: row.key, status: 'retry', at: clock.now() }, row);
      }
      if (slot - clock.now() >= 1) await this.sleep(slot - clock.now());
      for (let wait = limiter.admit(clock.now(), row.chatId, group); wait > 0 && !this.stopping; ) {
        await this.sleep(wait);
        wait = limiter.admit(clock.now(), row.chatId, group);
      }
    }
    if (this.stopping || !adapter) {
      // Shutting down while this post waited for its turn: it goes back to the ledger as it was.
      await store.retryLater(row.key, clock.now(), row.due, 'instance stopped before sending', false);
      return this.emit({ key: row.key, status: 'retry', at: clock.now() }, row);
    }
    try {
      const address = { chatId: row.chatId, dm: row.targetKey.includes(':dm:') };
      const ref =
        row.kind === 'pinned'
          ? await this.updatePinned(adapter, row, message)
          : await adapter.post(address, message, { idempotencyKey: row.key });
      if (ref === undefined) {
        await store.markSkipped(row.key, clock.now(), `${row.platform} cannot edit messages`);
        return this.emit({ key: row.key, status: 'skipped', at: clock.now() }, row);
      }
      const at = clock.now();
      await store.markSent(row.key, at, ref.messageId, late);
      return this.emit({ key: row.key, status: 'sent', at }, row);
    } catch (error) {
      return this.emit(await this.handleFailure(row, error, limiter), row);
    }
  }

  private async handleFailure(
    row: LedgerRow,
    error: unknown,
    limiter: RateLimiter | undefined,
  ): Promise<DeliveryOutcome> {
    const { store, clock, logger } = this.opts;
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
        await store.retryLater(row.key, now, now + wait, `rate limited for ${wait} ms`, false);
        logger.warn({ key: row.key, retryAfterMs: wait }, 'rate limited; the post waits');
        return { key: row.key, status: 'retry', at: now };
      }
      case 'transient': {
        if (attempts >= this.opts.maxAttempts) {
          await store.markFailed(row.key, now, `gave up after ${attempts} attempts: ${failure.message}`);
          logger.error({ key: row.key, attempts, err: failure.message }, 'delivery failed for good');
          return { key: row.key, status: 'failed', at: now };
        }
        const due = now + backoffMs(attempts, this.opts.jitter?.() ?? Math.random());
        await store.retryLater(row.key, now, due, failure.message, true);
        logger.warn({ key: row.key, attempts, err: failure.message }, 'delivery failed; will retry');
        return { key: row.key, status: 'retry', at: now };
      }
      case 'permanent': {
        await store.markFailed(row.key, now, failure.message);
        logger.warn(
          { key: row.key, err: failure.message, scope: failure.scope },
          'delivery refused by the platform',
        );
        if (this.opts.onPermanentFailure) await this.opts.onPermanentFailure(row, failure);
        return { key: row.key, status: 'failed', at: now };
      }
    }
  }

  /**
   * The launch as the platform's own calendar event: created on the first sync, updated on
   * each revision, cancelled with the launch, started and completed at its times. A failure
   * here (such as a missing Manage Events permission) never disables the chat's posts.
   */
  private async syncNative(row: LedgerRow): Promise<DeliveryOutcome> {
    const { store, clock } = this.opts;
    const adapter = this.adapters.get(row.platform);
    const event = await store.getEvent(row.eventId);
    if (!adapter?.syncNativeEvent || !event || event.start.kind !== 'instant') {
      await store.markSkipped(row.key, clock.now(), !event ? 'event removed' : 'no native events here');
      return this.emit({ key: row.key, status: 'skipped', at: clock.now() }, row);
    }
    const address = { chatId: row.chatId, dm: false };
    const scope = adapter.nativeScope?.(address) ?? row.chatId;
    const metaKey = `native:${row.platform}:${scope}:${row.eventId}`;
    const known = await store.getMeta(metaKey);
    const step = slotOffset(row.slot);
    const status =
      event.status === 'cancelled' || event.status === 'postponed'
        ? 'cancelled'
        : step === 'start'
          ? 'active'
          : step === 'end'
            ? 'completed'
            : 'scheduled';
    if (status === 'cancelled' && !known) {
      await store.markSkipped(row.key, clock.now(), 'no native event to cancel');
      return this.emit({ key: row.key, status: 'skipped', at: clock.now() }, row);
    }
    const t = catalog(row.locale);
    const limiter = this.limiters.get(row.platform);
    if (limiter) {
      const slot = limiter.reserve(clock.now(), row.chatId, false);
      if (slot - clock.now() >= 1) await this.sleep(slot - clock.now());
    }
    try {
      const id = await adapter.syncNativeEvent(
        address,
        {
          name: localized(event.title, t.locale),
          description: localized(event.description, t.locale),
          start: event.start.at,
          end: event.end ?? event.start.at + 2 * 3_600_000,
          location: [event.venue, event.city].filter(Boolean).join(', ') || zoneCity(event.zone),
          ...(event.image ? { image: event.image } : {}),
          status,
        },
        known,
      );
      await store.putMeta(metaKey, id);
      const at = clock.now();
      await store.markSent(row.key, at, id, false);
      return this.emit({ key: row.key, status: 'sent', at }, row);
    } catch (error) {
      const failure =
        error instanceof DeliveryError && error.kind === 'permanent'
          ? new DeliveryError('permanent', error.message, { scope: 'message', cause: error })
          : error;
      return this.emit(await this.handleFailure(row, failure, limiter), row);
    }
  }

  /**
   * A pinned countdown: the first update posts and pins the message, later ones edit it. If
   * the message is gone (deleted by an admin), it is posted and pinned again.
   */
  private async updatePinned(
    adapter: Adapter,
    row: LedgerRow,
    message: OutboundMessage,
  ): Promise<PostedRef | undefined> {
    const address = { chatId: row.chatId, dm: false };
    if (!adapter.edit || adapter.canEdit?.(address) === false) return undefined;
    const metaKey = `pinned:${row.eventId}:${row.targetKey}`;
    const known = await this.opts.store.getMeta(metaKey);
    if (known) {
      try {
        await adapter.edit(address, { messageId: known }, message);
        return { messageId: known };
      } catch (error) {
        if (!(error instanceof DeliveryError && error.kind === 'permanent' && error.scope === 'message'))
          throw error;
      }
    }
    const ref = await adapter.post(address, message);
    await this.opts.store.putMeta(metaKey, ref.messageId);
    try {
      await adapter.pin?.(address, ref);
    } catch (error) {
      // Not allowed to pin (no admin right): the message still counts down, unpinned.
      this.opts.logger.warn(
        { key: row.key, err: error instanceof Error ? error.message : String(error) },
        'could not pin',
      );
    }
    return ref;
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

  /** Wakes posts waiting for a rate-limit slot and hands them back to the ledger. */
  stop(): void {
    this.stopping = true;
    for (const wake of this.sleepers.splice(0)) wake();
  }

  private sleep(ms: number): Promise<void> {
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

function isGroupChat(row: LedgerRow): boolean {
  return !row.targetKey.includes(':dm:') && row.chatId.startsWith('-');
}
