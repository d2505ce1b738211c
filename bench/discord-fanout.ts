/**
 * A burst to 500 Discord channels across 50 guilds: a countdown, a change notice and a digest
 * for each (1,500 posts), so that both the global limit and the per-channel buckets bind,
 * against the fake Discord enforcing them with real headers, scaled by K (50·K requests/s
 * global, 5·K messages per 5 s per channel). Herald's ledger + dispatcher + discord.js adapter,
 * beside a plain Promise.all of sends through discord.js's REST queue. Prints JSON lines.
 */
import { REST, Routes } from 'discord.js';
import { DiscordAdapter } from '../src/adapters/discord/discord-adapter.js';
import { allCommands } from '../src/commands/registry.js';
import { systemClock } from '../src/core/clock.js';
import { parseDuration } from '../src/core/duration.js';
import { silentLogger } from '../src/core/logger.js';
import type { LaunchEvent, Target } from '../src/core/types.js';
import { PostComposer } from '../src/delivery/composer.js';
import { Dispatcher } from '../src/delivery/dispatcher.js';
import { inserting } from '../src/ledger/diff.js';
import { ledgerKey, NO_EVENT } from '../src/ledger/key.js';
import type { PlannedPost } from '../src/ledger/row.js';
import { planEvent } from '../src/scheduler/plan.js';
import { SqliteStores } from '../src/stores/sqlite/sqlite-stores.js';
import { type FakeStats, startFakeProcess } from './fake-process.js';
import { serveUntilDrained } from './serve.js';
import { envInt } from './stats.js';

const GUILDS = envInt('BENCH_DC_GUILDS', 50);
const PER_GUILD = envInt('BENCH_DC_CHANNELS', 10);
// 3× by default: at 10× (500 requests/s) the client process itself is CPU-bound on a 2-core machine,
// so the result would measure the machine rather than the pacing.
const K = envInt('BENCH_DC_SCALE', 3);
const TOKEN = 'OTAw.bench.discord-token-0123456789';
const limits = { globalPerSecond: 50 * K, perChannel: 5 * K, perChannelWindowMs: 5000 };
const POSTS_PER_CHANNEL = 3;

function startFake() {
  return startFakeProcess<{ apiRoot: string; channels: string[] }>('discord-server-process.ts', [
    TOKEN,
    String(GUILDS),
    String(PER_GUILD),
    String(limits.globalPerSecond),
    String(limits.perChannel),
    String(limits.perChannelWindowMs),
  ]);
}

function tally(name: string, stats: FakeStats, channels: string[], startedAt: number) {
  const expected = channels.length * POSTS_PER_CHANNEL;
  const perChannel = new Map<string, number>();
  for (const m of stats.sent) perChannel.set(m.chat_id, (perChannel.get(m.chat_id) ?? 0) + 1);
  const last = Math.max(...stats.sent.map((m) => m.at), startedAt);
  const wallMs = last - startedAt;
  const floorMs = (expected / limits.globalPerSecond) * 1000;
  return {
    name,
    posts: expected,
    floorMs: Math.round(floorMs),
    wallMs,
    rateRatio: Number((stats.sent.length / (wallMs / 1000) / limits.globalPerSecond).toFixed(3)),
    tooManyRequests: stats.tooManyRequests,
    duplicates: [...perChannel.values()].reduce((sum, n) => sum + Math.max(0, n - POSTS_PER_CHANNEL), 0),
    lost: channels.reduce((sum, c) => sum + Math.max(0, POSTS_PER_CHANNEL - (perChannel.get(c) ?? 0)), 0),
  };
}

async function herald() {
  const fake = await startFake();
  const store = new SqliteStores(':memory:');
  await store.migrate();
  const targets: Target[] = fake.channels.map((chatId) => ({
    key: `discord:${chatId}`,
    platform: 'discord',
    chatId,
    locale: 'it',
    zone: 'Europe/Rome',
    follows: { tags: ['launch'], events: [] },
    kinds: ['countdown', 'notice', 'digest'],
    enabled: true,
    source: 'config',
  }));
  for (const target of targets) await store.targets.put(target);
  const due = Date.now() + 3_000;
  const event: LaunchEvent = {
    id: 'mi8-it',
    title: { it: 'Lancio di Mi 8 — Italia' },
    description: { it: 'Xiaomi presenta Mi 8.' },
    start: { kind: 'instant', at: due + 3_600_000 },
    zone: 'Europe/Rome',
    city: 'Milano',
    links: [],
    tags: ['launch'],
    status: 'scheduled',
    source: 'config',
    revision: 2,
  };
  await store.events.put(event);
  const countdowns = planEvent(event, targets, [], {
    milestones: [parseDuration('1h')],
    reminderOffsets: [],
    dateOnlyPostTime: '10:00',
  });
  const notices: PlannedPost[] = countdowns.map((c) => ({
    ...c,
    key: ledgerKey(event.id, 'changed', 'r2', c.targetKey),
    kind: 'changed',
    slot: 'r2',
    payload: { type: 'change', changes: [{ field: 'city', before: 'Roma', after: 'Milano' }] },
  }));
  const digests: PlannedPost[] = countdowns.map((c) => ({
    ...c,
    key: ledgerKey(NO_EVENT, 'digest', 'bench', c.targetKey),
    eventId: NO_EVENT,
    kind: 'digest',
    slot: 'bench',
    payload: { type: 'digest', windowMs: 7 * 86_400_000 },
  }));
  await store.ledger.apply(inserting([...countdowns, ...notices, ...digests]), Date.now());
  const logger = silentLogger();
  const adapter = new DiscordAdapter({
    token: TOKEN,
    apiRoot: fake.apiRoot,
    clock: systemClock,
    logger,
    commands: allCommands(),
    syncGuildCommands: false,
    globalRequestsPerSecond: limits.globalPerSecond,
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
    // Per channel Discord allows a burst (5 per 5 s), which discord.js tracks from the headers:
    // the dispatcher only spaces posts to one channel by the burst rate.
    limits: {
      discord: {
        perSecond: limits.globalPerSecond,
        perChatPerSecond: 5 * K,
        perGroupPerMinute: Number.POSITIVE_INFINITY,
      },
    },
  });
  dispatcher.register(adapter);
  await serveUntilDrained(store, dispatcher, logger, due + 120_000);
  await adapter.stop();
  const result = tally('herald: ledger + dispatcher', await fake.stats(), fake.channels, due);
  fake.stop();
  await store.close();
  return result;
}

async function baseline() {
  const fake = await startFake();
  const rest = new REST({ api: fake.apiRoot, globalRequestsPerSecond: limits.globalPerSecond }).setToken(
    TOKEN,
  );
  const started = Date.now();
  const sends = fake.channels.flatMap((channel) =>
    ['⏳ countdown', '✏️ change', '🗓️ digest'].map((title) =>
      rest.post(Routes.channelMessages(channel), {
        body: { embeds: [{ title }], allowed_mentions: { parse: [] } },
      }),
    ),
  );
  await Promise.allSettled(sends);
  const result = tally(
    'discord.js REST queue, Promise.all of sends',
    await fake.stats(),
    fake.channels,
    started,
  );
  fake.stop();
  return result;
}

const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'herald') process.stdout.write(`${JSON.stringify(await herald())}\n`);
if (which === 'all' || which === 'baseline') process.stdout.write(`${JSON.stringify(await baseline())}\n`);
process.exit(0);
