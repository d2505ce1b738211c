import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { conditional, etagOf } from '../../src/http/conditional.js';
import type { HttpReply, HttpRequest, HttpRoute } from '../../src/http/route.js';
import { HttpServer } from '../../src/http/server.js';
import { raw } from './raw-http.js';

const BODY = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n';
const CHANGED = Date.parse('2018-05-14T08:30:15.250Z');
const FULL: HttpReply = {
  status: 200,
  headers: {
    'content-type': 'text/calendar; charset=utf-8',
    'cache-control': 'public, max-age=60',
    vary: 'Accept-Language',
  },
  body: BODY,
};

function get(headers: Record<string, string> = {}, method = 'GET'): HttpRequest {
  return { method, path: '/calendar.ics', query: new URLSearchParams(), headers, params: {} };
}

describe('conditional requests', () => {
  const etag = etagOf(BODY);

  it('gives a strong tag that changes with the bytes', () => {
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf(Buffer.from(BODY))).toBe(etag);
    expect(etagOf(`${BODY} `)).not.toBe(etag);
  });

  it('sends the full reply with ETag and Last-Modified to a client without a copy', () => {
    const reply = conditional(get(), FULL, { etag, lastModified: CHANGED });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(BODY);
    expect(reply.headers).toMatchObject({ etag, 'last-modified': 'Mon, 14 May 2018 08:30:15 GMT' });
  });

  it('answers 304 without a body when If-None-Match names the current tag (weakly, in a list, or *)', () => {
    for (const ifNoneMatch of [etag, `W/${etag}`, `"old", ${etag}`, '*']) {
      const reply = conditional(get({ 'if-none-match': ifNoneMatch }), FULL, { etag, lastModified: CHANGED });
      expect(reply.status, ifNoneMatch).toBe(304);
      expect(reply.body).toBeUndefined();
      expect(reply.headers).toEqual({
        etag,
        'last-modified': 'Mon, 14 May 2018 08:30:15 GMT',
        'cache-control': 'public, max-age=60',
        vary: 'Accept-Language',
      });
    }
    expect(conditional(get({ 'if-none-match': '"old"' }), FULL, { etag }).status).toBe(200);
  });

  it('lets If-None-Match decide over If-Modified-Since', () => {
    const reply = conditional(
      get({ 'if-none-match': '"old"', 'if-modified-since': 'Tue, 15 May 2018 00:00:00 GMT' }),
      FULL,
      { etag, lastModified: CHANGED },
    );
    expect(reply.status).toBe(200);
  });

  it('compares If-Modified-Since to the second', () => {
    const validators = { lastModified: CHANGED };
    expect(
      conditional(get({ 'if-modified-since': 'Mon, 14 May 2018 08:30:15 GMT' }), FULL, validators).status,
    ).toBe(304);
    expect(
      conditional(get({ 'if-modified-since': 'Mon, 14 May 2018 08:30:14 GMT' }), FULL, validators).status,
    ).toBe(200);
    expect(conditional(get({ 'if-modified-since': 'yesterday-ish' }), FULL, validators).status).toBe(200);
  });

  it('answers HEAD like GET, and leaves errors and other methods alone', () => {
    expect(conditional(get({ 'if-none-match': etag }, 'HEAD'), FULL, { etag }).status).toBe(304);
    expect(conditional(get({ 'if-none-match': etag }, 'POST'), FULL, { etag }).status).toBe(200);
    const missing: HttpReply = { status: 404, body: 'no' };
    expect(conditional(get({ 'if-none-match': '*' }), missing, { etag }).status).toBe(404);
  });

  describe('through the server', () => {
    let server: HttpServer | undefined;
    afterEach(async () => {
      await server?.close();
    });

    it('sends 304 with no body and the security headers, and a second GET with the tag gets it', async () => {
      const route: HttpRoute = {
        method: 'GET',
        path: '/calendar.ics',
        handle: (request) => conditional(request, FULL, { etag, lastModified: CHANGED }),
      };
      server = new HttpServer({ host: '127.0.0.1', port: 0, routes: [route], logger: silentLogger() });
      const port = await server.listen();
      const first = await raw(port, 'GET', '/calendar.ics');
      expect(first.status).toBe(200);
      const again = await raw(port, 'GET', '/calendar.ics', {
        headers: { 'if-none-match': String(first.headers.etag) },
      });
      expect(again.status).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers['content-length']).toBeUndefined();
      expect(again.headers['x-content-type-options']).toBe('nosniff');
      const since = await raw(port, 'HEAD', '/calendar.ics', {
        headers: { 'if-modified-since': String(first.headers['last-modified']) },
      });
      expect(since.status).toBe(304);
    });
  });
});
