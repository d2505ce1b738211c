import { ConfigError } from '../core/errors.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** Opens the store HERALD_DATABASE names: `sqlite:<path>`, a plain path, or `:memory:`. */
export function openStore(url: string): Store {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError([
      {
        file: 'environment',
        path: 'HERALD_DATABASE',
        value: url.replace(/\/\/[^@]*@/, '//…@'),
        message: 'PostgreSQL is not available in this version of Herald',
        fix: 'use sqlite:data/herald.db (the default) until the PostgreSQL store ships',
      },
    ]);
  }
  const file = url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
  return new SqliteStore(file || 'data/herald.db');
}
