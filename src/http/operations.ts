import { timingSafeEqual } from 'node:crypto';
import { type Readiness, type ReadinessSources, readiness } from './readiness.js';
import type { HttpReply, HttpRoute } from './route.js';
import { text } from './server.js';

/** Answers about the process itself are never cached. */
const NO_STORE = { 'cache-control': 'no-store' };

/** `GET /healthz`: 200 while the process runs and its event loop turns (Docker's HEALTHCHECK). */
export function healthRoute(): HttpRoute {
  const reply: HttpReply = { ...text(200, 'ok\n'), headers: { ...text(200, '').headers, ...NO_STORE } };
  return { method: 'GET', path: '/healthz', handle: () => reply };
}

/** `GET /readyz`: 200 when Herald can do its work, else 503; JSON naming each check. */
export function readyRoute(sources: ReadinessSources): HttpRoute {
  return {
    method: 'GET',
    path: '/readyz',
    async handle() {
      const state: Readiness = await readiness(sources);
      return {
        status: state.ready ? 200 : 503,
        headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE },
        body: `${JSON.stringify(state)}\n`,
      };
    },
  };
}

export interface MetricsExposition {
  exposition(): Promise<{ readonly contentType: string; readonly body: string }>;
}

/**
 * `GET /metrics` in Prometheus's text format. With a token (HERALD_METRICS_TOKEN), only a
 * scrape that sends `Authorization: Bearer <token>` gets them (compared in constant time).
 */
export function metricsRoute(metrics: MetricsExposition, token?: string): HttpRoute {
  const expected = token === undefined ? undefined : Buffer.from(token);
  return {
    method: 'GET',
    path: '/metrics',
    authorize(request) {
      if (expected === undefined) return undefined;
      // The scheme is case-insensitive (RFC 9110 §11.1); the token is compared exactly.
      const [, credentials = ''] = /^bearer +(\S*) *$/i.exec(request.headers.authorization ?? '') ?? [];
      const given = Buffer.from(credentials);
      if (given.length > 0 && given.length === expected.length && timingSafeEqual(given, expected))
        return undefined;
      const refused = text(401, 'Unauthorized\n');
      return { ...refused, headers: { ...refused.headers, 'www-authenticate': 'Bearer' } };
    },
    async handle() {
      const { contentType, body } = await metrics.exposition();
      return { status: 200, headers: { 'content-type': contentType, ...NO_STORE }, body };
    },
  };
}
