import type { Adapter, Address, InboundHandlers, PostedRef } from '../../src/adapters/adapter.js';
import type { Platform } from '../../src/core/types.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import { renderPlain } from '../../src/messages/model.js';

export interface RecordedPost {
  readonly at: number;
  readonly address: Address;
  readonly message: OutboundMessage;
  readonly text: string;
}

/**
 * A test adapter: records what it is asked to post, and fails on demand (`failNext`) the
 * way a platform would, so delivery rules can be observed.
 */
export class RecordingAdapter implements Adapter {
  readonly posts: RecordedPost[] = [];
  private failures: ((address: Address) => Error | undefined)[] = [];
  handlers: InboundHandlers | undefined;
  /** What `connected()` says (a test takes the platform away with `online = false`). */
  online = true;

  constructor(
    readonly platform: Platform,
    private readonly now: () => number,
  ) {}

  async start(handlers: InboundHandlers): Promise<void> {
    this.handlers = handlers;
  }
  async stop(): Promise<void> {}
  connected(): boolean {
    return this.online;
  }

  /** Paces like Telegram: chats with negative ids are groups (20 a minute). */
  pacing(address: Address): 'group' | 'chat' {
    return this.platform === 'telegram' && !address.dm && address.chatId.startsWith('-') ? 'group' : 'chat';
  }

  /** Queues a failure for the next post it returns an error for. */
  failNext(failure: (address: Address) => Error | undefined): void {
    this.failures.push(failure);
  }

  async post(address: Address, message: OutboundMessage): Promise<PostedRef> {
    // The first queued failure that applies to this address is used up; others wait.
    for (const [index, rule] of this.failures.entries()) {
      const failure = rule(address);
      if (failure) {
        this.failures.splice(index, 1);
        throw failure;
      }
    }
    this.posts.push({ at: this.now(), address, message, text: renderPlain(message) });
    return { messageId: String(this.posts.length) };
  }
}
