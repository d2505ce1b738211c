/**
 * Three Herald instances in one process on one shared store and one fake clock: the chats
 * partitioned among them, one rate budget per platform, claims that pass on when an instance
 * dies, one holder of each inbound connection. The same design runs across processes on
 * PostgreSQL in test/process/cluster-*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type {
  Adapter,
  Address,
  ExclusiveInbound,
  InboundCommand,
  InboundHandlers,
  PostedRef,
} from '../../src/adapters/adapter.js';
import { HeraldApp } from '../../src/app.js';
import { chatOwner } from '../../src/cluster/partition.js';
import { DEFAULT_TIMINGS } from '../../src/cluster/standing.js';
import type { Clock, TimerHandle } from '../../src/core/clock.js';
import { createLogger, silentLogger } from '../../src/core/logger.js';
import type { Platform } from '../../src/core/types.js';
import { type OutboundMessage, renderPlain } from '../../src/messages/model.js';
import { CLUSTER_CLAIM_HORIZON_MS } from '../../src/scheduler/scheduler.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { testConfig } from '../support/config.js';

const LIMITS = { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };
const LAUNCH = '2018-05-22T12:00:00Z';

/** One instance's view of the shared fake clock: once killed, none of its timers fires again. */
class InstanceClock implements Clock {
  dead = false;
  constructor(private readonly base: FakeClock) {}
  now(): number {
    return this.base.now();
  }
  setTimer(fn: () => void, ms: number): TimerHandle {
    return this.base.setTimer(() => {
      if (!this.dead) fn();
    }, ms);
  }
  clearTimer(handle: TimerHandle): void {
    this.base.clearTimer(handle);
  }
}

interface Sent {
  readonly at: number;
  readonly chatId: string;
  readonly by: string;
  readonly text: string;
}

/** A platform as seen by all instances at once: every post any of them makes, and who holds the inbound connection. */
class FakePlatform {
  readonly sent: Sent[] = [];
  readonly listeners = new Set<string>();
  /** Most holders seen at once (a second Telegram poller would get 409). */
  maxListeners = 0;
  readonly replies: { chatId: string; by: string; text: string }[] = [];
}

/** A Telegram-like adapter of one instance: posts land on the shared FakePlatform; its poll is exclusive. */
class InstanceAdapter implements Adapter {
  readonly platform: Platform = 'telegram';
  dead = false;
  handlers: InboundHandlers | undefined;

  constructor(
    private readonly shared: FakePlatform,
    private readonly id: string,
    private readonly clock: Clock,
  ) {}

  async start(handlers: InboundHandlers): Promise<void> {
    await this.exclusiveInbound().listen(handlers, () => undefined);
  }
  async stop(): Promise<void> {
    await this.exclusiveInbound().unlisten();
  }
  pacing(address: Address): 'group' | 'chat' {
    return !address.dm && address.chatId.startsWith('-') ? 'group' : 'chat';
  }
  async post(address: Address, message: OutboundMessage): Promise<PostedRef> {
    if (this.dead) return new Promise(() => undefined); // a killed process never hears back
    this.shared.sent.push({
      at: this.clock.now(),
      chatId: address.chatId,
      by: this.id,
      text: renderPlain(message),
    });
    return { messageId: String(this.shared.sent.length) };
  }
  exclusiveInbound(): ExclusiveInbound {
    return {
      lease: 'telegram:poller',
      connect: async () => undefined,
      listen: async (handlers) => {
        this.handlers = handlers;
        this.shared.listeners.add(this.id);
        this.shared.maxListeners = Math.max(this.shared.maxListeners, this.shared.listeners.size);
      },
      unlisten: async () => {
        this.handlers = undefined;
        this.shared.listeners.delete(this.id);
      },
    };
  }

  /** A user types a command that this instance's poll receives (update `updateId`). */
  async receive(chatId: string, text: string, updateId: number): Promise<void> {
    const handlers = this.handlers;
    if (!handlers) throw new Error(`${this.id} does not hold the poll`);
    const [name = '', ...rest] = text.slice(1).split(' ');
    const command: InboundCommand = {
      platform: 'telegram',
      name,
      args: { kind: 'text', text: rest.join(' ') },
      chatId,
      chatKind: 'private',
      community: `telegram:chat:${chatId}`,
      addressed: true,
      userId: chatId,
      deliveryId: `telegram:${updateId}`,
      isChatAdmin: async () => false,
      reply: async (message) => {
        this.shared.replies.push({ chatId, by: this.id, text: renderPlain(message) });
      },
    };
    await handlers.onCommand(command);
  }
}

interface Instance {
  readonly id: string;
  readonly app: HeraldApp;
  readonly clock: InstanceClock;
  readonly adapter: InstanceAdapter;
}

function chats(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(-1001000000001 - i));
}

