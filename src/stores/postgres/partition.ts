/**
 * The chat partition of src/cluster/partition.ts in PostgreSQL: `$self` owns a row's chat when
 * no other member of the array `$members` scores higher (`md5('<member>|<platform>:<chatId>')`,
 * ties to the greater id). Every comparison is `COLLATE "C"`, the order JavaScript compares
 * strings in, whatever the database's own collation.
 */
function scoreOf(member: string): string {
  return `md5(${member} || '|' || platform || ':' || chat_id) COLLATE "C"`;
}

/** Rows of the chats `$<self>` owns among `$<members>` (a text[] parameter). */
export function mine(self: number, members: number): string {
  return `NOT EXISTS (SELECT 1 FROM unnest($${members}::text[]) AS m(id) WHERE m.id <> $${self} AND (
    ${scoreOf('m.id')} > ${scoreOf(`$${self}`)}
    OR (${scoreOf('m.id')} = ${scoreOf(`$${self}`)} AND m.id COLLATE "C" > $${self} COLLATE "C")))`;
}

/** Rows held by an instance that is not a member any more (it died or left). */
export function heldByLeaver(members: number): string {
  return `NOT (lease_owner = ANY($${members}::text[]))`;
}
