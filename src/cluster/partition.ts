import { createHash } from 'node:crypto';

/**
 * Which live instance sends to a chat: rendezvous (highest random weight) hashing. Each member
 * scores `md5("<member>|<platform>:<chatId>")` (hex, compared as text) and the highest score
 * owns the chat; a tie (never seen with md5) goes to the greater member id.
 *
 * Why this shape: every instance computes the same owner from the same member list with no
 * coordination, a chat moves only when its owner leaves or a newcomer outscores it (about 1/N
 * of the chats on a join, only the leaver's chats on a leave), and the stores compute the same
 * function in SQL (`md5(…)` in PostgreSQL, the same function registered in SQLite), so a claim
 * takes only this instance's chats. One sender per chat is what keeps a chat's own limit
 * (Telegram 1/s, Discord ~5 per 5 s) whichever instance sends.
 */
export function chatOwner(members: readonly string[], platform: string, chatId: string): string | undefined {
  let best: string | undefined;
  let bestScore = '';
  for (const member of members) {
    const s = score(member, platform, chatId);
    if (best === undefined || s > bestScore || (s === bestScore && member > best)) {
      best = member;
      bestScore = s;
    }
  }
  return best;
}

/** One member's score for one chat (see chatOwner); the stores' SQL computes the same text. */
export function score(member: string, platform: string, chatId: string): string {
  return createHash('md5').update(`${member}|${platform}:${chatId}`).digest('hex');
}

/** The part of a platform-wide budget (30 messages/s on Telegram) one of `members` may use. */
export function shareOf(memberCount: number): number {
  return 1 / Math.max(1, memberCount);
}

/**
 * Per platform, the members that run it: an instance shares only the chats of the platforms it
 * runs (one without a Discord token sends no Discord post). A member that announced nothing
 * counts for every platform.
 */
export function sharersByPlatform(
  members: readonly string[],
  announced: ReadonlyMap<string, readonly string[]>,
): Record<string, string[]> {
  const platforms = new Set(members.flatMap((m) => announced.get(m) ?? []));
  const out: Record<string, string[]> = {};
  for (const platform of [...platforms].sort())
    out[platform] = members.filter((m) => {
      const runs = announced.get(m);
      return runs === undefined || runs.includes(platform);
    });
  return out;
}
