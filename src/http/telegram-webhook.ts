import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { registerSecret } from '../core/redact.js';
import type { RefStore } from '../ledger/store.js';
import type { HttpReply, HttpRoute } from './route.js';
import { text } from './server.js';

/** The header Telegram sends the webhook's secret token in. */
export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Telegram's updates are a few kilobytes; this leaves room for the largest and no more. */
export const WEBHOOK_MAX_BODY = 256 * 1024;

/** Where a generated secret is kept, so a restart registers the same one. */
const SECRET_REF = 'telegram:webhook-secret';

/** The Telegram adapter in webhook mode, as the route sees it (no grammY type here). */
export interface UpdateReceiver {
  /** False until setWebhook succeeded (and after stop): the route answers 503, Telegram retries. */
  acceptsUpdates(): boolean;
  receiveUpdate(update: unknown): Promise<void>;
}

export interface WebhookRouteOptions {
  /** The path of TELEGRAM_WEBHOOK_URL, as requests reach Herald. */
  readonly path: string;
  readonly secretToken: string;
  /** The adapter, once it exists. */
  readonly receiver: () => UpdateReceiver | undefined;
  readonly maxBody?: number;
}

/**
 * `POST <path>`: one update from Telegram. A request without the secret token gets 401 before
 * its body is read (compared in constant time); a body over the limit 413; anything else that
 * is an update gets 200 at once, and is handled after the reply is out (a slow command never
 * holds Telegram's connection, which would make it resend the update).
 */
export function telegramWebhookRoute(opts: WebhookRouteOptions): HttpRoute {
  const expected = digest(opts.secretToken);
  const unavailable: HttpReply = {
    ...text(503, 'Not ready for updates\n'),
    headers: { ...text(503, '').headers, 'retry-after': '5' },
  };
  return {
    method: 'POST',
    path: opts.path,
    maxBody: opts.maxBody ?? WEBHOOK_MAX_BODY,
    authorize(request) {
      // Digests of equal length: the comparison takes the same time whatever was sent.
      const given = digest(request.headers[SECRET_HEADER] ?? '');
      return timingSafeEqual(given, expected) ? undefined : text(401, 'Unauthorized\n');
    },
    handle(request) {
      const receiver = opts.receiver();
      if (!receiver?.acceptsUpdates()) return unavailable;
      let update: unknown;
      try {
        update = JSON.parse(request.body?.toString('utf8') ?? '');
      } catch {
        return text(400, 'Not JSON\n');
      }
      if (typeof (update as { update_id?: unknown } | null)?.update_id !== 'number')
        return text(400, 'Not a Telegram update\n');
      return { status: 200, after: () => receiver.receiveUpdate(update) };
    },
  };
}

/**
 * The webhook's secret token: TELEGRAM_WEBHOOK_SECRET when set; else the one a previous start
 * generated and kept in the store; else a new random one, kept there. Registered for
 * redaction either way.
 */
export async function webhookSecret(configured: string | undefined, refs: RefStore): Promise<string> {
  let secret = configured ?? (await refs.get(SECRET_REF));
  if (secret === undefined) {
    // 32 random bytes in Telegram's alphabet for secret tokens (A-Z a-z 0-9 _ -).
    secret = randomBytes(32).toString('base64url');
    await refs.put(SECRET_REF, secret);
  }
  registerSecret(secret);
  return secret;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
