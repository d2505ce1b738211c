/**
 * `herald start` as a child process, refused at start by a server that quotes the token in
 * its 401 (a self-hosted Bot API server, a proxy): the process exits non-zero, says why, and
 * neither stdout nor stderr holds the token.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/herald.js');

const servers: Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** A server that answers every request 401 with `body(request)`; returns its root and what it saw. */
async function refusingServer(
  body: (req: IncomingMessage) => unknown,
): Promise<{ root: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.url ?? ''} ${req.headers.authorization ?? ''}`);
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body(req)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Runs `herald start` in a temp dir with one chat per platform to post to; resolves when it exits. */
async function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-start-redaction-'));
  dirs.push(dir);
  writeFileSync(
    path.join(dir, 'herald.yaml'),
    [
      'defaults: { locale: en, zone: UTC }',
      'targets:',
      '  - { platform: telegram, chat: "-1001234567890", follows: { tags: [mi8] } }',
      '  - { platform: discord, chat: "448000000000000001", follows: { tags: [mi8] } }',
      '',
    ].join('\n'),
  );
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(HERALD_|TELEGRAM_|DISCORD_|LOG_LEVEL$)/.test(name)) base[name] = value;
  }
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: dir,
    env: {
      ...base,
      HERALD_CONFIG_DIR: dir,
      HERALD_DATABASE: path.join(dir, 'herald.db'),
      LOG_LEVEL: 'debug',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      output += chunk;
    });
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output };
}

function leaks(output: string, token: string): string[] {
  return [token, encodeURIComponent(token)].filter((form) => output.includes(form));
}

describe('a failed herald start prints why, without the token', () => {
  it.each([
    ['a Telegram token', '7000001:AAE-herald-test-token-0123456789'],
    // No shape gives this one away: only the secrets registered from the config can.
    ['a token of no known shape', 'proxy-issued-credential-for-herald-0123'],
  ])('Telegram answers 401 quoting %s', async (_what, token) => {
    const api = await refusingServer((req) => ({
      ok: false,
      error_code: 401,
      description: `Unauthorized: token ${token} is invalid (request was ${req.url ?? ''})`,
    }));
    const { code, output } = await start({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: api.root });
    expect(api.seen.some((s) => s.includes(token) || s.includes(encodeURIComponent(token)))).toBe(true);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain(
      "GrammyError: Call to 'getMe' failed! (401: Unauthorized: token [redacted] is invalid",
    );
    expect(output).toMatch(/\n {4}at /); // the stack is still there for the operator
    expect(leaks(output, token)).toEqual([]);
  });

  it('Discord answers 401 quoting the Authorization header', async () => {
    const token = 'OTAwMDAwMDAwMDAwMDAwMDAy.fake.herald-discord-test-token';
    const api = await refusingServer((req) => ({
      message: `401: Unauthorized (${req.headers.authorization ?? ''})`,
      code: 0,
    }));
    const { code, output } = await start({ DISCORD_TOKEN: token, DISCORD_API_ROOT: `${api.root}/api` });
    expect(api.seen.some((s) => s.includes(token))).toBe(true);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toMatch(/TokenInvalid|Unauthorized/);
    expect(leaks(output, token)).toEqual([]);
  });
});
