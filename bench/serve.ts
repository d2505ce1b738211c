import { systemClock } from '../src/core/clock.js';
import type { Logger } from '../src/core/logger.js';
import type { Dispatcher } from '../src/delivery/dispatcher.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import type { Stores } from '../src/stores/stores.js';

/** Runs the real scheduler on the system clock until the ledger has nothing pending (or the deadline). */
export async function serveUntilDrained(
  store: Stores,
  dispatcher: Dispatcher,
  logger: Logger,
  deadline: number,
): Promise<void> {
  const scheduler = new Scheduler({
    ledger: store.ledger,
    instances: store.instances,
    dispatcher,
    clock: systemClock,
    logger,
    catchUp: { graceMs: 900_000, stale: 'digest' },
    owner: 'bench',
  });
  await scheduler.start();
  while (Date.now() < deadline) {
    const counts = await store.ledger.count();
    if (counts.planned === 0 && counts.sending === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await scheduler.stop();
}
