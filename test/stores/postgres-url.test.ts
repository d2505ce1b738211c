import { describe, expect, it } from 'vitest';
import { dbStatus } from '../../src/cli/db.js';
import { secretsOf } from '../../src/config/load.js';
import { StoreError } from '../../src/core/errors.js';
import { redact, registerSecrets } from '../../src/core/redact.js';
import { openStores } from '../../src/stores/open-stores.js';
import { displayUrl } from '../../src/stores/postgres/database.js';
import { PostgresStores } from '../../src/stores/postgres/postgres-stores.js';

/** What a refusal says, or a failure of the test when nothing is refused. */
function refusal(open: () => unknown): StoreError {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('not refused');
}

describe('HERALD_DATABASE URLs: what is printed of them', () => {
  it('redacts a password given as a query parameter', () => {
    const url = 'postgres://127.0.0.1/db?password=S3cr3tPa55word&user=u';
    expect(displayUrl(url)).toBe('postgres://127.0.0.1/db?password=[redacted]&user=u');
    expect(secretsOf({ HERALD_DATABASE: url })).toContain('S3cr3tPa55word');
    registerSecrets(secretsOf({ HERALD_DATABASE: url }));
    expect(redact(`Store: ${url}`)).not.toContain('S3cr3tPa55word');
  });

  it('cuts a password with a raw @ at the last @, as the driver does', () => {
    const url = 'postgres://u:Pa@55word@db.internal:5432/herald';
    expect(displayUrl(url)).toBe('postgres://u:[redacted]@db.internal:5432/herald');
    expect(secretsOf({ HERALD_DATABASE: url })).toContain('Pa@55word');
    // Shorter than a registered secret may be: the URL shape alone redacts it whole.
    expect(redact('postgres://u:P@ss@db.internal/herald failed')).toBe(
      'postgres://u:[redacted]@db.internal/herald failed',
    );
    expect(redact('postgres://db.internal/herald?sslmode=require&password=sh0rt refused')).toBe(
      'postgres://db.internal/herald?sslmode=require&password=[redacted] refused',
    );
    // What is redacted already stays as it is (a message naming a displayed URL).
    expect(redact('postgres://db.internal/herald?password=[redacted]: refused')).toBe(
      'postgres://db.internal/herald?password=[redacted]: refused',
    );
  });

  it('refuses postgres: or postgresql: without its two slashes, password redacted, instead of a SQLite file', async () => {
    for (const url of ['postgres:/u:secret-pw@host/db', 'postgresql:u:secret-pw@host/db']) {
      const error = refusal(() => openStores(url));
      expect(error.message).toMatch(
        /^HERALD_DATABASE postgres(ql)?:\/?u:\[redacted\]@host\/db is not a PostgreSQL URL/,
      );
      expect(error.fix).toBe('check HERALD_DATABASE: postgres://<user>:<password>@<host>:<port>/<database>');
      const status = await dbStatus(url, 0).then(
        () => undefined,
        (e: unknown) => e as StoreError,
      );
      expect(status?.message).toContain('is not a PostgreSQL URL');
      expect(status?.describe()).not.toContain('secret-pw');
    }
  });

  it('refuses a port out of range with the form of a URL, not a TypeError at the first query', () => {
    const error = refusal(() => new PostgresStores('postgres://u:secret-pw@127.0.0.1:99999/herald'));
    expect(error.describe()).toBe(
      'HERALD_DATABASE postgres://u:[redacted]@127.0.0.1:99999/herald is not a PostgreSQL URL the driver can use: the port 99999 is above 65535\n' +
        '  fix: check HERALD_DATABASE: postgres://<user>:<password>@<host>:<port>/<database>',
    );
  });

  it('names an unknown scheme with the password redacted', () => {
    const error = refusal(() => openStores('mysql://u:secret-pw@127.0.0.1/db'));
    expect(error.message).toBe(
      'HERALD_DATABASE mysql://u:[redacted]@127.0.0.1/db has the unknown scheme "mysql:"',
    );
  });
});
