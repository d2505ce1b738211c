import type { LaunchEvent, Locale, Platform, PostKind, Target } from '../core/types.js';
import type { LedgerRow, LedgerStatus, PostPayload } from './store.js';

/** Column shape of a ledger row, shared by the SQL stores. */
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
  due: number | string;
  status: string;
  attempts: number;
  last_error: string | null;
  message_ref: string | null;
  late: number | boolean;
  payload: string | null;
  updated_at: number | string;
  sent_at: number | string | null;
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
    due: Number(r.due),
    status: r.status as LedgerStatus,
    attempts: r.attempts,
    late: Boolean(r.late),
    updatedAt: Number(r.updated_at),
    ...(r.mention === null ? {} : { mention: r.mention }),
    ...(r.last_error === null ? {} : { lastError: r.last_error }),
    ...(r.message_ref === null ? {} : { messageRef: r.message_ref }),
    ...(r.payload === null ? {} : { payload: JSON.parse(r.payload) as PostPayload }),
    ...(r.sent_at === null ? {} : { sentAt: Number(r.sent_at) }),
  };
}

export function encodeEvent(event: LaunchEvent): string {
  return JSON.stringify(event);
}
export function decodeEvent(data: string): LaunchEvent {
  return JSON.parse(data) as LaunchEvent;
}
export function encodeTarget(target: Target): string {
  return JSON.stringify(target);
}
export function decodeTarget(data: string): Target {
  return JSON.parse(data) as Target;
}
