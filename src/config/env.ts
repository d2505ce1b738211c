import { z } from 'zod';

/** Environment variables Herald reads (after `.env` is loaded by dotenv). */
export const envSchema = z.object({
  HERALD_CONFIG_DIR: z.string().min(1).default('config'),
  /** `sqlite:<path>`, a plain path, `:memory:`, or a postgres:// URL. */
  HERALD_DATABASE: z.string().min(1).default('sqlite:data/herald.db'),
  HERALD_INSTANCE_ID: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_ROOT: z.url().optional(),
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_API_ROOT: z.url().optional(),
});
export type HeraldEnv = z.infer<typeof envSchema>;
