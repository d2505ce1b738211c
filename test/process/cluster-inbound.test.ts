/**
 * Three `herald start` processes on one PostgreSQL database against the fake Bot API (in this
 * process: it answers a second concurrent getUpdates with 409, as Telegram does, and counts
 * it): one long poller at a time, taken over when its instance is killed or stopped, commands
 * answered once; a digest fired once although every instance ticks the same cron.
 */
import { describe, expect, it } from 'vitest';
import { FakeTelegram } from '../fakes/telegram-server.js';
import {
  ACTING,
  clusterConfigDir,
  clusterRun,
  HOLDS_POLLER,
  TELEGRAM_TOKEN,
} from '../support/cluster-process.js';
import { exitWithin, groupChats, waitFor } from '../support/process-herald.js';

const IDS = ['herald-1', 'herald-2', 'herald-3'];
const START_TIMEOUT_MS = 180_000;

function report(what: string, values: Record<string, unknown>): void {
  if (process.env.HERALD_TEST_LOG) console.info(what, values);
}

describe('three Herald processes and one bot', { timeout: 420_000 }, () => {
  it('poll one at a time, hand the poll over when its holder is killed or stopped, answer each command once, and fire a digest once', async ({
    onTestFinished,
  }) => {
    const fake = new FakeTelegram(TELEGRAM_TOKEN);
    await fake.start();
    onTestFinished(() => fake.stop());
    const chats = groupChats(6);
    // Every minute at second 0, in every instance; the launches an hour away fill the digest.
    const config = clusterConfigDir({
      telegramChats: chats,
      launches: 2,
      launchAt: Date.now() + 3_600_000,
      digestCron: '0 * * * * *',
    });
    onTestFinished(config.cleanup);
    const run = await clusterRun(config.dir, {
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
    });
    onTestFinished(() => run.close());
    for (const id of IDS) run.spawn(id);
    for (const id of IDS) await run.instances.get(id)?.waitForLog(ACTING, START_TIMEOUT_MS);
    const output = () => [...run.instances.values()].map((c) => c.output()).join('\n');
    await waitFor(() => run.holderOf(HOLDS_POLLER) !== undefined, 60_000, 'a poller', output);
    const first = run.holderOf(HOLDS_POLLER) ?? '';
    const holders = () =>
      IDS.filter((id) => (run.instances.get(id)?.logsMatching(HOLDS_POLLER).length ?? 0) > 0);
    expect(holders()).toEqual([first]);

    const answers = (user: number) => fake.sentTo(user);
    // A command, answered once by the holder.
    fake.type({ id: 4001, type: 'private' }, { id: 4001 }, '/help');
    await waitFor(() => answers(4001).length > 0, 60_000, 'the answer to /help', output);

    // The holder is killed; a command typed meanwhile waits at Telegram for the next poller.
    const killed = run.instances.get(first);
    if (!killed) throw new Error('no holder');
    killed.signal('SIGKILL');
    await exitWithin(killed, 10_000);
    fake.type({ id: 4002, type: 'private' }, { id: 4002 }, '/help');
    await waitFor(() => answers(4002).length > 0, 120_000, 'the answer typed during the fail-over', output);
    const second = run.holderOf(HOLDS_POLLER);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);

    // The new holder stops cleanly: the last one takes the poll, and answers.
    const stopping = run.instances.get(second ?? '');
    if (!stopping) throw new Error('no second holder');
    stopping.signal('SIGTERM');
    expect((await exitWithin(stopping, 30_000)).code).toBe(0);
    fake.type({ id: 4003, type: 'private' }, { id: 4003 }, '/next');
    await waitFor(() => answers(4003).length > 0, 120_000, 'the answer after the stop', output);
    const third = run.holderOf(HOLDS_POLLER);
    expect([first, second]).not.toContain(third);

    // A digest: every instance ticks the same cron each minute; each chat gets one per minute.
    await waitFor(
      () => chats.every((chat) => fake.sentTo(chat).some((m) => (m.text ?? '').includes('🗓️'))),
      150_000,
      'a digest in every chat',
      output,
    );
    // Anything doubled would follow within seconds.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    report('inbound fail-over', {
      holders: [first, second, third],
      conflicts: fake.conflicts,
      answers: [4001, 4002, 4003].map((u) => answers(u).length),
    });
    for (const user of [4001, 4002, 4003]) expect(answers(user), `answers to ${user}`).toHaveLength(1);
    // Never two pollers at once: Telegram would have answered one of them 409.
    expect(fake.conflicts).toBe(0);
    for (const chat of chats) {
      const digests = fake.sentTo(chat).filter((m) => (m.text ?? '').includes('🗓️'));
      const minutes = digests.map((m) => Math.floor(m.at / 60_000));
      expect(minutes.length, `digests in ${chat}`).toBeGreaterThan(0);
      // One per cron slot (a minute here): a second in one minute would be a doubled digest.
      expect(new Set(minutes).size).toBe(minutes.length);
    }
  });
});
