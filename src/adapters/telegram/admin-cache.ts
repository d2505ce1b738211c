/** Remembers who administers which chat for a short while, so commands do not each ask. */
export class AdminCache {
  private readonly entries = new Map<string, { admin: boolean; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  async check(chatId: string, userId: string, ask: () => Promise<boolean>): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const hit = this.entries.get(key);
    if (hit && hit.until > this.now()) return hit.admin;
    const admin = await ask();
    this.entries.set(key, { admin, until: this.now() + this.ttlMs });
    return admin;
  }

  /** A member's rights changed (a `chat_member` update): ask again next time. */
  forget(chatId: string, userId: string): void {
    this.entries.delete(`${chatId}:${userId}`);
  }
}
