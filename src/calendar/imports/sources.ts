import path from 'node:path';
import { type ImportEntry, importName } from '../../config/schema.js';
import { durationMs } from '../../core/duration.js';
import { registerSecrets } from '../../core/redact.js';
import type { Owner } from '../../core/types.js';

/** A calendar Herald subscribes to, as the config gives it, resolved. */
export interface ImportSource {
  /** Recorded on each event it brings (`imported.from`) and named in logs. */
  readonly name: string;
  readonly location:
    | { readonly kind: 'file'; readonly path: string }
    | { readonly kind: 'url'; readonly url: string };
  readonly everyMs: number;
  readonly every: string;
  readonly windowMs: number;
  readonly window: string;
  readonly zone?: string;
  readonly tags: readonly string[];
  readonly owner?: Owner;
  readonly public?: boolean;
  readonly allowEmpty: boolean;
}

/**
 * The configured imports. A file is relative to the config folder. A URL's path and query are
 * registered as secrets (a private calendar's address is its password: Google's "secret
 * address in iCal format"), so logs and messages name the import, never the address.
 */
export function importSources(entries: readonly ImportEntry[], configDir: string): ImportSource[] {
  return entries.map((entry) => {
    let location: ImportSource['location'];
    if (entry.url !== undefined) {
      location = { kind: 'url', url: entry.url };
      const url = new URL(entry.url);
      registerSecrets([entry.url, `${url.pathname}${url.search}`, url.search.slice(1)]);
    } else location = { kind: 'file', path: path.resolve(configDir, entry.file ?? '') };
    return {
      name: importName(entry),
      location,
      everyMs: durationMs(entry.every),
      every: entry.every.label,
      windowMs: durationMs(entry.window),
      window: entry.window.label,
      ...(entry.zone === undefined ? {} : { zone: entry.zone }),
      tags: entry.tags,
      ...(entry.owner === undefined ? {} : { owner: entry.owner }),
      ...(entry.public === undefined ? {} : { public: entry.public }),
      allowEmpty: entry.allowEmpty,
    };
  });
}

/** Where a source reads from, as an operator may see it (a URL's path and query hidden). */
export function describeLocation(source: ImportSource): string {
  if (source.location.kind === 'file') return source.location.path;
  const url = new URL(source.location.url);
  return `${url.protocol}//${url.host}/…`;
}
