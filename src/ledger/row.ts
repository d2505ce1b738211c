import {
  type FieldChange,
  type Locale,
  type Platform,
  type PostKind,
  parseTargetKey,
} from '../core/types.js';

/**
 * A row's states. `planned` and `sending` are pending; the others are terminal and carry a
 * reason (see reasons.ts). Who moves a row between them is written in docs/ledger.md.
 */
export const LEDGER_STATUSES = ['planned', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];
export const PENDING_STATUSES: readonly LedgerStatus[] = ['planned', 'sending'];
export const TERMINAL_STATUSES: readonly LedgerStatus[] = ['sent', 'failed', 'skipped', 'cancelled'];

/** What a post carries beyond the event's current state (change details, missed posts…). */
export type PostPayload =
  | { readonly type: 'change'; readonly changes: readonly FieldChange[] }
  | { readonly type: 'catchup'; readonly missed: readonly MissedPost[]; readonly since: number }
  /** `community`: for a chat that follows nothing, whose launches it may list (absent: the operators'). */
  | { readonly type: 'digest'; readonly windowMs: number; readonly community?: string }
  | { readonly type: 'fallback'; readonly userId: string; readonly originalKey: string };

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
  /**
   * When the post is *for*: the instant of its slot (a milestone, a digest time). A re-plan
   * compares this, and only this; retries and rate-limit waits never change it.
   */
  readonly due: number;
  readonly mention?: string;
  readonly payload?: PostPayload;
  /** Run even if its time has passed when it is planned (native event sync). */
  readonly catchUp?: boolean;
}

export interface LedgerRow extends PlannedPost {
  readonly status: LedgerStatus;
  /** When to try next: `due` at first, later after a retry's backoff or a rate-limit wait. */
  readonly nextTry: number;
  readonly attempts: number;
  /** Why a terminal row ended as it did (`stale: 12 min past due`, `event cancelled`…). */
  readonly reason?: string;
  /** The last transient error, while the row waits for another try. */
  readonly lastError?: string;
  readonly messageRef?: string;
  /** Sent after its due time (within the catch-up grace window). */
  readonly late: boolean;
  readonly updatedAt: number;
  readonly sentAt?: number;
  /** The instance holding the row while it is `sending`. */
  readonly leaseOwner?: string;
}

export function isPending(row: Pick<LedgerRow, 'status'>): boolean {
  return row.status === 'planned' || row.status === 'sending';
}

/** Where a row goes: a chat, or a person's direct messages. */
export function rowAddress(row: Pick<PlannedPost, 'targetKey' | 'chatId'>): {
  readonly chatId: string;
  readonly dm: boolean;
} {
  return { chatId: row.chatId, dm: parseTargetKey(row.targetKey).dm };
}

/** The fields of a ledger row that make up a planned post. */
export function plannedPart(row: LedgerRow): PlannedPost {
  return {
    key: row.key,
    eventId: row.eventId,
    kind: row.kind,
    slot: row.slot,
    targetKey: row.targetKey,
    platform: row.platform,
    chatId: row.chatId,
    locale: row.locale,
    zone: row.zone,
    due: row.due,
    ...(row.mention === undefined ? {} : { mention: row.mention }),
    ...(row.payload === undefined ? {} : { payload: row.payload }),
  };
}
