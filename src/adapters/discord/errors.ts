import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';

/** Discord error codes that mean the bot can no longer post to that channel or person. */
const TARGET_GONE: Readonly<Record<number, string>> = {
  10003: 'unknown channel',
  10013: 'unknown user',
  50001: 'missing access (the bot cannot see the channel: View Channel)',
  50013: 'missing permissions (Send Messages and Embed Links are needed)',
  50007: 'cannot send messages to this user (DMs closed)',
  50278: 'cannot send messages to this user',
};

/** What a Discord failure means for the ledger row: wait, retry with backoff, or stop for good. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof RateLimitError) {
    return new DeliveryError(
      'rate_limited',
      redact(`rate limited on ${error.route}${error.global ? ' (global)' : ''}`),
      {
        retryAfterMs: error.retryAfter,
        global: error.global,
        cause: error,
      },
    );
  }
  if (error instanceof DiscordAPIError) {
    const code = Number(error.code);
    // A proxy in front of Discord can echo the request (and its Authorization header).
    const text = redact(`${error.status} ${code}: ${TARGET_GONE[code] ?? error.message}`);
    if (error.status === 429)
      return new DeliveryError('rate_limited', text, { retryAfterMs: 1000, cause: error });
    if (error.status >= 500) return new DeliveryError('transient', text, { cause: error });
    if (TARGET_GONE[code]) return new DeliveryError('permanent', text, { scope: 'target', cause: error });
    return new DeliveryError('permanent', text, { scope: 'message', cause: error });
  }
  if (error instanceof HTTPError)
    return new DeliveryError('transient', `HTTP ${error.status}`, { cause: error });
  return new DeliveryError('transient', redact(error instanceof Error ? error.message : String(error)), {
    cause: error,
  });
}
