import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.js';
import type { HttpReply, HttpRequest, HttpRoute } from './route.js';
import { CONTENT_SECURITY_POLICY, securityHeaders, withNonce } from './security-headers.js';

/** How much the server takes from one client before it answers or hangs up. */
export interface HttpLimits {
  /** Time to receive a request's headers (slow-header clients are cut off). */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveTimeoutMs: number;
  /** Requests one keep-alive connection may carry before it is closed. */
  readonly maxRequestsPerSocket: number;
  /** Open connections at once; more are refused. */
  readonly maxConnections: number;
  /** Headers in one request. */
  readonly maxHeadersCount: number;
  /** Longest request target (path and query), in characters. */
  readonly maxUrlLength: number;
  /** Largest POST body when the route sets none. */
  readonly maxBody: number;
  /** How long a close waits for requests under way (and their `after` work) before cutting them. */
  readonly closeTimeoutMs: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  maxConnections: 1_024,
  maxHeadersCount: 100,
  maxUrlLength: 2_048,
  maxBody: 64 * 1024,
  closeTimeoutMs: 10_000,
};

/** Beyond a refused body's limit, what is still read (and dropped) so the client sees the 413. */
const DRAIN_AFTER_413 = 1024 * 1024;

export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly routes: readonly HttpRoute[];
  readonly logger: Logger;
  readonly limits?: Partial<HttpLimits>;
  /** Served over HTTPS behind a proxy: adds Strict-Transport-Security. */
  readonly https?: boolean;
}

/**
 * The one HTTP server in Herald's process (node:http; see docs/deploy.md for why). It does the
 * I/O and the rules every route shares: routing, HEAD wherever GET is, 404/405, path checks,
 * size limits and timeouts, security headers, errors, and a graceful close.
 */
export class HttpServer {
  private server: Server | undefined;
  private readonly limits: HttpLimits;
  private readonly headers: Readonly<Record<string, string>>;
  private closing = false;
  /** Requests being answered, and `after` work still running. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Each route with its pattern anchored once (not per request). */
  private readonly routes: readonly { readonly route: HttpRoute; readonly pattern: string | RegExp }[];

  constructor(private readonly opts: HttpServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.headers = securityHeaders({ https: opts.https ?? false });
    this.routes = opts.routes.map((route) => ({
      route,
      pattern:
        typeof route.path === 'string'
          ? route.path
          : new RegExp(`^(?:${route.path.source})$`, route.path.flags),
    }));
  }

