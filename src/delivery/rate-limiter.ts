/** Limits of one platform. Configuration, so that tests and benchmarks can scale them. */
export interface RateLimits {
  readonly perSecond: number;
  readonly perChatPerSecond: number;
  readonly perGroupPerMinute: number;
}

/** How far under its share of a global limit an instance among several plans (see setShare). */
export const CLUSTER_HEADROOM = 0.95;

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
  private sentGlobal: number[] = [];
  private readonly sentChat = new Map<string, number[]>();
  /** The part of the global rate this limiter may use (1/N with N instances on one bot: src/cluster). */
  private share = 1;

  /**
   * Requests leave evenly spaced but reach the platform with network jitter, which can
   * squeeze 31 into a second it counts; planning 2 % under the limit keeps clear of 429s.
   */
  constructor(
    private readonly limits: RateLimits,
    private readonly headroom = 0.98,
  ) {}

  /**
   * Uses only `share` (0 < share ≤ 1) of the global rate from now on; the per-chat and per-group
   * limits stay whole (one instance sends to each chat). Several instances' sends reach the
   * platform with jitter of their own, which can stack in one second: below a whole share the
   * plan keeps CLUSTER_HEADROOM under it instead of the usual 2 %.
   */
  setShare(share: number): void {
    const part = Math.min(1, Math.max(Number.MIN_VALUE, share));
    this.share = part < 1 ? part * (CLUSTER_HEADROOM / this.headroom) : 1;
  }

  /** The earliest instant ≥ now at which a message to `chatId` may go; the slot is taken. */
  reserve(now: number, chatId: string, group: boolean): number {
    const slot = this.earliest(now, chatId, group, this.limits.perGroupPerMinute);
    this.take(now, slot, chatId, group);
    return slot;
  }

  /**
   * A slot for a command's reply, which yields to posts: it comes after every slot already
   * reserved (the posts queued so far); in a group it is only placed where the minute holds
   * fewer than `perGroupPerMinute × (1 − groupShare)` sends, so that share stays for posts;
   * and it is refused (undefined, nothing taken) when it would fall more than `maxWaitMs`
   * after `now`. A post that becomes due after a reply waits behind it at most one per-chat
   * gap and one global gap.
   */
  reserveReply(
    now: number,
    chatId: string,
    group: boolean,
    opts: { readonly maxWaitMs: number; readonly groupShare: number },
  ): number | undefined {
    const perMinute = Math.max(1, Math.floor(this.limits.perGroupPerMinute * (1 - opts.groupShare)));
    const slot = this.earliest(now, chatId, group, perMinute);
    if (slot - now > opts.maxWaitMs) return undefined;
    this.take(now, slot, chatId, group);
    return slot;
  }

  /** The earliest slot ≥ now under the global and per-chat spacing and `perMinute` in a group. */
  private earliest(now: number, chatId: string, group: boolean, perMinute: number): number {
    let slot = Math.max(now, this.nextGlobal, this.nextChat.get(chatId) ?? 0);
    if (group && Number.isFinite(perMinute)) {
      const window = (this.groupWindow.get(chatId) ?? []).filter((t) => t > slot - 60_000);
      if (window.length >= perMinute) {
        slot = Math.max(slot, (window[window.length - perMinute] ?? slot) + 60_000);
      }
    }
    return slot;
  }

  /** Takes `slot`: the global and per-chat spacing move past it, the group's minute counts it. */
  private take(now: number, slot: number, chatId: string, group: boolean): void {
    const globalGap = 1000 / (this.limits.perSecond * this.share * this.headroom);
    const chatGap = 1000 / (this.limits.perChatPerSecond * this.headroom);
    if (group && Number.isFinite(this.limits.perGroupPerMinute)) {
      const window = (this.groupWindow.get(chatId) ?? []).filter((t) => t > now - 60_000);
      window.push(slot);
      this.groupWindow.set(chatId, window);
    }
    if (Number.isFinite(globalGap)) this.nextGlobal = slot + globalGap;
    if (Number.isFinite(chatGap)) this.nextChat.set(chatId, slot + chatGap);
  }

  /**
   * The last check before a send, on the times sends really leave: how long to wait so that
   * no second (overall or in this chat) and no minute (in this group) holds more than its
   * limit. 0 means go now, and the send is recorded. Reservations keep the flow smooth; this
   * keeps a late burst (a busy event loop firing several timers at once) from overflowing.
   */
  admit(now: number, chatId: string, group: boolean): number {
    const perSecond = Math.max(1, Math.floor(this.limits.perSecond * this.share * this.headroom));
    this.sentGlobal = this.sentGlobal.filter((t) => t > now - 1000);
    if (Number.isFinite(perSecond) && this.sentGlobal.length >= perSecond) {
      return (this.sentGlobal[this.sentGlobal.length - perSecond] ?? now) + 1000 - now;
    }
    const chat = (this.sentChat.get(chatId) ?? []).filter((t) => t > now - 60_000);
    const lastSecond = chat.filter((t) => t > now - 1000);
    const perChat = Math.max(1, Math.floor(this.limits.perChatPerSecond));
    if (Number.isFinite(this.limits.perChatPerSecond) && lastSecond.length >= perChat) {
      return (lastSecond[lastSecond.length - perChat] ?? now) + 1000 - now;
    }
    if (
      group &&
      Number.isFinite(this.limits.perGroupPerMinute) &&
      chat.length >= this.limits.perGroupPerMinute
    ) {
      return (chat[chat.length - this.limits.perGroupPerMinute] ?? now) + 60_000 - now;
    }
    if (Number.isFinite(perSecond)) this.sentGlobal.push(now);
    if (Number.isFinite(this.limits.perChatPerSecond)) {
      chat.push(now);
      this.sentChat.set(chatId, chat);
    }
    return 0;
  }

  /** When the last reserved global slot falls. */
  busyUntil(): number {
    return this.nextGlobal;
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