/** Every chat follows two launches at the same instant: two posts per chat, 1 s apart at best. */
function config(chatIds: readonly string[], extra: Record<string, unknown> = {}) {
  return testConfig(
    {
      defaults: { locale: 'en', zone: 'UTC' },
      countdown: { milestones: ['0'] },
      reminders: { offsets: [] },
      delivery: { telegram: LIMITS },
      targets: chatIds.map((chat) => ({
        platform: 'telegram',
        chat,
        follows: { tags: ['launch'] },
        kinds: ['live', 'digest'],
      })),
      ...extra,
    },
    ['a', 'b'].map((id) => ({ id, title: `Launch ${id}`, start: LAUNCH, zone: 'UTC', tags: ['launch'] })),
  );
}

async function cluster(
  chatIds: readonly string[],
  start: string,
  ids = ['herald-1', 'herald-2', 'herald-3'],
  extra: Record<string, unknown> = {},
  /** Instances that run no Telegram (no token). */
  bare: readonly string[] = [],
) {
  const clock = new FakeClock(start);
  const stores = new SqliteStores(':memory:');
  const platform = new FakePlatform();
  const cfg = config(chatIds, extra);
  const instances: Instance[] = [];
  const launch = async (id: string) => {
    const own = new InstanceClock(clock);
    const adapter = new InstanceAdapter(platform, id, own);
    const app = new HeraldApp({
      config: cfg,
      stores,
      clock: own,
      logger: process.env.HERALD_TEST_LOG
        ? createLogger({ level: 'debug' }).child({ instance: id })
        : silentLogger(),
      adapters: bare.includes(id) ? [] : [adapter],
      instanceId: id,
      jitter: () => 0,
      cluster: {},
    });
    await app.start();
    const instance = { id, app, clock: own, adapter };
    instances.push(instance);
    return instance;
  };
  for (const id of ids) {
    await launch(id);
    await clock.advance(0);
  }
  return {
    clock,
    stores,
    platform,
    instances,
    launch,
    /** SIGKILL: nothing of it runs again; its sends never come back. */
    kill(instance: Instance) {
      instance.clock.dead = true;
      instance.adapter.dead = true;
      platform.listeners.delete(instance.id);
    },
  };
}

/** The most posts in any window of `ms` (sliding). */
function peak(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[j] ?? 0) <= (sorted[i] ?? 0) - ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function byChat(sent: readonly Sent[]): Map<string, Sent[]> {
  const out = new Map<string, Sent[]>();
  for (const s of sent) out.set(s.chatId, [...(out.get(s.chatId) ?? []), s]);
  return out;
}

