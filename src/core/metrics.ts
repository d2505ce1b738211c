import type { Platform } from './types.js';

/**
 * What Herald counts where it happens (dispatcher, command router, adapters), without
 * knowing who reads it: the HTTP server's /metrics implements this with prom-client
 * (src/observability/prometheus.ts); everything else runs with NO_METRICS.
 */
export interface Metrics {
  /** A claimed post ended, or went back to the ledger: `sent`, `retry`, `failed`, `skipped`, `released`. */
  postSettled(platform: Platform, kind: string, outcome: string): void;
  /** A post went out `lateMs` after its slot (0 or more). */
  postLateness(platform: Platform, lateMs: number): void;
  /** The platform answered 429 Too Many Requests. */
  rateLimited(platform: Platform): void;
  /** A command was answered `elapsedMs` after it reached Herald (rate-limit wait included). */
  commandReplied(platform: Platform, command: string, elapsedMs: number): void;
}

/** Counts nothing: the default wherever no metrics are asked for. */
export const NO_METRICS: Metrics = {
  postSettled() {},
  postLateness() {},
  rateLimited() {},
  commandReplied() {},
};
