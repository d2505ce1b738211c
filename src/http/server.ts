import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.js';
import type { HttpReply, HttpRequest, HttpRoute } from './route.js';

export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly routes: readonly HttpRoute[];
  readonly logger: Logger;
}

/** The one HTTP server in Herald's process (node:http; see docs/deploy.md for why). */
export class HttpServer {
  private server: Server | undefined;

  constructor(private readonly opts: HttpServerOptions) {}

  /** Listens; resolves with the bound port. */
  async listen(): Promise<number> {
    const server = createServer((req, res) => void this.serve(req, res));
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

  /** Stops taking connections; resolves when in-flight requests have finished. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: HttpReply;
    try {
      reply = await this.route(req);
    } catch (error) {
      this.opts.logger.error(
        { err: error instanceof Error ? error.message : String(error), path: req.url },
        'HTTP handler failed',
      );
      reply = text(500, 'Internal error\n');
    }
    const head = req.method === 'HEAD';
    const body = reply.body === undefined ? undefined : Buffer.from(reply.body);
    res.writeHead(reply.status, {
      ...(body ? { 'content-length': String(body.length) } : {}),
      ...reply.headers,
    });
    res.end(head ? undefined : body);
    if (reply.after) {
      reply
        .after()
        .catch((error: unknown) =>
          this.opts.logger.error(
            { err: error instanceof Error ? error.message : String(error), path: req.url },
            'HTTP follow-up failed',
          ),
        );
    }
  }

  private async route(req: IncomingMessage): Promise<HttpReply> {
    const url = new URL(req.url ?? '/', 'http://herald.invalid');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return text(400, 'Bad path\n');
    }
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const matching = this.opts.routes
      .map((route) => ({ route, params: match(route.path, path) }))
      .filter((m): m is { route: HttpRoute; params: Record<string, string> } => m.params !== undefined);
    if (matching.length === 0) return text(404, 'Not found\n');
    const hit = matching.find((m) => m.route.method === method);
    if (!hit) {
      const allow = [
        ...new Set(matching.flatMap((m) => (m.route.method === 'GET' ? ['GET', 'HEAD'] : [m.route.method]))),
      ];
      return {
        ...text(405, 'Method not allowed\n'),
        headers: { ...text(405, '').headers, allow: allow.join(', ') },
      };
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    let body: Buffer | undefined;
    if (hit.route.method === 'POST') {
      body = await readBody(req, hit.route.maxBody ?? 64 * 1024);
      if (body === undefined) return text(413, 'Request body too large\n');
    }
    const request: HttpRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      headers,
      params: hit.params,
      ...(body ? { body } : {}),
    };
    return hit.route.handle(request);
  }
}

function match(pattern: string | RegExp, path: string): Record<string, string> | undefined {
  if (typeof pattern === 'string') return pattern === path ? {} : undefined;
  const m = new RegExp(`^(?:${pattern.source})$`, pattern.flags).exec(path);
  if (!m) return undefined;
  return { ...(m.groups ?? {}) };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function text(status: number, body: string): HttpReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}
