import type { LaunchEvent, Locale, Platform, PostKind, Subscription, Target } from '../core/types.js';

export const LEDGER_STATUSES = ['planned', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** What a post carries beyond the event's current state (change details, missed posts…). */
export type PostPayload =
  | { readonly type: 'change'; readonly changes: readonly FieldChange[] }
  | { readonly type: 'catchup'; readonly missed: readonly MissedPost[]; readonly since: number }
  | { readonly type: 'digest'; readonly windowMs: number }
  | { readonly type: 'fallback'; readonly userId: string; readonly originalKey: string };

export interface FieldChange {
  readonly field: 'start' | 'title' | 'city' | 'venue' | 'status';
  readonly before: string;
  readonly after: string;
}

export interface MissedPost {
  readonly eventId: string;
  readonly kind: PostKind;
  readonly slot: string;
  readonly due: number;
}

/** A post the planner wants to exist. The key is deterministic: (event, kind, slot, target). */
export interface PlannedPost {
  readonly key: string;
  readonly eventId: string;
  readonly kind: PostKind;
  readonly slot: string;
  readonly targetKey: string;
  readonly platform: Platform;
  readonly chatId: string;
  readonly locale: Locale;
  readonly zone: string;
  readonly due: number;
  readonly mention?: string;
  readonly payload?: PostPayload;
  /** Run even if its time has passed when it is planned (native event sync). */
  readonly catchUp?: boolean;
}

export interface LedgerRow extends PlannedPost {
  readonly status: LedgerStatus;
  readonly attempts: number;
  readonly lastError?: string;
  readonly messageRef?: string;
  /** Sent after its due time (within the catch-up grace window). */
  readonly late: boolean;
  readonly updatedAt: number;
  readonly sentAt?: number;
}

export interface ChatSettings {
  readonly locale?: Locale;
  readonly zone?: string;
}

export interface LedgerChange {
  readonly insert: readonly PlannedPost[];
  readonly reschedule: readonly { readonly key: string; readonly due: number }[];
  readonly cancel: readonly string[];
  /** Why the cancelled rows were cancelled (shown by `audit`). */
  readonly reason?: string;
}

export interface AuditQuery {
  readonly targetKey?: string;
  readonly statuses?: readonly LedgerStatus[];
  readonly limit: number;
}

/**
 * Everything Herald keeps. SQLite implements it; PostgreSQL will too. The contract tests
 * in test/calendar/store-contract.ts are what an implementation must pass.
 */
export interface Store {
  migrate(): Promise<void>;
  close(): Promise<void>;

  getEvent(id: string): Promise<LaunchEvent | undefined>;
  listEvents(): Promise<LaunchEvent[]>;
  putEvent(event: LaunchEvent): Promise<void>;
  deleteEvent(id: string): Promise<void>;

  listTargets(): Promise<Target[]>;
  getTarget(key: string): Promise<Target | undefined>;
  putTarget(target: Target): Promise<void>;
  deleteTarget(key: string): Promise<void>;

  getChatSettings(chatKey: string): Promise<ChatSettings>;
  putChatSettings(chatKey: string, settings: ChatSettings): Promise<void>;

  addSubscription(sub: Subscription): Promise<boolean>;
  removeSubscriptions(platform: Platform, userId: string, topic?: string): Promise<number>;
  listSubscriptions(filter?: { platform?: Platform; userId?: string }): Promise<Subscription[]>;

  /** Inserts the new rows (ignoring keys that exist), moves and cancels pending ones, in one transaction. */
  applyLedgerChange(change: LedgerChange, now: number): Promise<number>;
  ledgerForEvent(eventId: string): Promise<LedgerRow[]>;
  getLedgerRow(key: string): Promise<LedgerRow | undefined>;
  /** Earliest due time of a planned row on these platforms. */
  nextDue(platforms: readonly Platform[]): Promise<number | undefined>;
  /**
   * Claims planned rows due at `now` or earlier (and rows whose lease expired), marking them
   * `sending` under a lease so that another instance cannot take them.
   */
  claimDue(opts: {
    now: number;
    platforms: readonly Platform[];
    limit: number;
    owner: string;
    leaseMs: number;
  }): Promise<LedgerRow[]>;
  markSent(key: string, at: number, messageRef: string | undefined, late: boolean): Promise<void>;
  markFailed(key: string, at: number, error: string): Promise<void>;
  markSkipped(key: string, at: number, reason: string): Promise<void>;
  /** Puts a claimed row back to planned, due at `due`. */
  retryLater(key: string, at: number, due: number, error: string, countAttempt: boolean): Promise<void>;
  audit(query: AuditQuery): Promise<LedgerRow[]>;
  countLedger(): Promise<Record<LedgerStatus, number>>;

  /** Housekeeping after bulk work such as the start-up sync (SQLite: fold the WAL into the database). */
  maintain(): Promise<void>;

  getMeta(key: string): Promise<string | undefined>;
  putMeta(key: string, value: string): Promise<void>;
}
