import { PassThrough } from 'node:stream';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.js';
import { HeraldApp } from '../../src/app.js';
import type { HeraldConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/logger.js';
import { SqliteStores } from '../../src/stores/sqlite/sqlite-stores.js';
import { FakeClock } from '../fakes/fake-clock.js';

/** Herald on the console adapter: type lines, read what the terminal shows. */
export async function consoleSession(config: HeraldConfig, start: string) {
  const clock = new FakeClock(start);
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString('utf8');
  });
  const adapter = new ConsoleAdapter({ input, output, clock, zone: 'Europe/Paris' });
  const stores = new SqliteStores(':memory:');
  const app = new HeraldApp({
    config,
    stores,
    clock,
    logger: silentLogger(),
    adapters: [adapter],
    instanceId: 't',
    schedulerCapMs: 3_600_000,
  });
  await app.start();
  await clock.advance(0);
  return {
    app,
    clock,
    stores,
    /** Types a line and returns what the terminal printed in answer. */
    async say(line: string): Promise<string> {
      const before = shown.length;
      input.write(`${line}\n`);
      await clock.advance(0);
      await adapter.drain();
      await clock.advance(0);
      return shown.slice(before);
    },
    output: () => shown,
    async close() {
      await app.stop();
      await stores.close();
    },
  };
}
