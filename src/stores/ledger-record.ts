import type { Locale, Platform, PostKind } from '../core/types.js';
import type { LedgerRow, LedgerStatus, PostPayload } from '../ledger/row.js';

/** Column shape of a ledger row, the same in every store (SQLite and PostgreSQL). */
export interface LedgerRecord {
  key: string;
  event_id: string;
  kind: string;
  slot: string;
  target_key: string;
  platform: string;
  chat_id: string;
  locale: string;
  zone: string;
  mention: string | null;
  due: number;
  next_try: number;
  status: string;
  attempts: number;
  reason: string | null;
  last_error: string | null;
  message_ref: string | null;
  late: number;
  payload: string | null;
  lease_owner: string | null;
  updated_at: number;
  sent_at: number | null;
}

export function rowFromRecord(r: LedgerRecord): LedgerRow {
  return {
    key: r.key,
    eventId: r.event_id,
    kind: r.kind as PostKind,
    slot: r.slot,
    targetKey: r.target_key,
    platform: r.platform as Platform,
    chatId: r.chat_id,
    locale: r.locale as Locale,
    zone: r.zone,
    due: r.due,
    nextTry: r.next_try,
    status: r.status as LedgerStatus,
    attempts: r.attempts,
    late: r.late === 1,
    updatedAt: r.updated_at,
    ...(r.mention === null ? {} : { mention: r.mention }),
    ...(r.reason === null ? {} : { reason: r.reason }),
    ...(r.last_error === null ? {} : { lastError: r.last_error }),
    ...(r.message_ref === null ? {} : { messageRef: r.message_ref }),
    ...(r.payload === null ? {} : { payload: JSON.parse(r.payload) as PostPayload }),
    ...(r.sent_at === null ? {} : { sentAt: r.sent_at }),
    ...(r.lease_owner === null ? {} : { leaseOwner: r.lease_owner }),
  };
}