describe('three instances on one store', { timeout: 60_000 }, () => {
  it('send every post once, each chat from one instance, under the budget of one bot', async () => {
    const ids = chats(150);
    const c = await cluster(ids, '2018-05-22T11:59:00Z');
    await c.clock.advanceTo('2018-05-22T12:01:00Z');
    expect(c.platform.sent.length).toBe(300);
    const perChat = byChat(c.platform.sent);
    expect(perChat.size).toBe(150);
    for (const [chat, posts] of perChat) {
      expect(posts.map((p) => p.text.split('\n')[0]).sort()).toEqual([
        '🚀 Live now: Launch a',
        '🚀 Live now: Launch b',
      ]);
      // One sender per chat, the one the partition names; its own limit (1/s) holds.
      expect(new Set(posts.map((p) => p.by))).toEqual(
        new Set([chatOwner(['herald-1', 'herald-2', 'herald-3'], 'telegram', chat)]),
      );
      expect(Math.abs((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0))).toBeGreaterThanOrEqual(1000);
    }
    // One budget for the bot: never more than 30 in any second, all instances together.
    expect(
      peak(
        c.platform.sent.map((s) => s.at),
        1000,
      ),
    ).toBeLessThanOrEqual(30);
    // And every instance took part.
    expect(new Set(c.platform.sent.map((s) => s.by)).size).toBe(3);
    const counts = await c.stores.ledger.count();
    expect(counts.sent).toBe(300);
  });

  it('pass a killed instance’s chats and claims to the others within seconds, and a stopped one’s too', async () => {
    const ids = chats(150);
    const all = ['herald-1', 'herald-2', 'herald-3'];
    const c = await cluster(ids, '2018-05-22T11:59:00Z');
    const [, two, three] = c.instances;
    if (!two || !three) throw new Error('three instances');
    await c.clock.advanceTo('2018-05-22T12:00:05Z');
    const before = c.platform.sent.length;
    expect(before).toBeGreaterThan(50);
    expect(before).toBeLessThan(250);
    c.kill(two);
    const killedAt = c.clock.now();
    await c.clock.advanceTo('2018-05-22T12:00:08Z');
    const stoppedAt = c.clock.now();
    const stopping = three.app.stop();
    await c.clock.advanceTo('2018-05-22T12:02:00Z');
    await stopping;
    const perChat = byChat(c.platform.sent);
    expect(perChat.size).toBe(150);
    for (const posts of perChat.values()) expect(posts.length).toBe(2);
    // A post for a chat of an instance that is gone comes from the survivor once it knows (a
    // heartbeat timeout after a kill, a short grace after a stop; seen at its next beat), behind
    // at most the claim it made a beat earlier (CLUSTER_CLAIM_HORIZON_MS of sends, paced 2 %
    // under the limit).
    const { deadAfterMs, beatMs, stopGraceMs } = DEFAULT_TIMINGS;
    const claim = CLUSTER_CLAIM_HORIZON_MS / 0.98;
    for (const [gone, at, within] of [
      ['herald-2', killedAt, deadAfterMs + 3 * beatMs + claim],
      ['herald-3', stoppedAt, stopGraceMs + 3 * beatMs + claim],
    ] as const) {
      const orphans = c.platform.sent.filter(
        (s) => s.at > at && chatOwner(all, 'telegram', s.chatId) === gone && s.by !== gone,
      );
      expect(orphans.length).toBeGreaterThan(0);
      for (const s of orphans) expect(s.by).toBe('herald-1');
      expect(Math.min(...orphans.map((s) => s.at)) - at).toBeLessThanOrEqual(within);
    }
    // Never more than one instance per chat at a time: a chat's own limit held throughout.
    for (const posts of perChat.values())
      expect(Math.abs((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0))).toBeGreaterThanOrEqual(1000);
    expect(
      peak(
        c.platform.sent.map((s) => s.at),
        1000,
      ),
    ).toBeLessThanOrEqual(30);
    expect((await c.stores.ledger.count()).sent).toBe(300);
  });

  it('share a platform’s chats only among the instances that run it', async () => {
    const ids = chats(60);
    const c = await cluster(ids, '2018-05-22T11:59:30Z', undefined, {}, ['herald-3']);
    await c.clock.advanceTo('2018-05-22T12:00:30Z');
    expect(c.platform.sent).toHaveLength(120);
    expect(new Set(c.platform.sent.map((s) => s.by))).toEqual(new Set(['herald-1', 'herald-2']));
    for (const s of c.platform.sent)
      expect(s.by).toBe(chatOwner(['herald-1', 'herald-2'], 'telegram', s.chatId));
  });

  it('fire a digest once although every instance ticks the same cron', async () => {
    const ids = chats(12);
    const c = await cluster(ids, '2018-05-21T08:59:00Z', undefined, {
      summaries: { cron: '0 9 * * *', window: '7d', skipWhenEmpty: true },
    });
    await c.clock.advanceTo('2018-05-21T09:01:00Z');
    const digests = c.platform.sent.filter((s) => s.text.startsWith('🗓️'));
    expect(digests.length).toBe(12);
    expect(new Set(digests.map((d) => d.chatId)).size).toBe(12);
  });

  it('poll with one instance at a time, hand the poll over when its holder dies, and answer a command once', async () => {
    const c = await cluster(chats(3), '2018-05-20T10:00:00Z');
    await c.clock.advance(2_000);
    expect(c.platform.listeners.size).toBe(1);
    const holder = c.instances.find((i) => c.platform.listeners.has(i.id));
    if (!holder) throw new Error('no holder');
    await holder.adapter.receive('42', '/help', 1);
    expect(c.platform.replies.map((r) => r.by)).toEqual([holder.id]);
    c.kill(holder);
    await c.clock.advance(1_000);
    expect(c.platform.listeners.size).toBe(0);
    await c.clock.advance(DEFAULT_TIMINGS.leaseTtlMs + 2 * DEFAULT_TIMINGS.beatMs);
    expect(c.platform.listeners.size).toBe(1);
    const next = c.instances.find((i) => c.platform.listeners.has(i.id));
    if (!next) throw new Error('nobody took over');
    expect(next.id).not.toBe(holder.id);
    // The dead holder had received update 1 but Telegram had no confirmation: it comes again.
    await next.adapter.receive('42', '/help', 1);
    await next.adapter.receive('42', '/next', 2);
    expect(c.platform.replies.map((r) => r.by)).toEqual([holder.id, next.id]);
    // A clean stop hands the poll over at the next beat.
    await next.app.stop();
    await c.clock.advance(2 * DEFAULT_TIMINGS.beatMs);
    expect([...c.platform.listeners]).toHaveLength(1);
    expect([...c.platform.listeners][0]).not.toBe(next.id);
    expect(c.platform.maxListeners).toBe(1);
  });

  it('lets a newcomer settle before it sends, and hands it its chats without breaking a chat’s own limit', async () => {
    const ids = chats(120);
    const c = await cluster(ids, '2018-05-22T11:59:50Z', ['herald-1', 'herald-2']);
    await c.clock.advanceTo('2018-05-22T12:00:03Z');
    await c.launch('herald-3');
    const joinedAt = c.clock.now();
    await c.clock.advanceTo('2018-05-22T12:01:00Z');
    const third = c.platform.sent.filter((s) => s.by === 'herald-3');
    expect(third.length).toBeGreaterThan(0);
    expect(Math.min(...third.map((s) => s.at)) - joinedAt).toBeGreaterThanOrEqual(DEFAULT_TIMINGS.settleMs);
    for (const posts of byChat(c.platform.sent).values()) {
      expect(posts.length).toBe(2);
      expect(Math.abs((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0))).toBeGreaterThanOrEqual(1000);
    }
    expect(
      peak(
        c.platform.sent.map((s) => s.at),
        1000,
      ),
    ).toBeLessThanOrEqual(30);
  });
});
