import { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';

/** Environment variables Herald reads (after `.env` is loaded by dotenv). */
export const envSchema = z.object({
  HERALD_CONFIG_DIR: z.string().min(1).default('config'),
  /** `sqlite:<path>`, a plain path, `:memory:`, or a postgres:// URL. */
  HERALD_DATABASE: z.string().min(1).default('sqlite:data/herald.db'),
  HERALD_INSTANCE_ID: z.string().min(1).optional(),
  /**
   * Several instances on one database (docs/cluster.md): `auto` (the default) on PostgreSQL,
   * `on` also for processes sharing one SQLite file on one host, `off` never.
   */
  HERALD_CLUSTER: z
    .enum(['auto', 'on', 'off'], {
      error: () => 'must be auto (several instances on PostgreSQL), on or off',
    })
    .default('auto'),
  /**
   * `1` lets a start whose events.yaml has no events remove every config event from the store
   * (refused otherwise: an emptied file would cancel every launch).
   */
  HERALD_ALLOW_EMPTY_CALENDAR: z
    .enum(['', '0', '1', 'false', 'true'], {
      error: () => 'must be 1 (remove every config event when events.yaml has none) or 0',
    })
    .optional()
    .transform((value) => value === '1' || value === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_ROOT: z.url().optional(),
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_API_ROOT: z.url().optional(),
  /** The HTTP server (health, readiness, metrics, webhook, feeds, page) runs when set; 0 picks a free port. */
  HERALD_HTTP_PORT: z
    .string()
    .regex(/^\d{1,5}$/, { error: () => 'must be a port number (1-65535), e.g. 8080' })
    .transform(Number)
    .refine((port) => port <= 65535, { error: () => 'must be a port number (1-65535), e.g. 8080' })
    .optional(),
  /** Where the HTTP server listens: 127.0.0.1 (this machine only); 0.0.0.0 in Docker or behind a proxy elsewhere. */
  HERALD_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** The address people reach Herald at (https://herald.example.com), for the links it prints. */
  HERALD_PUBLIC_URL: z
    .url({ error: () => 'must be an absolute URL such as https://herald.example.com' })
    .optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <this>`. */
  HERALD_METRICS_TOKEN: z
    .string()
    .min(16, { error: () => 'must be at least 16 characters' })
    .optional(),
  /** Telegram posts updates to this URL instead of Herald long-polling (needs HERALD_HTTP_PORT). */
  TELEGRAM_WEBHOOK_URL: z
    .url({ error: () => 'must be the https:// URL Telegram posts updates to' })
    .optional(),
  /** The webhook's secret token; generated and kept in the store when unset. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, { error: () => 'must be 1-256 characters of A-Z a-z 0-9 _ -' })
    .optional(),
});
export type HeraldEnv = z.infer<typeof envSchema>;

/** Problems between variables, each valid alone. */
export function envIssues(env: HeraldEnv): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (env.TELEGRAM_WEBHOOK_URL !== undefined && env.HERALD_HTTP_PORT === undefined)
    issues.push({
      file: 'environment',
      path: 'TELEGRAM_WEBHOOK_URL',
      value: env.TELEGRAM_WEBHOOK_URL,
      message: "needs HERALD_HTTP_PORT: Telegram posts the updates to Herald's own HTTP server",
      fix: 'set HERALD_HTTP_PORT (and put the server behind the URL), or unset TELEGRAM_WEBHOOK_URL to long-poll',
    });
  return issues;
}
