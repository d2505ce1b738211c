import { existsSync, statSync } from 'node:fs';
import { DEFAULT_TIMINGS } from '../cluster/standing.js';
import { secretsOf } from '../config/load.js';
import { StoreError } from '../core/errors.js';
import { registerSecrets } from '../core/redact.js';
import { LEDGER_STATUSES } from '../ledger/row.js';
import { checkStoreUrl, isPostgresUrl, openStores } from '../stores/open-stores.js';
import { displayUrl } from '../stores/postgres/database.js';
import type { Stores } from '../stores/stores.js';
import { type CopiedTable, copyStores, RUNNING_WITHIN_MS } from './db-copy.js';

/**
 * The cluster's rule (src/cluster/standing.ts): a member whose last beat is older than this is
 * dead, and the others take over its chats and claims.
 */
export const ALIVE_MS = DEFAULT_TIMINGS.deadAfterMs;

/** The store a `herald db` command works on, and how messages name it (password redacted). */
interface Named {
  readonly stores: Stores;
  readonly label: string;
}

function sqliteFile(url: string): string | undefined {
  if (url === ':memory:' || isPostgresUrl(url)) return undefined;
  return url.startsWith('sqlite:') ? url.slice('sqlite:'.length) : url;
}

/** Opens a store by URL; `mustExist`: a SQLite file that is not there is refused, not created. */
function open(url: string, mustExist: boolean): Named {
  registerSecrets(secretsOf({ HERALD_DATABASE: url }));
  checkStoreUrl(url);
  const file = sqliteFile(url);
  if (url === ':memory:')
    throw new StoreError('an in-memory store has nothing to keep', 'name a file or a postgres:// URL');
  if (mustExist && file !== undefined && !existsSync(file))
    throw new StoreError(
      `no SQLite database at ${file}`,
      'check the path (sqlite:data/herald.db is the default)',
    );
  return {
    stores: openStores(url),
    label: file === undefined ? `PostgreSQL ${displayUrl(url)}` : `SQLite ${file}`,
  };
}

async function using<T>(named: Named, work: (stores: Stores) => Promise<T>): Promise<T> {
  try {
    return await work(named.stores);
  } finally {
    await named.stores.close();
  }
}

/** `herald db migrate`: brings the schema up to date (what every start also does). */
export async function dbMigrate(url: string): Promise<string> {
  const named = open(url, false);
  return using(named, async (stores) => {
    const before = await stores.tables.schema();
    await stores.migrate();
    const after = await stores.tables.schema();
    const added = after.applied.filter((v) => !before.applied.includes(v));
    return added.length === 0
      ? `${named.label}: schema at version ${Math.max(0, ...after.applied)}, up to date.`
      : `${named.label}: applied version${added.length === 1 ? '' : 's'} ${added.join(', ')}; schema at version ${Math.max(0, ...after.applied)}.`;
  });
}

export interface DbStatus {
  readonly store: string;
  readonly schema: { readonly version: number; readonly latest: number; readonly missing: readonly number[] };
  readonly instances: readonly {
    readonly id: string;
    readonly state: 'alive' | 'silent' | 'stopped';
    readonly lastBeat: string;
    /** Seconds from the last beat to the status. */
    readonly lastBeatAgoS: number;
    readonly startedAt: string;
  }[];
  readonly ledger: Readonly<Record<string, number>>;
  readonly tables: Readonly<Record<string, number>>;
}

/** `herald db status`: the schema version, the instances and their last beats, the ledger's rows by state. */
export async function dbStatus(url: string, now: number): Promise<DbStatus> {
  const named = open(url, true);
  return using(named, async (stores) => {
    const schema = await stores.tables.schema();
    const version = Math.max(0, ...schema.applied);
    const missing: number[] = [];
    for (let v = 1; v <= schema.latest; v++) if (!schema.applied.includes(v)) missing.push(v);
    if (schema.applied.length === 0)
      return {
        store: named.label,
        schema: { version, latest: schema.latest, missing },
        instances: [],
        ledger: {},
        tables: {},
      };
    const instances = (await stores.instances.list()).map((i) => ({
      id: i.id,
      state:
        i.stoppedAt !== undefined
          ? ('stopped' as const)
          : now - i.beatAt < ALIVE_MS
            ? ('alive' as const)
            : ('silent' as const),
      lastBeat: new Date(i.beatAt).toISOString(),
      lastBeatAgoS: Math.max(0, Math.floor((now - i.beatAt) / 1000)),
      startedAt: new Date(i.startedAt).toISOString(),
    }));
    const tables: Record<string, number> = {};
    await stores.tables.snapshot(async (reader) => {
      for (const table of await stores.tables.tables()) tables[table] = await reader.count(table);
    });
    return {
      store: named.label,
      schema: { version, latest: schema.latest, missing },
      instances,
      ledger: await stores.ledger.count(),
      tables,
    };
  });
}

