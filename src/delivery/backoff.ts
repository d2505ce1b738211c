/**
 * Delay before retry `attempt` (1-based) of a transient failure: exponential from 2 s,
 * capped at 10 min. `jitter` in [0, 1) spreads instances apart; tests pass 0.
 */
export function backoffMs(attempt: number, jitter = Math.random()): number {
  const base = Math.min(600_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 + 0.25 * jitter));
}
