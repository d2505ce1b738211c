import type { PostKind } from '../core/types.js';

/** How a post of one kind is delivered: a new message, an edit of the pinned one, a native event. */
export type DeliveryMode = 'post' | 'pinned' | 'native';

/**
 * Everything that differs between post kinds, in one place each.
 * - `planned`: rows made by the planner from the calendar; a re-plan may move or cancel them.
 *   Notices, digests and catch-ups are made by an action (an edit, a cron tick, an outage)
 *   and a re-plan never touches them.
 * - `whenStale`: past the catch-up grace window, `send` (it carries news), `skip` (the next
 *   one replaces it) or `fold` (into one catch-up post per chat, or skip, per policy).
 * - `mode`: how the dispatcher delivers it.
 * - `refusalDisablesTarget`: whether a platform's permanent refusal disables the whole chat
 *   (a missing "Manage Events" right must not stop a server's posts).
 */
export interface KindRule {
  readonly planned: boolean;
  readonly whenStale: 'send' | 'skip' | 'fold';
  readonly staleReason?: string;
  readonly mode: DeliveryMode;
  readonly refusalDisablesTarget: boolean;
}

export const KIND_RULES: Readonly<Record<PostKind, KindRule>> = {
  countdown: { planned: true, whenStale: 'fold', mode: 'post', refusalDisablesTarget: true },
  live: { planned: true, whenStale: 'fold', mode: 'post', refusalDisablesTarget: true },
  reminder: { planned: true, whenStale: 'fold', mode: 'post', refusalDisablesTarget: true },
  pinned: {
    planned: true,
    whenStale: 'skip',
    staleReason: 'stale pinned update (the next edit catches up)',
    mode: 'pinned',
    refusalDisablesTarget: true,
  },
  native: { planned: true, whenStale: 'send', mode: 'native', refusalDisablesTarget: false },
  changed: { planned: false, whenStale: 'send', mode: 'post', refusalDisablesTarget: true },
  cancelled: { planned: false, whenStale: 'send', mode: 'post', refusalDisablesTarget: true },
  postponed: { planned: false, whenStale: 'send', mode: 'post', refusalDisablesTarget: true },
  catchup: { planned: false, whenStale: 'send', mode: 'post', refusalDisablesTarget: true },
  digest: {
    planned: false,
    whenStale: 'skip',
    staleReason: 'stale digest (the next one replaces it)',
    mode: 'post',
    refusalDisablesTarget: true,
  },
};
