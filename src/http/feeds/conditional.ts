import { conditional, etagOf } from '../conditional.js';
import type { HttpReply, HttpRequest } from '../route.js';

/**
 * A body served with its validators: the strong ETag of its bytes and when they last changed.
 * Built once per cached artifact, so a request costs a header comparison (the shared helper,
 * src/http/conditional.ts, decides 304 or 200).
 */
export interface Validated {
  readonly body: Buffer;
  readonly etag: string;
  /** When these bytes were first served (ms, to the second: HTTP dates have no more). */
  readonly lastModified: number;
}

export function validated(body: string | Buffer, lastModified: number): Validated {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return { body: bytes, etag: etagOf(bytes), lastModified: Math.floor(lastModified / 1000) * 1000 };
}

/** Keeps the older validators when the bytes are the same (a rebuild that changed nothing). */
export function sameOrNewer(previous: Validated | undefined, next: Validated): Validated {
  return previous !== undefined && previous.etag === next.etag ? previous : next;
}

/**
 * The reply for a cached artifact: 304 with its validators and caching headers when the client
 * has it, else 200 with the body. `headers` are the artifact's own (content type, caching, Vary).
 */
export function conditionalReply(
  request: HttpRequest,
  v: Validated,
  headers: Readonly<Record<string, string>>,
): HttpReply {
  return conditional(
    request,
    { status: 200, headers, body: v.body },
    { etag: v.etag, lastModified: v.lastModified },
  );
}

/** A plain-text 404 (a launch that is not public is not found: its existence is not told either). */
export function notFound(message: string): HttpReply {
  return {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' },
    body: `${message}\n`,
  };
}
