/** Limits of one platform. Configuration, so that tests and benchmarks can scale them. */
export interface RateLimits {
  readonly perSecond: number;
  readonly perChatPerSecond: number;
  readonly perGroupPerMinute: number;
}

export const UNLIMITED: RateLimits = {
  perSecond: Number.POSITIVE_INFINITY,
  perChatPerSecond: Number.POSITIVE_INFINITY,
  perGroupPerMinute: Number.POSITIVE_INFINITY,
};

/**
 * Reserves send slots so that a burst stays under the platform's limits instead of
 * collecting 429s: a global rate, a per-chat spacing, and a per-group window.
 * Pure bookkeeping on the times it is given; the caller waits until the slot.
 */
export class RateLimiter {
  private nextGlobal = 0;
  private readonly nextChat = new Map<string, number>();
  private readonly groupWindow = new Map<string, number[]>();

  constructor(private readonly limits: RateLimits) {}

  /** The earliest instant ≥ now at which a message to `chatId` may go; the slot is taken. */
  reserve(now: number, chatId: string, group: boolean): number {
    const globalGap = 1000 / this.limits.perSecond;
    const chatGap = 1000 / this.limits.perChatPerSecond;
    let slot = Math.max(now, this.nextGlobal, this.nextChat.get(chatId) ?? 0);
    if (group && Number.isFinite(this.limits.perGroupPerMinute)) {
      const window = (this.groupWindow.get(chatId) ?? []).filter((t) => t > slot - 60_000);
      if (window.length >= this.limits.perGroupPerMinute) {
        slot = Math.max(slot, (window[window.length - this.limits.perGroupPerMinute] ?? slot) + 60_000);
      }
      window.push(slot);
      this.groupWindow.set(chatId, window);
    }
    if (Number.isFinite(globalGap)) this.nextGlobal = slot + globalGap;
    if (Number.isFinite(chatGap)) this.nextChat.set(chatId, slot + chatGap);
    return slot;
  }

  /** Holds every send until `until` (a 429 with retry_after on the global scope). */
  pauseUntil(until: number): void {
    this.nextGlobal = Math.max(this.nextGlobal, until);
  }

  /** Holds one chat until `until`. */
  pauseChat(chatId: string, until: number): void {
    this.nextChat.set(chatId, Math.max(this.nextChat.get(chatId) ?? 0, until));
  }
}
