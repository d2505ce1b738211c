import type { Store } from '../src/calendar/store.js';
import { systemClock } from '../src/core/clock.js';
import type { Logger } from '../src/core/logger.js';
import type { Dispatcher } from '../src/scheduler/dispatcher.js';
import { Scheduler } from '../src/scheduler/scheduler.js';

/** Runs the real scheduler on the system clock until the ledger has nothing pending (or the deadline). */
export async function serveUntilDrained(
  store: Store,
  dispatcher: Dispatcher,
  logger: Logger,
  deadline: number,
): Promise<void> {
  const scheduler = new Scheduler({
    store,
    dispatcher,
    clock: systemClock,
    logger,
    catchUp: { graceMs: 900_000, stale: 'digest' },
    owner: 'bench',
  });
  await scheduler.start();
  while (Date.now() < deadline) {
    const counts = await store.countLedger();
    if (counts.planned === 0 && counts.sending === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await scheduler.stop();
}
