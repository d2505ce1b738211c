import type { Command } from 'commander';
import { redact } from '../core/redact.js';

/** HERALD_DATABASE as a start reads it (after .env), unless the command names another. */
function database(option: string | undefined): string {
  return option ?? process.env.HERALD_DATABASE ?? 'sqlite:data/herald.db';
}

const DATABASE_HELP = 'the store (default: HERALD_DATABASE, else sqlite:data/herald.db)';

/** `herald db migrate | status | copy`: the operator's tools for the store (src/cli/db.ts). */
export function registerDbCommands(program: Command): void {
  const db = program
    .command('db')
    .description('The store: schema migrations, status, copy between SQLite and PostgreSQL');

  db.command('migrate')
    .description('Bring the schema up to date (every start also does; safe with instances running)')
    .option('--database <url>', DATABASE_HELP)
    .action(async (opts: { database?: string }) => {
      const { dbMigrate } = await import('./db.js');
      process.stdout.write(`${redact(await dbMigrate(database(opts.database)))}\n`);
    });

  db.command('status')
    .description('Schema version, instances alive with their last heartbeat, ledger rows by state')
    .option('--database <url>', DATABASE_HELP)
    .option('--json', 'print JSON')
    .action(async (opts: { database?: string; json?: boolean }) => {
      const { dbStatus, formatStatus } = await import('./db.js');
      const now = Date.now();
      const status = await dbStatus(database(opts.database), now);
      const text = opts.json ? JSON.stringify(status, null, 2) : formatStatus(status, now);
      process.stdout.write(`${redact(text)}\n`);
    });

  db.command('copy')
    .description('Copy every table from one store to another, in one transaction, counts verified')
    .requiredOption('--from <url>', 'the store to read (sqlite:data/herald.db, postgres://…)')
    .requiredOption('--to <url>', 'the store to write (postgres://…, or sqlite:<path> to copy back)')
    .option('--force', 'replace what the target holds (refused otherwise when it is not empty)')
    .action(async (opts: { from: string; to: string; force?: boolean }) => {
      const { dbCopy } = await import('./db.js');
      const warn = (message: string) => process.stderr.write(`${redact(`warning: ${message}`)}\n`);
      process.stdout.write(`${redact(await dbCopy(opts.from, opts.to, opts.force === true, warn))}\n`);
    });
}
