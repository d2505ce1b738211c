/**
 * Why a re-plan cancels a pending row. A re-plan may cancel a row only when its event or its
 * target no longer wants that post; each reason names which and how.
 */
export const CANCEL_REASONS = [
  'event cancelled',
  'event postponed',
  'event ended',
  'event removed',
  'milestone removed',
  'milestone passed',
  'target unfollowed',
  'target disabled',
  'target removed',
  'target moved',
  'kind turned off',
  'unsubscribed',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];
