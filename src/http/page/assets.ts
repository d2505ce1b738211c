import { createHash } from 'node:crypto';
import { conditionalReply, validated } from '../feeds/conditional.js';
import type { HttpRoute } from '../route.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { ICON, STYLES } from './styles.js';

/** A static file of the page, at a path that changes when its bytes do (so it may be cached for good). */
export interface Asset {
  readonly path: string;
  readonly type: string;
  readonly body: string;
}

function fingerprinted(name: string, ext: string, type: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}.${hash}.${ext}`, type, body };
}

export const ASSETS = {
  styles: fingerprinted('page', 'css', 'text/css; charset=utf-8', STYLES),
  script: fingerprinted('countdown', 'js', 'text/javascript; charset=utf-8', CLIENT_SCRIPT),
  icon: fingerprinted('icon', 'svg', 'image/svg+xml', ICON),
} as const;

/**
 * The assets' routes: a year of caching, immutable (their names change with their content).
 * `since`: when this process began serving them (their Last-Modified).
 */
export function assetRoutes(since: number): HttpRoute[] {
  return Object.values(ASSETS).map((asset) => {
    const value = validated(asset.body, since);
    return {
      method: 'GET' as const,
      path: asset.path,
      handle: (request) =>
        conditionalReply(request, value, {
          'content-type': asset.type,
          'cache-control': 'public, max-age=31536000, immutable',
        }),
    };
  });
}
