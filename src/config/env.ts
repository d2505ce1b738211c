import { z } from 'zod';

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
});
export type HeraldEnv = z.infer<typeof envSchema>;
