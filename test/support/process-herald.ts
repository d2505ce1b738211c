import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const BIN = path.resolve('bin/herald.js');

/** One JSON line of the child's log (pino, non-TTY). */
export interface LogLine {
  readonly level: number;
  readonly time: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Date.now() when the test saw it exit. */
  readonly at: number;
}

/** `herald start` in a child process, with its log lines parsed as they arrive. */
export interface HeraldChild {
  readonly pid: number;
  readonly logs: readonly LogLine[];
  /** Everything the child printed (stdout and stderr), for failure messages. */
  output(): string;
  /** The first log line (already seen or to come) whose message matches. */
  waitForLog(pattern: RegExp, timeoutMs: number): Promise<LogLine>;
  logsMatching(pattern: RegExp): LogLine[];
  readonly exited: Promise<ChildExit>;
  /** Sends a signal; returns Date.now() when it was sent. */
  signal(name: NodeJS.Signals): number;
}

/** The environment of a child: the test's, minus anything that would point Herald elsewhere. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(HERALD_|TELEGRAM_|DISCORD_|LOG_LEVEL$)/.test(name)) continue;
    base[name] = value;
  }
  return { ...base, LOG_LEVEL: 'info', ...env };
}

/**
 * Spawns `node bin/herald.js start` in `cwd` (a temp dir: no `.env` of the checkout, no
 * `data/` folder written into it).
 */
export function startHerald(env: Record<string, string>, cwd: string): HeraldChild {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
    cwd,
    env: childEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let text = '';
  const waiters: { pattern: RegExp; resolve: (line: LogLine) => void }[] = [];
  const onLine = (line: string) => {
    if (!line.startsWith('{')) return;
    let parsed: LogLine;
    try {
      parsed = JSON.parse(line) as LogLine;
    } catch {
      return;
    }
    if (typeof parsed.msg !== 'string') return;
    logs.push(parsed);
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(parsed.msg)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(parsed);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      text += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
  }
  const exited = new Promise<ChildExit>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  if (child.pid === undefined) throw new Error('herald did not start');
  return {
    pid: child.pid,
    logs,
    output: () => text,
    logsMatching: (pattern) => logs.filter((l) => pattern.test(l.msg)),
    waitForLog(pattern, timeoutMs) {
      const seen = logs.find((l) => pattern.test(l.msg));
      if (seen) return Promise.resolve(seen);
      return new Promise<LogLine>((resolve, reject) => {
        const waiter = {
          pattern,
          resolve: (line: LogLine) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no log line matching ${pattern} within ${timeoutMs} ms; output:\n${tail(text)}`));
        }, timeoutMs);
        waiters.push(waiter);
        void exited.then(() => {
          if (!waiters.includes(waiter)) return;
          waiters.splice(waiters.indexOf(waiter), 1);
          clearTimeout(timer);
          reject(new Error(`herald exited before logging ${pattern}; output:\n${tail(text)}`));
        });
      });
    },
    exited,
    signal(name) {
      const at = Date.now();
      child.kill(name);
      return at;
    },
  };
}

function tail(text: string, lines = 30): string {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Resolves once `condition` holds, checking every 20 ms; rejects after `timeoutMs`, with
 * `context()` (a child's output, say) in the message.
 */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
  context: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${tail(context())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the child's exit, or rejects after `timeoutMs` (the child is then killed). */
export async function exitWithin(child: HeraldChild, timeoutMs: number): Promise<ChildExit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.signal('SIGKILL');
      reject(new Error(`herald did not exit within ${timeoutMs} ms; output:\n${tail(child.output())}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([child.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Group chat ids -1001000000001, -1001000000002, … */
export function groupChats(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(-1001000000001 - i));
}

/**
 * A temp dir with a config where every chat follows one launch and wants only its "live" post
 * (milestone 0), at `startAt`; the real Telegram limits (the defaults) apply.
 */
export function fanoutConfig(chats: readonly string[], startAt: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-process-'));
  const targets = chats.map(
    (chat) => `  - { platform: telegram, chat: "${chat}", follows: { events: [fanout] }, kinds: [live] }`,
  );
  writeFileSync(
    path.join(dir, 'herald.yaml'),
    [
      'defaults: { locale: en, zone: UTC }',
      'countdown: { milestones: ["0"] }',
      'reminders: { offsets: [] }',
      'delivery:',
      '  telegram: { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 }',
      'targets:',
      ...targets,
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'events.yaml'),
    [
      'events:',
      '  - id: fanout',
      '    title: Fan-out launch',
      `    start: "${new Date(startAt).toISOString()}"`,
      '    zone: UTC',
      '',
    ].join('\n'),
  );
  return dir;
}

/** The ledger rows of a child's database (WAL: readable while it runs, too). */
export interface LedgerSnapshot {
  readonly key: string;
  readonly chat_id: string;
  readonly status: string;
  readonly attempts: number;
  readonly due: number;
  readonly next_try: number;
  readonly last_error: string | null;
  readonly lease_owner: string | null;
  readonly updated_at: number;
  readonly sent_at: number | null;
}

export function readLedger(file: string): LedgerSnapshot[] {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(`SELECT key, chat_id, status, attempts, due, next_try, last_error, lease_owner, updated_at, sent_at
       FROM ledger`)
      .all() as LedgerSnapshot[];
  } finally {
    db.close();
  }
}

/**
 * An HTTP proxy in front of the fake Bot API that can hold calls without forwarding them: a
 * platform that has taken a request and never answers. `sends` holds sendMessage and sendPhoto,
 * `all` every call. A held call is dropped, never forwarded, when its client goes away.
 */
export interface StallingProxy {
  readonly apiRoot: string;
  /** Calls held so far. */
  readonly held: number;
  hold(what: 'none' | 'sends' | 'all'): void;
  stop(): Promise<void>;
}

export async function stallingProxy(target: string): Promise<StallingProxy> {
  const upstream = new URL(target);
  let holding: 'none' | 'sends' | 'all' = 'none';
  let held = 0;
  const server: Server = createServer((req, res) => {
    if (holding === 'all' || (holding === 'sends' && /\/(sendMessage|sendPhoto)$/.test(req.url ?? ''))) {
      held += 1;
      req.resume();
      return;
    }
    const forward = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    get held() {
      return held;
    },
    hold(what) {
      holding = what;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
