/**
 * Word that another process changed the ledger (a re-plan, a command's digest, an edit's
 * notice for a chat this instance sends), so its scheduler looks again at once instead of at its
 * next cap. PostgreSQL: LISTEN/NOTIFY (src/stores/postgres/ledger-wakeups.ts). A store that
 * cannot tell (SQLite) says so, and the scheduler keeps polling at its cap.
 */
export interface LedgerWakeups {
  /**
   * Calls `onChange` after each change another process commits, until the store closes;
   * `onTrouble` when the word stops coming for a while (the store reconnects by itself). Resolves
   * false when this store cannot tell at all.
   */
  subscribe(onChange: () => void, onTrouble?: (message: string) => void): Promise<boolean>;
}

/** A store on which no other process's change can be heard. */
export const NO_WAKEUPS: LedgerWakeups = {
  subscribe: async () => false,
};
