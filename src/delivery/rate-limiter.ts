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
 * A send the limiter let through. It counts in every window from the moment it was admitted
 * until `done` says its answer came back, and for the window's length after that: the
 * platform counted it at some instant in between, which the sender cannot know.
 */
export interface SendPermit {
  /** The request was answered (or failed) at `at`. */
  done(at: number): void;
  /** Nothing was sent after all (stopping, the chat moved): the permit no longer counts. */
  cancel(): void;
}

/** Whether a send may go now (with its permit) or how long to wait before asking again. */
export type Admission =
  | { readonly go: true; readonly permit: SendPermit }
  /** `answers`: only sends still in flight stand in the way (nextAnswer() says when one is back). */
  | { readonly go: false; readonly waitMs: number; readonly answers: boolean };

/** How long a send that waits only for answers still in flight waits at most before asking again. */
export const IN_FLIGHT_RECHECK_MS = 1_000;

/** One admitted send: in flight until `end` is set (then counted until `end` + the window). */
interface Mark {
  end: number;
}

/**
 * Reserves send slots so that a burst stays under the platform's limits instead of
 * collecting 429s: a global rate, a per-chat spacing, and a per-group window.
 * Pure bookkeeping on the times it is given; the caller waits until the slot.
 */
export class RateLimiter {
  private nextGlobal = 0;
  private readonly nextChat = new Map<string, number>();
  private readonly groupWindow = new Map<string, number[]>();
  private sentGlobal: Mark[] = [];
  private readonly sentChat = new Map<string, Mark[]>();
  /** The part of the global rate this limiter may use (1/N with N instances on one bot: src/cluster). */
  private share = 1;
  private readonly waitingForAnswers: (() => void)[] = [];

  /**
   * Reservations are spaced `headroom` under the limit, so the flow stays smooth; the hard
   * check before each send (admit) holds the exact limit.
   */
  constructor(
    private readonly limits: RateLimits,
    private readonly headroom = 0.98,
  ) {}

  /**
   * Uses only `share` (0 < share ≤ 1) of the global rate from now on; the per-chat and per-group
   * limits stay whole (one instance sends to each chat). N instances that each hold their
   * share in every window (admit) hold the whole limit together, whatever their jitter.
   */
  setShare(share: number): void {
    this.share = Math.min(1, Math.max(Number.MIN_VALUE, share));
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
   * The last check before a send, on the times sends really leave and come back: whether a
   * send to `chatId` may go now without any window (a second overall at this instance's share,
   * a second in the chat, a minute in a group) holding more than its limit, or how long to wait.
   *
   * A request is counted by the platform at some instant between the moment it leaves and the
   * moment its answer is back; so each admitted send counts from admission until its permit's
   * `done`, plus the window. Then no window of the platform's, wherever it falls, can hold more
   * than the limit, however the requests bunch on the way (a stalled event loop, a loaded
   * machine, several instances): the sharpest send in any such window found every other one
   * already counted when it was admitted. The price is the round trip: a window is as long as
   * the window plus the platform's answer time (docs/cluster.md).
   */
  admit(now: number, chatId: string, group: boolean): Admission {
    const perSecond = Math.max(1, Math.floor(this.limits.perSecond * this.share));
    this.sentGlobal = this.sentGlobal.filter((m) => m.end > now - 1000);
    const globalWait = waitFor(this.sentGlobal, perSecond, now, 1000);
    if (globalWait !== 0) return refusal(globalWait);
    const chat = (this.sentChat.get(chatId) ?? []).filter((m) => m.end > now - 60_000);
    if (chat.length === 0) this.sentChat.delete(chatId);
    const lastSecond = chat.filter((m) => m.end > now - 1000);
    const perChat = Math.max(1, Math.floor(this.limits.perChatPerSecond));
    const chatWait = waitFor(lastSecond, perChat, now, 1000);
    if (chatWait !== 0) return refusal(chatWait);
    if (group) {
      const groupWait = waitFor(chat, this.limits.perGroupPerMinute, now, 60_000);
      if (groupWait !== 0) return refusal(groupWait);
    }
    const mark: Mark = { end: Number.POSITIVE_INFINITY };
    if (Number.isFinite(perSecond)) this.sentGlobal.push(mark);
    if (
      Number.isFinite(this.limits.perChatPerSecond) ||
      (group && Number.isFinite(this.limits.perGroupPerMinute))
    ) {
      chat.push(mark);
      this.sentChat.set(chatId, chat);
    }
    return {
      go: true,
      permit: {
        done: (at) => {
          mark.end = Math.min(mark.end, at);
          this.answered();
        },
        cancel: () => {
          mark.end = Number.NEGATIVE_INFINITY;
          this.answered();
        },
      },
    };
  }

  /** Resolves when the next send in flight is answered (or cancelled). */
  nextAnswer(): Promise<void> {
    return new Promise((resolve) => this.waitingForAnswers.push(resolve));
  }

  private answered(): void {
    for (const wake of this.waitingForAnswers.splice(0)) wake();
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

/** A refusal from waitFor's answer: a wait, or (negative) a wait for answers still in flight. */
function refusal(wait: number): Admission {
  return wait < 0
    ? { go: false, waitMs: IN_FLIGHT_RECHECK_MS, answers: true }
    : { go: false, waitMs: wait, answers: false };
}

/**
 * How long until fewer than `limit` of `marks` count in a window of `windowMs` ending after
 * `now` (0: a send may go now; -1: only sends still in flight stand in the way, which count
 * until they are done).
 */
function waitFor(marks: readonly Mark[], limit: number, now: number, windowMs: number): number {
  if (!Number.isFinite(limit)) return 0;
  const counting = marks.filter((m) => m.end > now - windowMs);
  const excess = counting.length - limit + 1;
  if (excess <= 0) return 0;
  const ends = counting
    .map((m) => m.end)
    .filter((end) => Number.isFinite(end))
    .sort((x, y) => x - y);
  const freeing = ends[excess - 1];
  return freeing === undefined ? -1 : Math.max(1, freeing + windowMs - now);
}
