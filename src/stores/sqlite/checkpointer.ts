import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/**
 * Folds SQLite's write-ahead log back into the database from a worker thread, on its own
 * connection, so the event loop that sends posts never stalls on a checkpoint (at 10,000
 * pages an automatic checkpoint blocks the committing thread for tens of milliseconds).
 */
export class SqliteCheckpointer {
  private readonly worker: Worker;

  constructor(file: string, intervalMs = 1_000) {
    const source = `
      const { workerData, parentPort } = require('node:worker_threads');
      const Database = require(workerData.module);
      const db = new Database(workerData.file);
      db.pragma('busy_timeout = 1000');
      const timer = setInterval(() => {
        try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
      }, workerData.intervalMs);
      parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
    `;
    this.worker = new Worker(source, {
      eval: true,
      workerData: { file, intervalMs, module: require.resolve('better-sqlite3') },
    });
    this.worker.unref();
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage('stop');
    await exited;
  }
}
