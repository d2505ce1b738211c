import { ConfigError } from '../core/errors.js';
import { SqliteStores } from './sqlite/sqlite-stores.js';
import type { Stores } from './stores.js';

/** Opens the stores HERALD_DATABASE names: `sqlite:<path>`, a plain path, or `:memory:`. */
export function openStores(url: string): Stores {
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
  return new SqliteStores(file || 'data/herald.db');
}
