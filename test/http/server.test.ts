import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import type { HttpRequest, HttpRoute } from '../../src/http/route.js';
import type { HttpLimits } from '../../src/http/server.js';
import { HttpServer, parseTarget, text } from '../../src/http/server.js';
import { raw } from './raw-http.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(routes: HttpRoute[], limits: Partial<HttpLimits> = {}, https = false): Promise<number> {
  server = new HttpServer({ host: '127.0.0.1', port: 0, routes, logger: silentLogger(), limits, https });
  return server.listen();
}

const seen: HttpRequest[] = [];
const page: HttpRoute = {
  method: 'GET',
  path: '/',
  handle: (request) => {
    seen.push(request);
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<p>héllo</p>' };
  },
};
const feed: HttpRoute = {
  method: 'GET',
  path: /\/e\/(?<id>[^/]+)\.ics/,
  handle: (request) => {
    seen.push(request);
    return text(200, `event ${request.params.id}`);
  },
};
const hook: HttpRoute = {
  method: 'POST',
  path: '/hook',
  maxBody: 1024,
  handle: (request) => text(200, `got ${request.body?.length ?? 0} bytes`),
};

describe('the HTTP server', () => {
  it('puts the security headers on every reply: pages, errors, refusals', async () => {
    const port = await serve([
      page,
      hook,
      {
        method: 'GET',
        path: '/boom',
        handle: () => {
          throw new Error('database password is hunter2');
        },
      },
    ]);
    for (const [method, path, status] of [
      ['GET', '/', 200],
      ['GET', '/nowhere', 404],
      ['POST', '/', 405],
      ['GET', '/boom', 500],
      ['GET', '/%E0%A4%A', 400],
    ] as const) {
      const reply = await raw(port, method, path);
      expect(reply.status, `${method} ${path}`).toBe(status);
      expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
      expect(reply.headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
      expect(reply.headers['x-frame-options']).toBe('DENY');
      expect(reply.headers['strict-transport-security']).toBeUndefined();
      if (status === 500) expect(reply.body).toBe('Internal error\n');
    }
  });

  it('tells browsers to keep to HTTPS when served over HTTPS', async () => {
    const port = await serve([page], {}, true);
    expect((await raw(port, 'GET', '/')).headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('allows a fresh nonce in the policy for a reply that read it, and only then', async () => {
    const inline: HttpRoute = {
      method: 'GET',
      path: '/inline',
      handle: (request) => ({
        status: 200,
        headers: { 'content-type': 'text/html' },
        body: `<script nonce="${request.cspNonce}">tick()</script>`,
      }),
    };
    const port = await serve([page, inline]);
    const first = await raw(port, 'GET', '/inline');
    const second = await raw(port, 'GET', '/inline');
    const nonce = /nonce="([^"]+)"/.exec(first.body)?.[1] ?? '';
    expect(nonce.length).toBeGreaterThanOrEqual(20);
    expect(first.headers['content-security-policy']).toContain(`script-src 'self' 'nonce-${nonce}'`);
    expect(first.headers['content-security-policy']).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(second.headers['content-security-policy']).not.toContain(nonce);
    expect((await raw(port, 'GET', '/')).headers['content-security-policy']).not.toContain('nonce-');
  });

  it('answers HEAD wherever GET is: the same status and headers, no body', async () => {
    const port = await serve([page, feed, hook]);
    const get = await raw(port, 'GET', '/');
    const head = await raw(port, 'HEAD', '/');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength('<p>héllo</p>')));
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect((await raw(port, 'HEAD', '/e/mi8-fr.ics')).status).toBe(200);
    const headOnPost = await raw(port, 'HEAD', '/hook');
    expect(headOnPost.status).toBe(405);
    expect(headOnPost.headers.allow).toBe('POST');
  });

  it('refuses a method a path does not take with 405 and the methods it does take', async () => {
    const port = await serve([page, hook]);
    const post = await raw(port, 'POST', '/', { body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const put = await raw(port, 'PUT', '/hook', { body: 'x' });
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('POST');
    expect((await raw(port, 'DELETE', '/nowhere')).status).toBe(404);
  });

  it('takes a POST body up to the route’s limit and refuses a larger one with 413, declared or streamed', async () => {
    const port = await serve([hook]);
    expect(await raw(port, 'POST', '/hook', { body: 'a'.repeat(1024) })).toMatchObject({
      status: 200,
      body: 'got 1024 bytes',
    });
    expect((await raw(port, 'POST', '/hook', { body: 'a'.repeat(1025) })).status).toBe(413);
    // No Content-Length: the server counts as it reads, and stops at the limit.
    const streamed = await raw(port, 'POST', '/hook', { body: 'a'.repeat(200_000), chunked: true });
    expect(streamed.status).toBe(413);
    expect(streamed.body).toBe('Request body too large\n');
  });

  it('uses its default body limit for a route that sets none', async () => {
    const open: HttpRoute = { method: 'POST', path: '/open', handle: () => text(204, '') };
    const port = await serve([open], { maxBody: 10 });
    expect((await raw(port, 'POST', '/open', { body: '0123456789' })).status).toBe(204);
    expect((await raw(port, 'POST', '/open', { body: '0123456789!' })).status).toBe(413);
  });

  it('never lets a path climb out of its route: dot segments resolve at /, encoded separators are refused', async () => {
    seen.length = 0;
    const port = await serve([page, feed]);
    for (const path of [
      '/e/..%2f..%2fetc%2fpasswd.ics',
      '/e/..%2F..%2Fetc%2Fpasswd.ics',
      '/e/..%5c..%5cwindows%5cwin.ini.ics',
      '/e/a%00.ics',
      '/e/..\\..\\etc\\passwd.ics',
    ]) {
      expect((await raw(port, 'GET', path)).status, path).toBe(400);
    }
    // Resolved like a browser would, these name paths no route serves.
    for (const path of ['/e/../../etc/passwd', '/e/%2e%2e/%2e%2e/etc/passwd', '/../../../etc/passwd']) {
      expect((await raw(port, 'GET', path)).status, path).toBe(404);
    }
    // …or the page itself: never anything above /.
    expect((await raw(port, 'GET', '/e/../')).status).toBe(200);
    expect(
      seen.every((r) => !r.path.includes('..') && !Object.values(r.params).some((v) => v.includes('/'))),
    ).toBe(true);
  });

  it('reads a target as the WHATWG URL parser would, with or without escapes', () => {
    for (const target of [
      '/',
      '/e/mi8-fr.ics?lang=fr&tag=mi8&tag=x',
      '/calendar.ics?lang=fr%20x&q=a+b',
      "/a/b;c=d/@~!$&'()*+,=:",
      '/caf%C3%A9/x',
      '/a//b',
      '/a/./b',
      '/a/b/../c?x=1',
      '/.well-known/x',
    ]) {
      const url = new URL(target, 'http://herald.invalid');
      const parsed = parseTarget(target);
      expect(parsed?.path, target).toBe(decodeURIComponent(url.pathname));
      expect([...(parsed?.query ?? [])], target).toEqual([...url.searchParams]);
    }
  });

  it('refuses an over-long request target with 414', async () => {
    const port = await serve([page], { maxUrlLength: 100 });
    expect((await raw(port, 'GET', `/?q=${'a'.repeat(100)}`)).status).toBe(414);
    expect((await raw(port, 'GET', `/?q=${'a'.repeat(50)}`)).status).toBe(200);
  });

  it('passes the decoded path, the query and lower-case headers to the route', async () => {
    seen.length = 0;
    const port = await serve([feed]);
    await raw(port, 'GET', '/e/mi8%20fr.ics?lang=fr&tag=mi8', { headers: { 'Accept-Language': 'it' } });
    const [request] = seen;
    expect(request?.params).toEqual({ id: 'mi8 fr' });
    expect(request?.query.get('lang')).toBe('fr');
    expect(request?.headers['accept-language']).toBe('it');
  });

  it('checks a route’s authorization before reading its body', async () => {
    let handled = 0;
    const guarded: HttpRoute = {
      method: 'POST',
      path: '/guarded',
      maxBody: 10,
      authorize: (request) =>
        request.headers['x-secret'] === 'yes' ? undefined : text(401, 'Unauthorized\n'),
      handle: () => {
        handled += 1;
        return text(200, 'ok');
      },
    };
    const port = await serve([guarded]);
    expect((await raw(port, 'POST', '/guarded', { body: 'x'.repeat(5000) })).status).toBe(401);
    expect((await raw(port, 'POST', '/guarded', { body: 'x', headers: { 'x-secret': 'no' } })).status).toBe(
      401,
    );
    expect(handled).toBe(0);
    expect((await raw(port, 'POST', '/guarded', { body: 'x', headers: { 'x-secret': 'yes' } })).status).toBe(
      200,
    );
    expect(handled).toBe(1);
  });

  it('runs `after` work once the reply is out, and a close waits for requests and work under way', async () => {
    const events: string[] = [];
    let openGate: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const slow: HttpRoute = {
      method: 'GET',
      path: '/slow',
      handle: async () => {
        events.push('handling');
        await gate;
        return {
          ...text(200, 'done'),
          after: async () => {
            events.push('after started');
            await new Promise((resolve) => setImmediate(resolve));
            events.push('after finished');
          },
        };
      },
    };
    const port = await serve([slow, page]);
    const pending = raw(port, 'GET', '/slow');
    while (!events.includes('handling')) await new Promise((resolve) => setImmediate(resolve));
    const closing = (server as HttpServer).close().then(() => events.push('closed'));
    // No new connections once closing.
    await expect(raw(port, 'GET', '/')).rejects.toThrow(/ECONNREFUSED/);
    expect(events).not.toContain('closed');
    openGate();
    const reply = await pending;
    await closing;
    expect(reply).toMatchObject({ status: 200, body: 'done' });
    expect(reply.headers.connection).toBe('close');
    expect(events).toEqual(['handling', 'after started', 'after finished', 'closed']);
    server = undefined;
  });

  it('cuts off a client that sends its headers too slowly (408)', async () => {
    const port = await serve([page], { headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n'));
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString('utf8');
      });
      socket.on('close', () => resolve(data));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
