import type { PostKind } from '../core/types.js';

/** The deterministic identity of a post: the same (event, kind, slot, target) is never sent twice. */
export function ledgerKey(eventId: string, kind: PostKind, slot: string, targetKey: string): string {
  return `${eventId}|${kind}|${slot}|${targetKey}`;
}

/** Digests and catch-up posts belong to no single event. */
export const NO_EVENT = '-';