  /** Listens; resolves with the bound port. */
  async listen(): Promise<number> {
    const limits = this.limits;
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        // How often the two timeouts above are checked (Node's default is 30 s).
        connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
      },
      (req, res) => this.track(this.serve(req, res)),
    );
    server.keepAliveTimeout = limits.keepAliveTimeoutMs;
    server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
    server.maxConnections = limits.maxConnections;
    server.maxHeadersCount = limits.maxHeadersCount;
    // A client that stops reading a reply (or sending) for this long is dropped.
    server.setTimeout(limits.requestTimeoutMs * 2);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return (server.address() as AddressInfo).port;
  }

  /**
   * Stops taking connections; resolves when the requests under way and their `after` work
   * have finished (idle keep-alive connections are closed at once, busy ones after their
   * reply). Past `closeTimeoutMs` the remaining connections are cut.
   */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.limits.closeTimeoutMs);
    });
    const finished = Promise.all([closed, this.settled()]).then(() => 'done' as const);
    if ((await Promise.race([finished, timeout])) === 'timeout') {
      this.opts.logger.warn(
        { waitedMs: this.limits.closeTimeoutMs },
        'HTTP requests still under way at close: connections cut',
      );
      server.closeAllConnections();
      await closed;
    }
    clearTimeout(timer);
  }

  private async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let request: HttpRequest | undefined;
    let nonce: string | undefined;
    let reply: HttpReply;
    try {
      const routed = await this.route(req, () => {
        nonce ??= randomBytes(16).toString('base64');
        return nonce;
      });
      request = routed.request;
      reply = routed.reply;
    } catch (error) {
      // A client that went away while sending its body: nobody to answer.
      if (req.socket.destroyed) return;
      this.opts.logger.error(
        { err: error instanceof Error ? error.message : String(error), path: safePath(req.url) },
        'HTTP handler failed',
      );
      reply = text(500, 'Internal error\n');
    }
    try {
      this.send(req, res, reply, nonce);
    } catch (error) {
      // A reply Node refuses to write (a header value with a line break…): a bug, not a crash.
      this.opts.logger.error(
        { err: error instanceof Error ? error.message : String(error), path: safePath(req.url) },
        'HTTP reply could not be written',
      );
      if (!res.headersSent) this.send(req, res, text(500, 'Internal error\n'), undefined);
      else res.destroy();
      return;
    }
    if (reply.after && request) {
      const path = request.path;
      this.track(
        reply
          .after()
          .catch((error: unknown) =>
            this.opts.logger.error(
              { err: error instanceof Error ? error.message : String(error), path },
              'HTTP follow-up failed',
            ),
          ),
      );
    }
  }

  private send(req: IncomingMessage, res: ServerResponse, reply: HttpReply, nonce: string | undefined): void {
    if (res.headersSent) return;
    const head = req.method === 'HEAD';
    const bodiless = reply.status === 304 || reply.status === 204;
    // A Buffer goes out as it is (a cached feed is not copied per request); a string is encoded once here.
    const body =
      reply.body === undefined || bodiless
        ? undefined
        : typeof reply.body === 'string'
          ? Buffer.from(reply.body)
          : reply.body;
    const headers: Record<string, string> = { ...this.headers };
    if (nonce !== undefined) headers['content-security-policy'] = withNonce(CONTENT_SECURITY_POLICY, nonce);
    Object.assign(headers, reply.headers);
    if (!bodiless) headers['content-length'] = String(body?.length ?? 0);
    // While closing, a keep-alive client is told to reconnect (elsewhere, or after the restart).
    if (this.closing) headers.connection = 'close';
    res.writeHead(reply.status, headers);
    res.end(head ? undefined : body);
  }

  private async route(
    req: IncomingMessage,
    nonce: () => string,
  ): Promise<{ readonly reply: HttpReply; readonly request?: HttpRequest }> {
    const target = req.url ?? '/';
    if (target.length > this.limits.maxUrlLength) return { reply: text(414, 'URI too long\n') };
    const parsed = parseTarget(target);
    if (parsed === undefined) return { reply: text(400, 'Bad path\n') };
    const { path, query } = parsed;
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const matching = this.routes
      .map(({ route, pattern }) => ({ route, params: match(pattern, path) }))
      .filter((m): m is { route: HttpRoute; params: Record<string, string> } => m.params !== undefined);
    if (matching.length === 0) return { reply: text(404, 'Not found\n') };
    const hit = matching.find((m) => m.route.method === method);
    if (!hit) {
      const allow = [
        ...new Set(matching.flatMap((m) => (m.route.method === 'GET' ? ['GET', 'HEAD'] : [m.route.method]))),
      ];
      const refused = text(405, 'Method not allowed\n');
      return { reply: { ...refused, headers: { ...refused.headers, allow: allow.join(', ') } } };
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const base = { method: req.method ?? 'GET', path, query, headers, params: hit.params };
    const refused = hit.route.authorize?.(base);
    if (refused) {
      if (hit.route.method === 'POST') this.drain(req, 0);
      return { reply: refused };
    }
    let body: Buffer | undefined;
    if (hit.route.method === 'POST') {
      body = await this.readBody(req, hit.route.maxBody ?? this.limits.maxBody);
      if (body === undefined) return { reply: text(413, 'Request body too large\n') };
    }
    const request: HttpRequest = {
      ...base,
      ...(body ? { body } : {}),
      get cspNonce() {
        return nonce();
      },
    };
    return { reply: await hit.route.handle(request), request };
  }

  /** The body, or undefined when it is (or says it will be) larger than `limit`. */
  private async readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      this.drain(req, 0);
      return undefined;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    return new Promise<Buffer | undefined>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          req.off('data', onData);
          req.off('end', onEnd);
          this.drain(req, size);
          resolve(undefined);
          return;
        }
        chunks.push(chunk);
      };
      const onEnd = () => resolve(Buffer.concat(chunks));
      req.on('data', onData);
      req.on('end', onEnd);
      req.once('error', reject);
      req.once('close', () => {
        if (!req.complete) reject(new Error('the client closed the connection while sending'));
      });
    });
  }

  /**
   * Reads and drops the rest of a refused body, so the client, still sending, gets to read the
   * answer (closing on it would reset the connection first); past DRAIN_AFTER_413 it is cut.
   */
  private drain(req: IncomingMessage, alreadyRead: number): void {
    let read = alreadyRead;
    req.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_AFTER_413) req.socket.destroy();
    });
    req.on('error', () => {});
  }
}

/**
 * The decoded path and the query of a request target, or undefined when it must be refused: an encoded
 * slash, backslash or NUL (which would change what the path's segments are once decoded), a
 * backslash, a `.` or `..` segment, or bad percent-encoding. Dot segments in the raw target are resolved
 * first, as browsers do, so `/e/../healthz` is `/healthz`: no path climbs above `/`.
 */
export function parseTarget(target: string): { path: string; query: URLSearchParams } | undefined {
  // The common case, a plain path with no escapes nor dot segments, needs no URL parser.
  const question = target.indexOf('?');
  const rawPath = question === -1 ? target : target.slice(0, question);
  if (PLAIN_PATH.test(rawPath) && !rawPath.includes('/.') && !rawPath.includes('//')) {
    const query = question === -1 ? new URLSearchParams() : new URLSearchParams(target.slice(question + 1));
    return { path: rawPath, query };
  }
  // WHATWG URLs read `\` as `/`: refused before parsing, not resolved.
  if (rawPath.includes('\\')) return undefined;
  let url: URL;
  try {
    url = new URL(target, 'http://herald.invalid');
  } catch {
    return undefined;
  }
  const pathname = url.pathname;
  if (/%(2f|5c|00)/i.test(pathname)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.split('/').some((segment) => segment === '.' || segment === '..')) return undefined;
  return { path: decoded, query: url.searchParams };
}

/** Characters a path may hold as it is (no escapes, no backslash, no `?`, `#` or spaces). */
const PLAIN_PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/;

/** `anchored`: an exact path, or a pattern already anchored at both ends. */
function match(anchored: string | RegExp, path: string): Record<string, string> | undefined {
  if (typeof anchored === 'string') return anchored === path ? {} : undefined;
  const m = anchored.exec(path);
  if (!m) return undefined;
  return { ...(m.groups ?? {}) };
}

/** The path of a request target for a log line (never its query, which may carry a token). */
function safePath(target: string | undefined): string {
  return (target ?? '/').split('?')[0] ?? '/';
}

export function text(status: number, body: string): HttpReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}
