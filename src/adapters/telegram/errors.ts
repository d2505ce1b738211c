import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';

const GONE = [
  /bot was blocked by the user/i,
  /user is deactivated/i,
  /bot can't initiate conversation/i,
  /bot was kicked/i,
  /bot is not a member/i,
  /not enough rights/i,
  /have no rights to send/i,
  /chat_write_forbidden/i,
  /need administrator rights/i,
  /chat not found/i,
  /group chat was deactivated/i,
  /peer_id_invalid/i,
  /channel_private/i,
];

/**
 * What a Bot API failure means for the ledger row: wait (429 retry_after), retry with backoff
 * (5xx, network), or stop for good — the whole chat (blocked, kicked, gone, moved) or only
 * this message (a request Telegram refuses).
 */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof GrammyError) {
    // A self-hosted Bot API server or a proxy can echo the request URL (and its token).
    const text = redact(`${error.error_code}: ${error.description}`);
    if (error.error_code === 429) {
      return new DeliveryError('rate_limited', text, {
        retryAfterMs: (error.parameters.retry_after ?? 1) * 1000,
        cause: error,
      });
    }
    if (error.parameters.migrate_to_chat_id !== undefined) {
      return new DeliveryError('permanent', text, {
        scope: 'target',
        migrateTo: String(error.parameters.migrate_to_chat_id),
        cause: error,
      });
    }
    if (error.error_code >= 500) return new DeliveryError('transient', text, { cause: error });
    if (GONE.some((pattern) => pattern.test(error.description))) {
      return new DeliveryError('permanent', text, { scope: 'target', cause: error });
    }
    if (/message to edit not found|message can't be edited/i.test(error.description)) {
      return new DeliveryError('permanent', text, { scope: 'message', cause: error });
    }
    if (error.error_code === 401 || error.error_code === 404)
      return new DeliveryError('transient', text, { cause: error });
    return new DeliveryError('permanent', text, { scope: 'message', cause: error });
  }
  if (error instanceof HttpError) {
    // The inner fetch error can quote the request URL, which holds the token.
    const inner = error.error instanceof Error ? `: ${error.error.message}` : '';
    return new DeliveryError('transient', redact(`network: ${error.message}${inner}`), { cause: error });
  }
  return new DeliveryError('transient', redact(error instanceof Error ? error.message : String(error)), {
    cause: error,
  });
}