function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 7_200) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3_600)} h ago`;
  return `${Math.round(s / 86_400)} days ago`;
}

export function formatStatus(status: DbStatus, now: number): string {
  const { schema } = status;
  const lines = [`Store: ${status.store}`];
  if (schema.version === 0) {
    lines.push('Schema: none yet (a new database): `herald db migrate` or a start creates it.');
    return lines.join('\n');
  }
  lines.push(
    schema.missing.length === 0
      ? `Schema: version ${schema.version}, up to date.`
      : `Schema: version ${schema.version} of ${schema.latest}; missing ${schema.missing.join(', ')}: run \`herald db migrate\` (a start also migrates).`,
  );
  const alive = status.instances.filter((i) => i.state === 'alive').length;
  lines.push(`Instances: ${alive} alive of ${status.instances.length} known`);
  for (const i of status.instances) {
    const what =
      i.state === 'stopped'
        ? `stopped (last beat ${i.lastBeat})`
        : i.state === 'alive'
          ? `alive, last beat ${ago(i.lastBeat, now)}`
          : `not alive, last beat ${ago(i.lastBeat, now)} (${i.lastBeat}): a cluster takes its chats and claims after ${ALIVE_MS / 1000} s without a beat${
              i.lastBeatAgoS * 1000 < RUNNING_WITHIN_MS
                ? ` (outside a cluster, with HERALD_CLUSTER=off or on SQLite by default, a running instance beats once per scheduler pass, up to ${RUNNING_WITHIN_MS / 1000} s apart)`
                : ''
            }`;
    lines.push(`  ${i.id}: ${what}; started ${i.startedAt}`);
  }
  const total = Object.values(status.ledger).reduce((a, b) => a + b, 0);
  lines.push(
    `Ledger: ${total} row${total === 1 ? '' : 's'}: ${LEDGER_STATUSES.map((s) => `${s} ${status.ledger[s] ?? 0}`).join(', ')}`,
  );
  lines.push(
    `Tables: ${Object.entries(status.tables)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );
  return lines.join('\n');
}

/** Whether two SQLite paths name one file (`sqlite:data/h.db`, `./data/h.db`, a link to it). */
function sameFile(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || !existsSync(a) || !existsSync(b)) return false;
  const [x, y] = [statSync(a), statSync(b)];
  return x.dev === y.dev && x.ino === y.ino;
}

/**
 * `herald db copy`: every table from one store to another, in one transaction on the target.
 * Refused into the source itself (however spelled: copyStores asks PostgreSQL) and into a
 * target with running instances; `warn` hears of instances running on the source.
 */
export async function dbCopy(
  fromUrl: string,
  toUrl: string,
  force: boolean,
  warn: (message: string) => void = () => undefined,
): Promise<string> {
  checkStoreUrl(fromUrl);
  checkStoreUrl(toUrl);
  if (fromUrl === toUrl || sameFile(sqliteFile(fromUrl), sqliteFile(toUrl)))
    throw new StoreError('--from and --to name the same database', 'name two databases');
  const from = open(fromUrl, true);
  return using(from, async () => {
    const to = open(toUrl, false);
    return using(to, async () => {
      const copied = await copyStores(from.stores, to.stores, { force, warn });
      return formatCopy(from.label, to.label, copied);
    });
  });
}

function formatCopy(from: string, to: string, copied: readonly CopiedTable[]): string {
  const width = Math.max(...copied.map((c) => c.table.length));
  const total = copied.reduce((a, c) => a + c.rows, 0);
  return [
    `Copied ${from} → ${to}:`,
    ...copied.map((c) => `  ${c.table.padEnd(width)}  ${String(c.rows).padStart(9)}`),
    `${total} row${total === 1 ? '' : 's'} in ${copied.length} tables, in one transaction; each table's rows counted in both before it committed.`,
  ].join('\n');
}
