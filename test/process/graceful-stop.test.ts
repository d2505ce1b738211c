/**
 * `herald start` as a child process, through the real grammY client against the fake Bot API
 * with Telegram's real limits (30/s overall, 1/s per chat, 20/min per group): what SIGTERM, a
 * second signal and SIGKILL do to a fan-out of 700 "live" posts, and what the next start does
 * with what the stopped run left. HERALD_TEST_LOG=1 prints what each test measured.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type OnTestFinishedHandler } from 'vitest';
import { FakeTelegram } from '../fakes/telegram-server.js';
import {
  exitWithin,
  fanoutConfig,
  groupChats,
  type HeraldChild,
  type LedgerSnapshot,
  readLedger,
  stallingProxy,
  startHerald,
  waitFor,
} from '../support/process-herald.js';

const TOKEN = '7000001:AAE-herald-test-token-0123456789';
const LIMITS = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };
const CHATS = groupChats(700);
const READY = /^Herald is running/;
const STOPPED = /^stopped/;
const STOP_LINE = /^stopped: (\d+) sent during the stop, (\d+) handed back to the ledger$/;
const TOOK_BACK = /^took back the posts this instance's previous run was sending$/;

/** Spawn to "Herald is running", as last measured: each launch is set ~2 s after the child is ready. */
let startupMs = 8_000;

type Finally = (fn: OnTestFinishedHandler) => void;

function report(what: string, values: Record<string, unknown>): void {
  if (process.env.HERALD_TEST_LOG) console.info(what, values);
}

interface Fanout {
  readonly fake: FakeTelegram;
  readonly chats: readonly string[];
  /** The SQLite file (set by the first launch). */
  readonly db: string;
  /** Milliseconds from now to the launch (set by the first launch), 0 once it passed. */
  untilLaunch(): number;
  /**
   * Starts `herald start` on this config and database and waits for "Herald is running". The
   * first launch writes the config, with the launch `leadMs` after the child should be ready.
   */
  launch(instanceId: string, apiRoot?: string): Promise<{ child: HeraldChild; readyAt: number }>;
}

/**
 * A fake Bot API with the real limits, and a config in which every chat follows one launch,
 * set `leadMs` after the child should be ready.
 */
async function fanout(chats: readonly string[], onFinished: Finally, leadMs = 2_000): Promise<Fanout> {
  const fake = new FakeTelegram(TOKEN, 'herald_bot', LIMITS);
  await fake.start();
  onFinished(() => fake.stop());
  let dir: string | undefined;
  let launchAt = 0;
  const spawn = (configDir: string, instanceId: string, apiRoot: string) => {
    const child = startHerald(
      {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        HERALD_CONFIG_DIR: configDir,
        HERALD_DATABASE: path.join(configDir, 'herald.db'),
        HERALD_INSTANCE_ID: instanceId,
        LOG_LEVEL: 'info',
      },
      configDir,
    );
    onFinished(async () => {
      child.signal('SIGKILL');
      await child.exited;
    });
    return child;
  };
  const ready = async (child: HeraldChild, spawnedAt: number) => {
    const line = await child.waitForLog(READY, 60_000);
    startupMs = line.time - spawnedAt;
    return line.time;
  };
  return {
    fake,
    chats,
    get db() {
      return path.join(dir ?? '', 'herald.db');
    },
    untilLaunch: () => Math.max(0, launchAt - Date.now()),
    async launch(instanceId, apiRoot = fake.apiRoot) {
      if (dir !== undefined) {
        const child = spawn(dir, instanceId, apiRoot);
        return { child, readyAt: await ready(child, Date.now()) };
      }
      // A post whose slot passed before Herald knew of the launch is never sent (ledger/diff.ts):
      // when the child came up later than expected (a loaded machine), start over, later.
      for (let margin = leadMs; ; margin *= 2) {
        const spawnedAt = Date.now();
        launchAt = spawnedAt + startupMs + margin;
        const candidate = fanoutConfig(chats, launchAt);
        onFinished(() => rmSync(candidate, { recursive: true, force: true }));
        const child = spawn(candidate, instanceId, apiRoot);
        const readyAt = await ready(child, spawnedAt);
        const planned = readLedger(path.join(candidate, 'herald.db')).length;
        if (planned === chats.length) {
          dir = candidate;
          return { child, readyAt };
        }
        report('launch passed before the child was up; again, later', { startupMs, margin });
        child.signal('SIGKILL');
        await child.exited;
        if (margin > 20_000) throw new Error(`the launch was never planned (${planned} rows)`);
      }
    },
  };
}

