/**
 * `herald start` with HERALD_HTTP_PORT as a child process: the operations routes answer, the
 * Telegram adapter takes its updates on the webhook of the same server, SIGTERM lets an update
 * under way finish, and a start without TELEGRAM_WEBHOOK_URL goes back to long polling.
 */
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { exitWithin, fanoutConfig, startHerald, waitFor } from '../support/process-herald.js';

const TOKEN = '7000001:AAE-herald-test-token-0123456789';
const GROUP = { id: -1001000000001, type: 'supergroup', title: 'Fans' };
const USER = { id: 4242, first_name: 'Alice' };
const READY = /^Herald is running/;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('herald start with its HTTP server', () => {
  it('serves health, readiness and metrics; takes updates on the webhook; finishes one under way on SIGTERM', async () => {
    const telegram = new FakeTelegram(TOKEN);
    await telegram.start();
    try {
      const dir = fanoutConfig([String(GROUP.id)], Date.now() + 3_600_000);
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env = {
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        HERALD_CONFIG_DIR: dir,
        HERALD_DATABASE: path.join(dir, 'herald.db'),
        HERALD_HTTP_PORT: String(port),
      };
      const webhookUrl = `${base}/telegram/updates`;
      const child = startHerald({ ...env, TELEGRAM_WEBHOOK_URL: webhookUrl }, dir);
      await child.waitForLog(READY, 60_000);

      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(health.headers.get('x-content-type-options')).toBe('nosniff');
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        ready: true,
        checks: { 'adapter:telegram': { ready: true } },
      });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('herald_adapter_connected{platform="telegram"} 1');
      expect(metrics).toContain('herald_ledger_rows{state="planned"} 1');
      expect(metrics).toMatch(/^process_resident_memory_bytes \d+/m);

      expect(telegram.webhook?.url).toBe(webhookUrl);
      const secret = telegram.webhook?.secretToken ?? '';
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(child.output()).not.toContain(secret);
      expect((await telegram.postToWebhook('{"update_id":1}', { secret: 'wrong' })).status).toBe(401);

      // A command under way when SIGTERM comes: the Bot API holds its answer.
      const release = telegram.hold('sendMessage');
      telegram.type(GROUP, USER, '/next@herald_bot');
      await telegram.delivered();
      await waitFor(
        () => telegram.calls.some((c) => c.method === 'sendMessage'),
        10_000,
        'the answer to be sent',
      );
      child.signal('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      const exit = await exitWithin(child, 30_000);
      expect(exit.code).toBe(0);
      expect(telegram.sentTo(GROUP.id)).toHaveLength(1);
      expect(telegram.sentTo(GROUP.id)[0]?.text).toContain('Fan-out launch');

      // Without the URL: back to long polling.
      const polling = startHerald(env, dir);
      await polling.waitForLog(READY, 60_000);
      expect(telegram.webhook).toBeUndefined();
      telegram.type(GROUP, USER, '/next@herald_bot');
      await waitFor(
        () => telegram.sentTo(GROUP.id).length === 2,
        10_000,
        'the answer by polling',
        () => polling.output(),
      );
      polling.signal('SIGTERM');
      expect((await exitWithin(polling, 30_000)).code).toBe(0);

      // With it again: the same secret, kept in the store.
      const again = startHerald({ ...env, TELEGRAM_WEBHOOK_URL: webhookUrl }, dir);
      await again.waitForLog(READY, 60_000);
      expect(telegram.webhook?.secretToken).toBe(secret);
      again.signal('SIGTERM');
      expect((await exitWithin(again, 30_000)).code).toBe(0);
    } finally {
      await telegram.stop();
    }
  });

  it('refuses TELEGRAM_WEBHOOK_URL without HERALD_HTTP_PORT, naming both', async () => {
    const dir = fanoutConfig([String(GROUP.id)], Date.now() + 3_600_000);
    const child = startHerald(
      {
        TELEGRAM_BOT_TOKEN: TOKEN,
        HERALD_CONFIG_DIR: dir,
        HERALD_DATABASE: path.join(dir, 'herald.db'),
        TELEGRAM_WEBHOOK_URL: 'https://herald.example.com/telegram/updates',
      },
      dir,
    );
    const exit = await exitWithin(child, 30_000);
    expect(exit.code).toBe(2);
    expect(child.output()).toContain('environment TELEGRAM_WEBHOOK_URL: needs HERALD_HTTP_PORT');
  });
});
