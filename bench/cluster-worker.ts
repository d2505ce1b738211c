/**
 * One Herald instance for the cluster benchmarks (bench/cluster.ts), in a process of its own:
 * the real Scheduler, Dispatcher, PostComposer and, on PostgreSQL, the Cluster (membership,
 * partitioned claims, shared rate budget) wired as src/app.ts wires them, with a null adapter
 * (every post accepted at once) or the real Telegram adapter (posting only: no poll).
 * Argument: a JSON WorkerSpec. Prints `{"acting":true}` once it may claim, then serves until
 * `exit` on stdin.
 */
import { createInterface } from 'node:readline';
import type { Adapter, PostedRef } from '../src/adapters/adapter.js';
import { TelegramAdapter } from '../src/adapters/telegram/telegram-adapter.js';
import { Cluster } from '../src/cluster/cluster.js';
import { allCommands } from '../src/commands/registry.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { PostComposer } from '../src/delivery/composer.js';
import { Dispatcher } from '../src/delivery/dispatcher.js';
import { type RateLimits, UNLIMITED } from '../src/delivery/rate-limiter.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { openStores } from '../src/stores/open-stores.js';

export interface WorkerSpec {
  readonly db: string;
  readonly id: string;
  readonly cluster: boolean;
  readonly adapter: 'null' | 'telegram';
  readonly apiRoot?: string;
  readonly token?: string;
  readonly limits?: RateLimits;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as WorkerSpec;
const logger = silentLogger();
const stores = openStores(spec.db);
await stores.migrate();

/** Takes every post at once: what the ledger, the claims and the composer cost alone. */
const nullAdapter: Adapter = {
  platform: 'telegram',
  async start() {},
  async stop() {},
  async post(): Promise<PostedRef> {
    return { messageId: '1' };
  },
};

let adapter: Adapter = nullAdapter;
if (spec.adapter === 'telegram') {
  const telegram = new TelegramAdapter({
    token: spec.token ?? '',
    ...(spec.apiRoot ? { apiRoot: spec.apiRoot } : {}),
    clock: systemClock,
    logger,
    commands: allCommands(),
  });
  await telegram.exclusiveInbound()?.connect();
  adapter = telegram;
}

let scheduler: Scheduler | undefined;
let dispatcher: Dispatcher | undefined;
const cluster = spec.cluster
  ? new Cluster({
      instances: stores.instances,
      coordination: stores.coordination,
      self: spec.id,
      clock: systemClock,
      logger,
      platforms: () => dispatcher?.platforms() ?? [],
      onChange: (shares) => {
        dispatcher?.setShares(shares);
        scheduler?.poke();
      },
    })
  : undefined;
dispatcher = new Dispatcher({
  ledger: stores.ledger,
  refs: stores.refs,
  clock: systemClock,
  logger,
  owner: spec.id,
  composer: new PostComposer(stores, true),
  maxAttempts: 8,
  limits: { telegram: spec.limits ?? UNLIMITED },
  ...(cluster ? { gate: cluster } : {}),
});
dispatcher.register(adapter);
scheduler = new Scheduler({
  ledger: stores.ledger,
  instances: stores.instances,
  dispatcher,
  clock: systemClock,
  logger,
  catchUp: { graceMs: 3_600_000, stale: 'digest' },
  owner: spec.id,
  // The benchmark makes posts due behind the schedulers' backs: each re-reads within a second.
  capMs: 1_000,
  ...(cluster ? { scope: cluster } : {}),
});
await scheduler.start();
if (cluster) {
  await cluster.start();
  while (!cluster.partition(Date.now())) await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stdout.write(`${JSON.stringify({ acting: true })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'exit') break;
}
await scheduler.stop();
await cluster?.stop();
await adapter.stop();
await stores.close();
process.exit(0);
