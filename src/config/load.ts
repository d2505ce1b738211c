import { existsSync } from 'node:fs';
import path from 'node:path';
import cron from 'node-cron';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { registerSecrets } from '../core/redact.js';
import type { LaunchEvent, Locale, Target } from '../core/types.js';
import type { MessageOverrides } from '../i18n/messages.js';
import { parseDatabaseUrl } from '../stores/postgres/url.js';
import { envIssues, envSchema, type HeraldEnv } from './env.js';
import { loadMessageFiles } from './messages.js';
import { eventsFileSchema, type HeraldFile, heraldFileSchema, targetsFrom } from './schema.js';
import { issuesFrom, readYaml, type YamlSource } from './yaml-file.js';

export interface HeraldConfig {
  readonly dir: string;
  readonly env: HeraldEnv;
  readonly settings: HeraldFile;
  readonly targets: readonly Target[];
  /** Events from `events.yaml`, without source and revision (the store assigns them). */
  readonly events: readonly Omit<LaunchEvent, 'source' | 'revision'>[];
  /** The operator's texts per language (`messages/<code>.yaml`), validated; see docs/i18n.md. */
  readonly messages?: Partial<Record<Locale, MessageOverrides>>;
  /** What loads but is probably a mistake (a text that leaves out a placeholder): logged at start. */
  readonly warnings?: readonly ConfigIssue[];
}

/**
 * The one loader: the environment (after dotenv), `herald.yaml` and `events.yaml`.
 * Collects every problem before failing, so an operator fixes them in one pass.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): HeraldConfig {
  const issues: ConfigIssue[] = [];
  // Registered before anything is checked, so that even a refused environment is redacted.
  registerSecrets(secretsOf(environment));
  const envResult = envSchema.safeParse(environment);
  if (!envResult.success) {
    throw new ConfigError(
      envResult.error.issues.map((issue) => ({
        file: 'environment',
        path: issue.path.join('.'),
        message: issue.message,
        fix: 'fix the variable in .env or the environment',
      })),
    );
  }
  const env = envResult.data;
  registerSecrets(secretsOf(env));
  issues.push(...envIssues(env));
  const dir = path.resolve(env.HERALD_CONFIG_DIR);
  const settingsFile = path.join(dir, 'herald.yaml');
  const eventsFile = path.join(dir, 'events.yaml');

  const settingsSource: { source?: YamlSource } = {};
  const settings = parseFile(settingsFile, heraldFileSchema, issues, true, settingsSource);
  const lineOf = (path: readonly PropertyKey[]) => settingsSource.source?.lineOf(path);
  const eventsFileData = parseFile(eventsFile, eventsFileSchema, issues, false);
  const events = eventsFileData?.events ?? [];
  const messages = loadMessageFiles(dir);
  issues.push(...messages.issues);

  if (settings) {
    if (!cron.validate(settings.summaries.cron)) {
      const line = lineOf(['summaries', 'cron']);
      issues.push({
        file: settingsFile,
        ...(line === undefined ? {} : { line }),
        path: 'summaries.cron',
        value: settings.summaries.cron,
        message: 'is not a cron expression',
        fix: 'write five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1"',
      });
    }
    const seen = new Set<string>();
    const ids = new Set(events.map((e) => e.id));
    settings.targets.forEach((target, index) => {
      const key = `${target.platform}:${target.chat}`;
      if (seen.has(key)) {
        const line = lineOf(['targets', index]);
        issues.push({
          file: settingsFile,
          ...(line === undefined ? {} : { line }),
          path: `targets[${index}]`,
          value: key,
          message: 'is listed twice',
          fix: 'merge the two entries into one',
        });
      }
      seen.add(key);
      target.follows.events.forEach((id, at) => {
        if (eventsFileData && !ids.has(id)) {
          const line = lineOf(['targets', index, 'follows', 'events', at]);
          issues.push({
            file: settingsFile,
            ...(line === undefined ? {} : { line }),
            path: `targets[${index}].follows.events[${at}]`,
            value: id,
            message: 'names an event that events.yaml does not define',
            fix: `add the event to ${eventsFile} or correct the id (known: ${[...ids].join(', ') || 'none'})`,
          });
        }
      });
    });
  }
  if (issues.length > 0 || !settings) throw new ConfigError(issues);
  return {
    dir,
    env,
    settings,
    targets: targetsFrom(settings),
    events,
    messages: messages.overrides,
    warnings: messages.warnings,
  };
}

/**
 * The secrets among the variables Herald reads (src/config/env.ts): the platform tokens and
 * the password of a database URL (`postgres://user:password@host/db`), the webhook secret and the
 * metrics token. Every text that leaves
 * the process or is stored is redacted of them (src/core/redact.ts).
 */
export function secretsOf(env: {
  readonly TELEGRAM_BOT_TOKEN?: string | undefined;
  readonly DISCORD_TOKEN?: string | undefined;
  readonly HERALD_DATABASE?: string | undefined;
  readonly TELEGRAM_WEBHOOK_SECRET?: string | undefined;
  readonly HERALD_METRICS_TOKEN?: string | undefined;
}): (string | undefined)[] {
  const http = [env.TELEGRAM_WEBHOOK_SECRET, env.HERALD_METRICS_TOKEN].filter((v) => v !== undefined);
  return [env.TELEGRAM_BOT_TOKEN, env.DISCORD_TOKEN, ...databasePassword(env.HERALD_DATABASE), ...http];
}

/**
 * The password and any `password=` parameter of a database URL, taken apart as the driver
 * takes it (src/stores/postgres/url.ts: `u:p@ss@host` splits at the last `@`).
 */
function databasePassword(url: string | undefined): string[] {
  if (url === undefined || !/^[a-z][a-z0-9+.-]+:/i.test(url) || /^sqlite:/i.test(url)) return [];
  return [...parseDatabaseUrl(url).secrets];
}

function parseFile<T>(
  file: string,
  schema: {
    safeParse(data: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError };
  },
  issues: ConfigIssue[],
  required: boolean,
  /** Receives the parsed file, for the line of an issue found after the schema's. */
  out: { source?: YamlSource } = {},
): T | undefined {
  if (!existsSync(file)) {
    if (required) {
      issues.push({
        file,
        path: '',
        message: 'is missing',
        fix: 'create it (copy config/herald.yaml from the repository) or set HERALD_CONFIG_DIR to the folder that has it',
      });
      return undefined;
    }
    return schema.safeParse({}).success ? (schema.safeParse({}) as { data: T }).data : undefined;
  }
  const source = readYaml(file);
  if (Array.isArray(source)) {
    issues.push(...source);
    return undefined;
  }
  out.source = source;
  const result = schema.safeParse(source.data);
  if (!result.success) {
    issues.push(...issuesFrom(source, result.error));
    return undefined;
  }
  return result.data;
}
