import { createHash } from 'node:crypto';
import type { HttpReply, HttpRequest } from '../route.js';

/**
 * A body served with its validators: the strong ETag of its bytes and when it last changed.
 * Built once per cached artifact, so a request costs a header comparison.
 */
export interface Validated {
  readonly body: Buffer;
  readonly etag: string;
  /** When these bytes were first served (ms), shown to the second as HTTP dates are. */
  readonly lastModified: number;
  /** `Last-Modified` as an HTTP date. */
  readonly lastModifiedHttp: string;
}

export function validated(body: string | Buffer, lastModified: number): Validated {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const digest = createHash('sha256').update(bytes).digest('base64url').slice(0, 27);
  const second = Math.floor(lastModified / 1000) * 1000;
  return { body: bytes, etag: `"${digest}"`, lastModified: second, lastModifiedHttp: httpDate(second) };
}

/** Keeps the older validators when the bytes are the same (a rebuild that changed nothing). */
export function sameOrNewer(previous: Validated | undefined, next: Validated): Validated {
  return previous !== undefined && previous.etag === next.etag ? previous : next;
}

export function httpDate(at: number): string {
  return new Date(at).toUTCString();
}

/**
 * Whether the client's copy is current (RFC 9110 §13.1): `If-None-Match` when sent (weak
 * comparison, `*` matches anything), else `If-Modified-Since` against the last change.
 */
export function notModified(request: Pick<HttpRequest, 'headers'>, v: Validated): boolean {
  const match = request.headers['if-none-match'];
  if (match !== undefined) {
    const tags = match.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(v.etag);
  }
  const since = request.headers['if-modified-since'];
  if (since === undefined) return false;
  const at = Date.parse(since);
  return Number.isFinite(at) && v.lastModified <= at;
}

/**
 * The reply for a cached artifact: 304 with its validators and caching headers when the client
 * has it, else 200 with the body. `headers` are the artifact's own (content type, caching, Vary).
 */
export function conditionalReply(
  request: Pick<HttpRequest, 'headers'>,
  v: Validated,
  headers: Readonly<Record<string, string>>,
): HttpReply {
  const validators = { etag: v.etag, 'last-modified': v.lastModifiedHttp };
  if (notModified(request, v)) {
    const { 'content-type': _type, 'content-language': _language, ...kept } = headers;
    return { status: 304, headers: { ...kept, ...validators } };
  }
  return { status: 200, headers: { ...headers, ...validators }, body: v.body };
}

/** A plain-text 404 (a launch that is not public is not found: its existence is not told either). */
export function notFound(message: string): HttpReply {
  return {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' },
    body: `${message}\n`,
  };
}
