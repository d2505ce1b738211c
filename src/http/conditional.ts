import { createHash } from 'node:crypto';
import type { HttpReply, HttpRequest } from './route.js';

/** What identifies a version of a representation (RFC 9110 §8.8). */
export interface Validators {
  /** An entity tag with its quotes, strong (`"abc"`) or weak (`W/"abc"`); see `etagOf`. */
  readonly etag?: string;
  /** When the representation last changed, in epoch ms (sent, and compared, to the second). */
  readonly lastModified?: number;
}

/** A strong entity tag for these exact bytes: `"<sha-1, base64url>"`. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/** Headers a 304 repeats from the full reply (RFC 9110 §15.4.5). */
const KEPT_ON_304 = ['cache-control', 'content-location', 'expires', 'vary'];

/**
 * The reply to a GET or HEAD for a representation with these validators: `full` with ETag and
 * Last-Modified added, or 304 Not Modified (no body; the validators and caching headers kept)
 * when the client's copy is current. If-None-Match decides when present (weak comparison,
 * `*` matches anything); If-Modified-Since only without it (RFC 9110 §13.2.2). Other methods
 * get `full` unchanged apart from the validators.
 */
export function conditional(request: HttpRequest, full: HttpReply, validators: Validators): HttpReply {
  const headers: Record<string, string> = { ...full.headers };
  if (validators.etag !== undefined) headers.etag = validators.etag;
  if (validators.lastModified !== undefined)
    headers['last-modified'] = new Date(validators.lastModified).toUTCString();
  const withValidators: HttpReply = { ...full, headers };
  if (full.status !== 200 || (request.method !== 'GET' && request.method !== 'HEAD')) return withValidators;
  if (!notModified(request, validators)) return withValidators;
  const kept: Record<string, string> = {};
  for (const name of ['etag', 'last-modified', ...KEPT_ON_304]) {
    const value = headers[name];
    if (value !== undefined) kept[name] = value;
  }
  return { status: 304, headers: kept };
}

function notModified(request: HttpRequest, validators: Validators): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (validators.etag === undefined) return false;
    const mine = opaque(validators.etag);
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim())
      .some((tag) => tag === '*' || opaque(tag) === mine);
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined || validators.lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false;
  return Math.floor(validators.lastModified / 1000) <= Math.floor(since / 1000);
}

/** The tag without its weakness marker: weak comparison (RFC 9110 §8.8.3.2). */
function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
