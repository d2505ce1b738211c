import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Platform } from '../../core/types.js';
import type { ClaimPartition } from '../../ledger/store.js';

const registered = new WeakSet<Database.Database>();

/** Registers `herald_md5(text)` on this connection (SQLite has no hash function of its own). */
export function withPartitionFunctions(db: Database.Database): void {
  if (registered.has(db)) return;
  db.function('herald_md5', { deterministic: true }, (text: unknown) =>
    createHash('md5').update(String(text)).digest('hex'),
  );
  registered.add(db);
}

const scoreOf = (member: string) => `herald_md5(${member} || '|' || platform || ':' || chat_id)`;

/**
 * The rows of the chats `@self` owns among the JSON array `@sharers` (the members running the
 * row's platform): no other scores higher for the row's chat. The same rule as
 * src/cluster/partition.ts `chatOwner`, in SQL.
 */
export const MINE = `NOT EXISTS (SELECT 1 FROM json_each(@sharers) m WHERE m.value <> @self AND (
  ${scoreOf('m.value')} > ${scoreOf('@self')}
  OR (${scoreOf('m.value')} = ${scoreOf('@self')} AND m.value > @self)))`;

/** The rows held by an instance that is not a member any more (it died or left). */
export const HELD_BY_LEAVER = `lease_owner NOT IN (SELECT value FROM json_each(@members))`;

/** Named parameters of MINE and HELD_BY_LEAVER for one platform. */
export function partitionParams(
  partition: ClaimPartition,
  platform: Platform,
): { self: string; members: string; sharers: string } {
  return {
    self: partition.self,
    members: JSON.stringify(partition.members),
    sharers: JSON.stringify(partition.byPlatform?.[platform] ?? partition.members),
  };
}
