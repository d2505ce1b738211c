import type { PostKind } from '../core/types.js';

/** The deterministic identity of a post: the same (event, kind, slot, target) is never sent twice. */
export function ledgerKey(eventId: string, kind: PostKind, slot: string, targetKey: string): string {
  return `${eventId}|${kind}|${slot}|${targetKey}`;
}

/** Digests and catch-up posts belong to no single event. */
export const NO_EVENT = '-';

/** `7d`, or `7d#2` in the event's second countdown cycle (after a postponement). */
export function slotLabel(label: string, event: { readonly cycle?: number }): string {
  return event.cycle ? `${label}#${event.cycle}` : label;
}

/** The milestone or offset a slot stands for (`1h#2@42` → `1h`). */
export function slotOffset(slot: string): string {
  return slot.split(/[#@]/)[0] ?? slot;
}
