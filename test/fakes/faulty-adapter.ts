import type {
  Adapter,
  Address,
  InboundHandlers,
  PostedRef,
  PostOptions,
} from '../../src/adapters/adapter.js';
import { DeliveryError } from '../../src/core/errors.js';
import type { Platform } from '../../src/core/types.js';
import type { OutboundMessage } from '../../src/messages/model.js';

/** What a platform can do to one send. */
export type Fault =
  | { readonly type: 'rate_limited'; readonly retryAfterMs: number }
  | { readonly type: 'server_error' }
  | { readonly type: 'dropped' }
  /** The platform posted it, but the answer never came back: the sender sees a network error. */
  | { readonly type: 'answer_lost' }
  | { readonly type: 'kicked' }
  | { readonly type: 'moved'; readonly to: string }
  | { readonly type: 'bad_request' }
  /** The send never returns (the process dies while it waits); `accepted`: the platform posted it. */
  | { readonly type: 'hang'; readonly accepted: boolean };

/**
 * A platform for model-based tests: records every post by its ledger key, and answers the
 * faults queued for a chat, one per send, in order.
 */
export class FaultyAdapter implements Adapter {
  /** Every post the platform accepted, by ledger key (a key twice is a duplicate). */
  readonly delivered = new Map<string, number>();
  /** Duplicates a fault allows: an accepted send whose answer was lost is retried. */
  readonly allowance = new Map<string, number>();
  /** Keys of permanent failures the platform gave, with the fault. */
  readonly refused = new Map<string, Fault['type']>();
  private readonly faults = new Map<string, Fault[]>();
  hung = 0;

  constructor(readonly platform: Platform) {}

  async start(_handlers: InboundHandlers): Promise<void> {}
  async stop(): Promise<void> {}

  inject(chatId: string, fault: Fault): void {
    this.faults.set(chatId, [...(this.faults.get(chatId) ?? []), fault]);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  pacing(address: Address): 'group' | 'chat' {
    return this.platform === 'telegram' && !address.dm && address.chatId.startsWith('-') ? 'group' : 'chat';
  }

  async post(address: Address, _message: OutboundMessage, options: PostOptions = {}): Promise<PostedRef> {
    const key = options.idempotencyKey ?? '?';
    const fault = this.faults.get(address.chatId)?.shift();
    const accept = () => this.delivered.set(key, (this.delivered.get(key) ?? 0) + 1);
    const allow = () => this.allowance.set(key, (this.allowance.get(key) ?? 0) + 1);
    switch (fault?.type) {
      case undefined:
        accept();
        return { messageId: `${key}#${this.delivered.get(key)}` };
      case 'rate_limited':
        throw new DeliveryError('rate_limited', '429: Too Many Requests', {
          retryAfterMs: fault.retryAfterMs,
        });
      case 'server_error':
        throw new DeliveryError('transient', '502: Bad Gateway');
      case 'dropped':
        throw new Error('socket hang up');
      case 'answer_lost':
        accept();
        allow();
        throw new Error('read ECONNRESET');
      case 'kicked':
        this.refused.set(key, fault.type);
        throw new DeliveryError('permanent', '403: Forbidden: bot was kicked from the group chat', {
          scope: 'target',
        });
      case 'moved':
        this.refused.set(key, fault.type);
        throw new DeliveryError(
          'permanent',
          '400: Bad Request: group chat was upgraded to a supergroup chat',
          {
            scope: 'target',
            migrateTo: fault.to,
          },
        );
      case 'bad_request':
        this.refused.set(key, fault.type);
        throw new DeliveryError('permanent', "400: Bad Request: can't parse entities", { scope: 'message' });
      case 'hang':
        if (fault.accepted) {
          accept();
          allow();
        }
        this.hung += 1;
        return new Promise<PostedRef>(() => {});
    }
  }
}
