import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../../src/stores/postgres/migrations.js';
import { usePostgres } from '../support/postgres.js';

const run = promisify(execFile);
const bin = path.resolve('bin/herald.js');
const PASSWORD = 'Sup3r-secret-pw';

async function herald(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const postgres = usePostgres();

describe('herald db', () => {
  it('migrates, reports and copies into PostgreSQL, never printing the password', async () => {
    // Trust authentication on the test server: the password is never asked for, only printed (or not).
    const url = postgres.db().url.replace('postgres@', `postgres:${PASSWORD}@`);
    const shown = url.replace(PASSWORD, '[redacted]');
    const outputs: string[] = [];
    const cli = async (args: string[], env: Record<string, string> = {}) => {
      const out = await herald(args, env);
      outputs.push(out.stdout, out.stderr);
      return out;
    };

    expect(await cli(['db', 'status', '--database', url])).toMatchObject({
      code: 0,
      stdout: `Store: PostgreSQL ${shown}\nSchema: none yet (a new database): \`herald db migrate\` or a start creates it.\n`,
    });
    const migrated = await cli(['db', 'migrate'], { HERALD_DATABASE: url });
    expect(migrated.stdout).toMatch(
      new RegExp(
        `^PostgreSQL ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: applied versions? [0-9, and]+; schema at version ${POSTGRES_MIGRATIONS.length}\\.\n$`,
      ),
    );

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'herald-db-cli-')), 'herald.db');
    const sqlite = { HERALD_DATABASE: `sqlite:${file}` };
    expect(
      (
        await cli(
          ['events', 'add', '--id', 'mi9', '--title', 'Mi 9', '--when', '2030-02-24', '--tags', 'mi'],
          sqlite,
        )
      ).code,
    ).toBe(0);
    const copied = await cli(['db', 'copy', '--from', `sqlite:${file}`, '--to', url]);
    expect(copied.code).toBe(0);
    expect(copied.stdout).toContain(`Copied SQLite ${file} → PostgreSQL ${shown}:`);
    expect(copied.stdout).toMatch(/ {2}events +1\n/);
    expect(copied.stdout).toMatch(/ {2}event_tags +1\n/);

    const again = await cli(['db', 'copy', '--from', `sqlite:${file}`, '--to', url]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('the target is not empty: event_tags (1), events (1)');
    expect(again.stderr).toContain('fix: copy into an empty database, or pass --force');

    const listed = await cli(['events', 'list'], { HERALD_DATABASE: url });
    expect(listed.stdout).toContain('mi9 [scheduled, command] Mi 9');
    const status = JSON.parse((await cli(['db', 'status', '--json'], { HERALD_DATABASE: url })).stdout) as {
      schema: { version: number };
      tables: Record<string, number>;
    };
    expect(status.schema.version).toBe(POSTGRES_MIGRATIONS.length);
    expect(status.tables).toMatchObject({ events: 1, event_tags: 1, ledger: 0 });

    const down = await cli([
      'db',
      'status',
      '--database',
      `postgres://herald:${PASSWORD}@127.0.0.1:1/herald`,
    ]);
    expect(down.code).toBe(2);
    expect(down.stderr).toContain(
      'cannot use the PostgreSQL database postgres://herald:[redacted]@127.0.0.1:1/herald',
    );
    expect(down.stderr).toContain('fix: start PostgreSQL');
    // The password as a query parameter, then in URLs the driver cannot use: one clean error
    // each, with the fix, the password redacted and no stack.
    const query = await cli(['db', 'status', '--database', `${postgres.db().url}?password=${PASSWORD}`]);
    expect(query.stdout.split('\n')[0]).toBe(`Store: PostgreSQL ${postgres.db().url}?password=[redacted]`);
    const oneSlash = await cli([
      'db',
      'status',
      '--database',
      `postgres:/herald:${PASSWORD}@127.0.0.1/herald`,
    ]);
    expect(oneSlash).toMatchObject({
      code: 2,
      stderr:
        'HERALD_DATABASE postgres:/herald:[redacted]@127.0.0.1/herald is not a PostgreSQL URL: the scheme needs two slashes\n' +
        '  fix: check HERALD_DATABASE: postgres://<user>:<password>@<host>:<port>/<database>\n',
    });
    const badPort = await cli(['db', 'migrate'], {
      HERALD_DATABASE: `postgres://herald:${PASSWORD}@127.0.0.1:99999/herald`,
    });
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toBe(
      'HERALD_DATABASE postgres://herald:[redacted]@127.0.0.1:99999/herald is not a PostgreSQL URL the driver can use: the port 99999 is above 65535\n' +
        '  fix: check HERALD_DATABASE: postgres://<user>:<password>@<host>:<port>/<database>\n',
    );
    for (const text of outputs) expect(text).not.toContain(PASSWORD);
  });
});