/** How many posts each chat got. */
function postsPerChat(fake: FakeTelegram): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of fake.sent) counts.set(message.chat_id, (counts.get(message.chat_id) ?? 0) + 1);
  return counts;
}

function everyChatHeard(run: Fanout): boolean {
  const counts = postsPerChat(run.fake);
  return run.chats.every((chat) => (counts.get(chat) ?? 0) > 0);
}

function statuses(rows: readonly LedgerSnapshot[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return counts;
}

/** SIGTERM, then: exit code 0 within 10 s of the signal and exactly one "stopped" line. */
async function stopGracefully(child: HeraldChild): Promise<{ signalledAt: number; line: string }> {
  const signalledAt = child.signal('SIGTERM');
  const exit = await exitWithin(child, 30_000);
  expect(exit.code, child.output()).toBe(0);
  expect(exit.at - signalledAt).toBeLessThanOrEqual(10_000);
  const lines = child.logsMatching(STOPPED).map((l) => l.msg);
  expect(lines).toHaveLength(1);
  return { signalledAt, line: lines[0] ?? '' };
}

/** Kills the child once 60 posts reached the fake; returns what the ledger holds as `sending`. */
async function killMidFanout(run: Fanout, instanceId: string) {
  const { child } = await run.launch(instanceId);
  await waitFor(
    () => run.fake.sent.length >= 60,
    run.untilLaunch() + 30_000,
    '60 posts at the fake',
    child.output,
  );
  const killedAt = child.signal('SIGKILL');
  const exit = await exitWithin(child, 10_000);
  expect(exit.signal).toBe('SIGKILL');
  const sending = readLedger(run.db).filter((r) => r.status === 'sending');
  expect(sending.length).toBeGreaterThan(0);
  expect(sending.every((r) => r.lease_owner === instanceId)).toBe(true);
  return { killedAt, sending };
}

/** What reached the fake since `since` (the restart: what the killed run sent arrived before). */
function sentSince(run: Fanout, since: number) {
  return run.fake.sent.filter((m) => m.at >= since);
}

/**
 * Chats that got a second post: each at most two, the first from the killed run (a send the
 * platform took whose answer it never recorded), the second after the restart.
 */
function duplicatesAfterKill(run: Fanout, restartAt: number): string[] {
  const counts = postsPerChat(run.fake);
  const twice = [...counts].filter(([, n]) => n > 1).map(([chat]) => chat);
  for (const chat of twice) {
    expect(counts.get(chat)).toBe(2);
    const [first, second] = run.fake.sentTo(chat);
    expect(first?.at).toBeLessThan(restartAt);
    expect(second?.at).toBeGreaterThanOrEqual(restartAt);
  }
  return twice;
}

describe('herald start as a process: graceful stop, second signal, kill and restart', () => {
  it('SIGTERM mid fan-out exits 0 within 10 s with one consistent stop line; a restart sends the rest, each chat once', async ({
    onTestFinished,
  }) => {
    const run = await fanout(CHATS, onTestFinished);
    const { child } = await run.launch('herald-term');
    await waitFor(
      () => run.fake.sent.length >= 60,
      run.untilLaunch() + 30_000,
      '60 posts at the fake',
      child.output,
    );
    const atSignal = run.fake.sent.length;
    expect(atSignal).toBeLessThanOrEqual(150);

    const { signalledAt, line } = await stopGracefully(child);
    const match = STOP_LINE.exec(line);
    expect(match, line).not.toBeNull();
    const sentDuringStop = Number(match?.[1]);
    const handedBack = Number(match?.[2]);
    expect(child.logsMatching(STOPPED)[0]).toMatchObject({
      sent: sentDuringStop,
      handedBack,
      unfinished: false,
    });

    // The ledger agrees with the platform and with the line: every post the fake took is `sent`,
    // every other row is `planned` again exactly as planned, and nothing is left `sending`.
    const afterStop = run.fake.sent.length;
    const rows = readLedger(run.db);
    expect(statuses(rows)).toEqual({ sent: afterStop, planned: CHATS.length - afterStop });
    expect(new Set(rows.filter((r) => r.status === 'sent').map((r) => r.chat_id))).toEqual(
      new Set(run.fake.sent.map((m) => m.chat_id)),
    );
    const planned = rows.filter((r) => r.status === 'planned');
    const untouched = { attempts: 0, last_error: null, lease_owner: null };
    // A post the fake refused with a 429 before the stop waits for its retry, as it should.
    const retrying = planned.filter((r) => r.last_error?.startsWith('rate limited'));
    expect(retrying.length).toBeLessThanOrEqual(run.fake.tooManyRequests);
    for (const row of planned) {
      if (retrying.includes(row)) expect(row).toMatchObject({ attempts: 0, lease_owner: null });
      else expect(row).toMatchObject({ ...untouched, next_try: row.due });
    }
    // Handed back: the planned rows the stop touched (the others were never claimed), give or
    // take a 429 answered during the stop (a retry, not a hand-back).
    expect(handedBack).toBeGreaterThan(0);
    const touched = planned.filter((r) => r.updated_at >= signalledAt).length;
    expect(touched).toBeGreaterThanOrEqual(handedBack);
    expect(touched - handedBack).toBeLessThanOrEqual(run.fake.tooManyRequests);
    // Sent during the stop: at most the rows settled after the signal.
    expect(sentDuringStop).toBeLessThanOrEqual(
      rows.filter((r) => r.status === 'sent' && (r.sent_at ?? 0) >= signalledAt).length,
    );

    const restarted = await run.launch('herald-term');
    expect(restarted.child.logsMatching(TOOK_BACK)).toEqual([]);
    await waitFor(() => everyChatHeard(run), 90_000, 'a post in every chat', restarted.child.output);
    const last = await stopGracefully(restarted.child);

    const counts = postsPerChat(run.fake);
    expect(CHATS.filter((chat) => counts.get(chat) !== 1)).toEqual([]);
    expect(run.fake.sent).toHaveLength(CHATS.length);
    expect(run.fake.tooManyRequests).toBe(0);
    expect(statuses(readLedger(run.db))).toEqual({ sent: CHATS.length });
    report('SIGTERM', {
      startupMs,
      atSignal,
      afterStop,
      line,
      last: last.line,
      tooManyRequests: run.fake.tooManyRequests,
    });
  });

  it('SIGKILL then a restart under the same instance id: rows taken back at once, posts within 5 s of ready, every chat, at most one duplicate', async ({
    onTestFinished,
  }) => {
    const run = await fanout(CHATS, onTestFinished);
    const { sending } = await killMidFanout(run, 'herald-kill');

    const restartAt = Date.now();
    const { child, readyAt } = await run.launch('herald-kill');
    const tookBack = child.logsMatching(TOOK_BACK);
    expect(tookBack).toHaveLength(1);
    expect(tookBack[0]).toMatchObject({ instance: 'herald-kill', posts: sending.length });
    await waitFor(
      () => sentSince(run, restartAt).length > 0,
      10_000,
      'a post after the restart',
      child.output,
    );
    const firstAfterReady = (sentSince(run, restartAt)[0]?.at ?? Number.POSITIVE_INFINITY) - readyAt;
    expect(firstAfterReady).toBeLessThanOrEqual(5_000);

    await waitFor(() => everyChatHeard(run), 90_000, 'a post in every chat', child.output);
    await stopGracefully(child);
    const twice = duplicatesAfterKill(run, restartAt);
    expect(twice.length).toBeLessThanOrEqual(1);
    expect(run.fake.sent).toHaveLength(CHATS.length + twice.length);
    expect(run.fake.tooManyRequests).toBe(0);
    expect(statuses(readLedger(run.db))).toEqual({ sent: CHATS.length });
    report('SIGKILL, same id', {
      startupMs,
      beforeKill: run.fake.sent.length - sentSince(run, restartAt).length,
      tookBack: sending.length,
      firstAfterReady,
      duplicates: twice,
      tooManyRequests: run.fake.tooManyRequests,
    });
  });

  it('SIGKILL then a restart under another instance id: the dead claims pass over within the lease, every chat, at most one duplicate', async ({
    onTestFinished,
  }) => {
    const run = await fanout(CHATS, onTestFinished);
    const { killedAt, sending } = await killMidFanout(run, 'herald-dead');
    const held = new Set(sending.map((r) => r.chat_id));

    const restartAt = Date.now();
    const { child, readyAt } = await run.launch('herald-other');
    expect(child.logsMatching(TOOK_BACK)).toEqual([]);
    // The dead instance's claims: their lease (15 s, renewed every 5 s while sending) ends by kill + 15 s.
    const afterRestart = () => sentSince(run, restartAt);
    await waitFor(
      () => afterRestart().some((m) => held.has(m.chat_id)),
      30_000,
      "a post of the dead instance's claims",
      child.output,
    );
    const firstAfterReady = (afterRestart()[0]?.at ?? Number.POSITIVE_INFINITY) - readyAt;
    const firstHeldAfterReady =
      (afterRestart().find((m) => held.has(m.chat_id))?.at ?? Number.POSITIVE_INFINITY) - readyAt;
    expect(firstAfterReady).toBeLessThanOrEqual(20_000);
    expect(firstHeldAfterReady).toBeLessThanOrEqual(20_000);

    await waitFor(() => everyChatHeard(run), 90_000, 'a post in every chat', child.output);
    await stopGracefully(child);
    const twice = duplicatesAfterKill(run, restartAt);
    expect(twice.length).toBeLessThanOrEqual(1);
    expect(run.fake.sent).toHaveLength(CHATS.length + twice.length);
    expect(run.fake.tooManyRequests).toBe(0);
    expect(statuses(readLedger(run.db))).toEqual({ sent: CHATS.length });
    report('SIGKILL, other id', {
      startupMs,
      beforeKill: run.fake.sent.length - afterRestart().length,
      held: held.size,
      firstAfterReady,
      firstHeldAfterReady,
      killToFirstHeld: firstHeldAfterReady + readyAt - killedAt,
      duplicates: twice,
      tooManyRequests: run.fake.tooManyRequests,
    });
  });

  /**
   * A launch for `chats` group chats through a proxy in front of the fake, which can hold
   * calls unanswered (a platform that took a request and never replies).
   */
  async function behindProxy(chats: number, instanceId: string, onFinished: Finally) {
    // These start two at a time: each child comes up slower than one alone.
    const run = await fanout(groupChats(chats), onFinished, startupMs + 2_000);
    const proxy = await stallingProxy(run.fake.apiRoot);
    onFinished(() => proxy.stop());
    return { run, proxy, start: () => run.launch(instanceId, proxy.apiRoot) };
  }

  /** 20 chats whose sends the platform holds: a stop has sends under way. */
  async function stuckSends(instanceId: string, onFinished: Finally) {
    const { run, proxy, start } = await behindProxy(20, instanceId, onFinished);
    proxy.hold('sends');
    const { child } = await start();
    await waitFor(
      () => proxy.held >= 5,
      run.untilLaunch() + 30_000,
      'sends held by the platform',
      child.output,
    );
    return { run, child };
  }

  /** 5 chats, every post delivered: a stop has nothing under way but the adapter's own. */
  async function delivered(instanceId: string, onFinished: Finally) {
    const { run, proxy, start } = await behindProxy(5, instanceId, onFinished);
    const { child } = await start();
    await waitFor(
      () => everyChatHeard(run),
      run.untilLaunch() + 30_000,
      'a post in every chat',
      child.output,
    );
    return { run, proxy, child };
  }

  // Light (a few chats, nothing paced against a limit): run side by side, two at a time
  // (maxConcurrency of the process project), to keep the file short.
  describe.concurrent('with a platform that stops answering', () => {
    it('a second signal exits at once with code 130, and the next start takes back what it held', async ({
      onTestFinished,
    }) => {
      const { run, child } = await stuckSends('herald-twice', onTestFinished);
      child.signal('SIGTERM');
      // The first stop now waits (up to 10 s) for the held sends; the pause keeps the two
      // signals two deliveries rather than one pending signal.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const secondAt = child.signal('SIGTERM');
      const exit = await exitWithin(child, 15_000);
      expect(exit.code, child.output()).toBe(130);
      expect(exit.at - secondAt).toBeLessThanOrEqual(5_000);
      expect(child.logsMatching(/^second signal: exiting now/)).toHaveLength(1);
      expect(child.logsMatching(STOPPED)).toEqual([]);

      const left = readLedger(run.db).filter((r) => r.status === 'sending');
      expect(left.length).toBeGreaterThan(0);
      const restarted = await run.launch('herald-twice');
      expect(restarted.child.logsMatching(TOOK_BACK)[0]).toMatchObject({ posts: left.length });
      await waitFor(() => everyChatHeard(run), 30_000, 'a post in every chat', restarted.child.output);
      await stopGracefully(restarted.child);
      const counts = postsPerChat(run.fake);
      expect(run.chats.filter((chat) => counts.get(chat) !== 1)).toEqual([]);
      expect(run.fake.tooManyRequests).toBe(0);
      report('second signal', { exitAfterSecond: exit.at - secondAt, tookBack: left.length });
    });

    it('SIGINT with sends under way waits for them at most 10 s, then exits 0 and says so', async ({
      onTestFinished,
    }) => {
      const { run, child } = await stuckSends('herald-hung', onTestFinished);
      const signalledAt = child.signal('SIGINT');
      const exit = await exitWithin(child, 30_000);
      expect(exit.code, child.output()).toBe(0);
      // 10 s for the sends under way, then the stop's own bookkeeping.
      expect(exit.at - signalledAt).toBeLessThanOrEqual(15_000);
      const lines = child.logsMatching(STOPPED);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ unfinished: true });
      expect(lines[0]?.msg).toMatch(/^stopped after 10000 ms with sends still under way/);
      const rows = readLedger(run.db);
      expect(rows.filter((r) => r.status === 'sent')).toEqual([]);
      expect(rows.filter((r) => r.status === 'sending').length).toBeGreaterThan(0);
      report('hung sends', { exitAfterSignal: exit.at - signalledAt });
    });

    // grammY confirms the update offset with one more getUpdates at stop; when the Bot API is
    // unreachable or silent, that must neither fail nor hang the stop.
    it('SIGTERM while the Bot API is unreachable still exits 0 after its one stop line', async ({
      onTestFinished,
    }) => {
      const { child, proxy } = await delivered('herald-offline', onTestFinished);
      await proxy.stop();
      const signalledAt = child.signal('SIGTERM');
      const exit = await exitWithin(child, 30_000);
      expect(child.logsMatching(STOPPED)).toHaveLength(1);
      expect(exit.code, child.output()).toBe(0);
      expect(exit.at - signalledAt).toBeLessThanOrEqual(10_000);
    });

    // A Bot API that takes connections but never answers would hold grammY's Bot.stop up to
    // its 500 s client timeout; the adapter gives it 2 s.
    it('SIGTERM while the Bot API never answers still exits 0 within the stop bound', async ({
      onTestFinished,
    }) => {
      const { child, proxy } = await delivered('herald-silent', onTestFinished);
      proxy.hold('all');
      const signalledAt = child.signal('SIGTERM');
      const exit = await exitWithin(child, 12_000);
      expect(child.logsMatching(STOPPED)).toHaveLength(1);
      expect(exit.code, child.output()).toBe(0);
      expect(exit.at - signalledAt).toBeLessThanOrEqual(10_000);
    });
  });
});
