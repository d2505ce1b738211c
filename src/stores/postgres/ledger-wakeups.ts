import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { LedgerWakeups } from '../../ledger/wakeups.js';
import type { PostgresDatabase, Sql } from './database.js';

/** The channel every Herald on a database notifies; the payload names the schema and the sender. */
const CHANNEL = 'herald_ledger';
/** Notifications arriving together make one wake-up. */
const COALESCE_MS = 50;
/** A lost listening session is opened again after this (the scheduler polls meanwhile). */
const RECONNECT_MS = 2_000;

/**
 * Ledger wake-ups over LISTEN/NOTIFY. A change that can bring a post forward (an insert, a move,
 * a revival) sends `NOTIFY herald_ledger` inside its own transaction, so the word goes out on
 * commit and never for a change rolled back. Each process listens on a session of its own and
 * ignores its own notifications (it pokes its scheduler itself). A lost session is reopened;
 * what was missed meanwhile is found by the scheduler's polling cap.
 */
export class PostgresLedgerWakeups implements LedgerWakeups {
  /** This process's mark in the payload. */
  private readonly sender = randomBytes(6).toString('hex');
  private session: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private coalescing: NodeJS.Timeout | undefined;

  constructor(private readonly db: PostgresDatabase) {}

  /** Within a ledger transaction: tells the other processes when it commits. */
  async notify(sql: Sql): Promise<void> {
    await sql.query('SELECT pg_notify($1, $2)', [CHANNEL, this.payload(this.sender)]);
  }

  async subscribe(onChange: () => void, onTrouble?: (message: string) => void): Promise<boolean> {
    const wake = () => {
      if (this.coalescing || this.closed) return;
      this.coalescing = setTimeout(() => {
        this.coalescing = undefined;
        if (!this.closed) onChange();
      }, COALESCE_MS);
    };
    const listen = async (): Promise<void> => {
      if (this.closed) return;
      const client = this.db.client('herald-wakeups');
      const lost = (why: string) => {
        if (this.session !== client || this.closed) return;
        this.session = undefined;
        void client.end().catch(() => undefined);
        onTrouble?.(`ledger wake-ups lost (${why}); polling until the session is back`);
        this.retry = setTimeout(() => void listen(), RECONNECT_MS);
      };
      client.on('notification', (message) => {
        const [schema, sender] = (message.payload ?? '').split('|');
        if (schema === (this.db.schema ?? '') && sender !== this.sender) wake();
      });
      client.on('error', (error) => lost(error.message));
      client.on('end', () => lost('the session ended'));
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
        if (this.closed) {
          await client.end();
          return;
        }
        this.session = client;
        // Whatever changed while no one listened: look once.
        wake();
      } catch (error) {
        void client.end().catch(() => undefined);
        onTrouble?.(
          `ledger wake-ups unavailable (${error instanceof Error ? error.message : String(error)}); polling meanwhile`,
        );
        if (!this.closed) this.retry = setTimeout(() => void listen(), RECONNECT_MS);
      }
    };
    await listen();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.coalescing) clearTimeout(this.coalescing);
    const session = this.session;
    this.session = undefined;
    await session?.end().catch(() => undefined);
  }

  private payload(sender: string): string {
    return `${this.db.schema ?? ''}|${sender}`;
  }
}
