/**
 * `herald start` on the console as a person (or a script) uses it: it says how to leave, answers
 * what is typed, and stops on `quit` or at the end of its input; a bot with a platform token
 * whose stdin closes keeps running for its platforms.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTelegram } from '../fakes/telegram-server.js';

const BIN = path.resolve('bin/herald.js');
const TOKEN = '7000001:AAE-herald-console-token-0123456789';

const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
let telegram: FakeTelegram | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await telegram?.stop();
  telegram = undefined;
});

function herald(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-console-'));
  dirs.push(dir);
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(HERALD_|TELEGRAM_|DISCORD_|LOG_LEVEL$|NO_COLOR$|FORCE_COLOR$)/.test(name)) base[name] = value;
  }
  const child = spawn(process.execPath, [BIN, 'start', ...args], {
    cwd: dir,
    env: {
      ...base,
      HERALD_CONFIG_DIR: path.resolve('config'),
      HERALD_DATABASE: ':memory:',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000) => {
    for (const started = Date.now(); !pattern.test(stdout + stderr); ) {
      if (Date.now() - started > timeoutMs || child.exitCode !== null)
        throw new Error(`no ${pattern} in:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, exited, waitFor, stdout: () => stdout, stderr: () => stderr };
}

describe('herald start on the console', () => {
  it('says how to leave, answers, and stops on quit', async () => {
    const h = herald([]);
    await h.waitFor(/quit, exit or Ctrl-D to leave/);
    h.child.stdin.write('/events\n');
    await h.waitFor(/Upcoming launches|No upcoming launch/);
    h.child.stdin.write('quit\n');
    expect(await h.exited).toBe(0);
    // Posts and answers on stdout; log lines (JSON where no one reads them on a terminal) on stderr.
    expect(h.stdout()).not.toMatch(/"level":/);
    expect(h.stderr()).toMatch(/"msg":"Herald is running"/);
  }, 60_000);

  it('stops at the end of a piped script, and speaks the language --lang asks for', async () => {
    const h = herald(['--lang', 'fr']);
    h.child.stdin.end('/help\n');
    expect(await h.exited).toBe(0);
    expect(h.stdout()).toContain('Pour les administrateurs');
  }, 60_000);

  it('runs a rehearsal to its end after a piped script ends', async () => {
    const h = herald(['--rehearse', '2018-05-21T09:58', '--speed', '600', '--until', '2018-05-21T10:02']);
    h.child.stdin.end('/countdown mi8-fr\n');
    expect(await h.exited).toBe(0);
    expect(h.stdout()).toContain('The hour is not announced yet; the day is 1 day away.');
    expect(h.stdout()).toMatch(/── 2018-05-21 10:0\d → console:main · countdown · en ──/);
    expect(h.stdout()).toContain('Rehearsal finished.');
  }, 60_000);

  it('keeps a bot with a platform token running when its stdin closes', async () => {
    telegram = new FakeTelegram(TOKEN);
    await telegram.start();
    const h = herald([], { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot });
    await h.waitFor(/Herald is running/);
    h.child.stdin.end();
    await h.waitFor(/console input closed; Herald keeps running/);
    expect(h.child.exitCode).toBe(null);
    h.child.kill('SIGTERM');
    expect(await h.exited).toBe(0);
  }, 60_000);
});
