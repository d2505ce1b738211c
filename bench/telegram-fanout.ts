/**
 * One announcement to N Telegram chats (half groups, half private) against the fake Bot API
 * enforcing Telegram's limits scaled by K (30·K msg/s overall, K msg/s per chat, 20·K msg/min
 * per group), through Herald's ledger + dispatcher, beside grammY with transformer-throttler +
 * auto-retry (scaled the same way) and plain grammY. Prints JSON lines.
 */

import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Bot } from 'grammy';
import { TelegramAdapter } from '../src/adapters/telegram/telegram-adapter.js';
import { allCommands } from '../src/commands/registry.js';
import { systemClock } from '../src/core/clock.js';
import { parseDuration } from '../src/core/duration.js';
import { silentLogger } from '../src/core/logger.js';
import type { LaunchEvent, Target } from '../src/core/types.js';
import { PostComposer } from '../src/delivery/composer.js';
import { Dispatcher } from '../src/delivery/dispatcher.js';
import { inserting } from '../src/ledger/diff.js';
import { planEvent } from '../src/scheduler/plan.js';
import { SqliteStores } from '../src/stores/sqlite/sqlite-stores.js';
import { type FakeStats, startFakeProcess } from './fake-process.js';
import { serveUntilDrained } from './serve.js';
import { envInt } from './stats.js';

const N = envInt('BENCH_TG_CHATS', 2000);
const K = envInt('BENCH_TG_SCALE', 10);
const TOKEN = '7000001:AAE-bench-token-0123456789abcdef';
const limits = { perSecond: 30 * K, perChatPerSecond: K, perGroupPerMinute: 20 * K };
const chats = Array.from({ length: N }, (_, i) =>
  i % 2 === 0 ? String(-1_000_000_000_000 - i) : String(100_000 + i),
);
const floorMs = (N / limits.perSecond) * 1000;

interface Result {
  name: string;
  chats: number;
  floorMs: number;
  wallMs: number;
  rateRatio: number;
  tooManyRequests: number;
  duplicates: number;
  lost: number;
}

function startFake() {
  return startFakeProcess<{ apiRoot: string }>('telegram-server-process.ts', [
    TOKEN,
    String(limits.perSecond),
    String(limits.perChatPerSecond),
    String(limits.perGroupPerMinute),
  ]);
}

function tally(name: string, fake: FakeStats, startedAt: number): Result {
  const perChat = new Map<string, number>();
  for (const m of fake.sent) perChat.set(m.chat_id, (perChat.get(m.chat_id) ?? 0) + 1);
  const last = Math.max(...fake.sent.map((m) => m.at), startedAt);
  const wallMs = last - startedAt;
  return {
    name,
    chats: N,
    floorMs: Math.round(floorMs),
    wallMs,
    rateRatio: Number((perChat.size / (wallMs / 1000) / limits.perSecond).toFixed(3)),
    tooManyRequests: fake.tooManyRequests,
    duplicates: [...perChat.values()].reduce((sum, n) => sum + n - 1, 0),
    lost: chats.filter((c) => !perChat.has(c)).length,
  };
}

async function herald(): Promise<Result> {
  const fake = await startFake();
  const store = new SqliteStores(':memory:');
  await store.migrate();
  const targets: Target[] = chats.map((chatId) => ({
    key: `telegram:${chatId}`,
    platform: 'telegram',
    chatId,
    locale: 'en',
    zone: 'Europe/Paris',
    follows: { tags: ['launch'], events: [] },
    kinds: ['live'],
    enabled: true,
    source: 'config',
  }));
  for (const target of targets) await store.targets.put(target);
  const due = Date.now() + 1_500;
  const event: LaunchEvent = {
    id: 'mi8-fr',
    title: { en: 'Mi 8 launch — France' },
    description: { en: 'Xiaomi unveils the Mi 8.' },
    start: { kind: 'instant', at: due },
    zone: 'Europe/Paris',
    links: [],
    tags: ['launch'],
    status: 'scheduled',
    source: 'config',
    revision: 1,
  };
  await store.events.put(event);
  const rules = { milestones: [parseDuration('0')], reminderOffsets: [], dateOnlyPostTime: '10:00' };
  await store.ledger.apply(inserting(planEvent(event, targets, [], rules)), Date.now());
  const logger = silentLogger();
  const adapter = new TelegramAdapter({
    token: TOKEN,
    apiRoot: fake.apiRoot,
    clock: systemClock,
    logger,
    commands: allCommands(),
  });
  await adapter.start({ onCommand: async () => {} });
  const dispatcher = new Dispatcher({
    ledger: store.ledger,
    refs: store.refs,
    owner: 'bench',
    clock: systemClock,
    logger,
    composer: new PostComposer(store, true),
    maxAttempts: 8,
    limits: { telegram: limits },
  });
  dispatcher.register(adapter);
  await serveUntilDrained(store, dispatcher, logger, due + floorMs * 3 + 30_000);
  await adapter.stop();
  const result = tally('herald: ledger + dispatcher', await fake.stats(), due);
  fake.stop();
  await store.close();
  return result;
}

async function baseline(name: string, throttled: boolean): Promise<Result> {
  const fake = await startFake();
  const bot = new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
  if (throttled) {
    bot.api.config.use(
      apiThrottler({
        global: {
          reservoir: limits.perSecond,
          reservoirRefreshAmount: limits.perSecond,
          reservoirRefreshInterval: 1000,
        },
        group: {
          maxConcurrent: 1,
          minTime: 1000 / K,
          reservoir: limits.perGroupPerMinute,
          reservoirRefreshAmount: limits.perGroupPerMinute,
          reservoirRefreshInterval: 60_000,
        },
        out: { maxConcurrent: 1, minTime: 1000 / K },
      }),
    );
    bot.api.config.use(autoRetry());
  }
  const started = Date.now();
  await Promise.allSettled(
    chats.map((chat) => bot.api.sendMessage(chat, '🚀 Live now: Mi 8 launch — France')),
  );
  const result = tally(name, await fake.stats(), started);
  fake.stop();
  return result;
}

const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'herald') process.stdout.write(`${JSON.stringify(await herald())}\n`);
if (which === 'all' || which === 'throttled')
  process.stdout.write(
    `${JSON.stringify(await baseline('grammY + transformer-throttler + auto-retry', true))}\n`,
  );
if (which === 'all' || which === 'plain')
  process.stdout.write(`${JSON.stringify(await baseline('plain grammY (Promise.all)', false))}\n`);
process.exit(0);
