import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { type HeraldChild, type LogLine, startHerald } from './process-herald.js';

export const TELEGRAM_TOKEN = '7000001:AAE-herald-cluster-token-0123456789';
export const DISCORD_TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAw.cluster.discord-test-token';

/** When this instance may claim and send (it settled among the others). */
export const ACTING = /^this instance now claims and sends its chats$/;
export const HOLDS_POLLER = /^this instance holds the inbound connection telegram:poller$/;
export const HOLDS_GATEWAY = /^this instance holds the inbound connection discord:gateway$/;

export interface ClusterConfig {
  readonly telegramChats?: readonly string[];
  readonly discordChannels?: readonly string[];
  /** Every chat follows every launch (ids `launch-1` …), all at `launchAt`, "live" posts only. */
  readonly launches?: number;
  readonly launchAt: number;
  /** A digest cron (6 fields: seconds first) for every chat, with a 30-day window. */
  readonly digestCron?: string;
}

/** A config dir for a cluster test (removed by `cleanup`). */
export function clusterConfigDir(config: ClusterConfig): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-cluster-'));
  const kinds = config.digestCron ? '[live, digest]' : '[live]';
  const launches = Array.from({ length: config.launches ?? 2 }, (_, i) => `launch-${i + 1}`);
  const targets = [
    ...(config.telegramChats ?? []).map(
      (chat) => `  - { platform: telegram, chat: "${chat}", follows: { tags: [launch] }, kinds: ${kinds} }`,
    ),
    ...(config.discordChannels ?? []).map(
      (chat) => `  - { platform: discord, chat: "${chat}", follows: { tags: [launch] }, kinds: ${kinds} }`,
    ),
  ];
  writeFileSync(
    path.join(dir, 'herald.yaml'),
    [
      'defaults: { locale: en, zone: UTC }',
      'countdown: { milestones: ["0"] }',
      'reminders: { offsets: [] }',
      ...(config.digestCron
        ? [`summaries: { cron: "${config.digestCron}", window: 30d, skipWhenEmpty: true }`]
        : []),
      'delivery:',
      '  telegram: { perSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 }',
      'targets:',
      ...targets,
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'events.yaml'),
    [
      'events:',
      ...launches.flatMap((id, i) => [
        `  - id: ${id}`,
        `    title: Launch ${i + 1}`,
        `    start: "${new Date(config.launchAt).toISOString()}"`,
        '    zone: UTC',
        '    tags: [launch]',
      ]),
      '',
    ].join('\n'),
  );
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ClusterRun {
  readonly db: TestDatabase;
  readonly instances: Map<string, HeraldChild>;
  /** Starts `herald start` as instance `id` on the run's database and config. */
  spawn(id: string, env?: Record<string, string>): HeraldChild;
  /**
   * Makes every planned post due now, in one statement (the instances' start-up on two shared
   * cores takes from seconds to a minute, so the test sets the instant once they all run).
   */
  makeDue(): Promise<{ readonly at: number; readonly rows: number }>;
  /** The ledger of the run's database. */
  ledger(): Promise<{ key: string; chat_id: string; platform: string; status: string; attempts: number }[]>;
  /** The instance whose log says it holds `lease` (the last to say so, among those alive). */
  holderOf(pattern: RegExp): string | undefined;
  close(): Promise<void>;
}

/** A PostgreSQL database of its own, and Herald instances started on it with one config. */
export async function clusterRun(configDir: string, env: Record<string, string>): Promise<ClusterRun> {
  const db = await createTestDatabase();
  const instances = new Map<string, HeraldChild>();
  const exited = new Set<string>();
  return {
    db,
    instances,
    spawn(id, extra = {}) {
      const child = startHerald(
        {
          HERALD_CONFIG_DIR: configDir,
          HERALD_DATABASE: db.url,
          HERALD_INSTANCE_ID: id,
          LOG_LEVEL: 'info',
          ...env,
          ...extra,
        },
        configDir,
      );
      instances.set(id, child);
      void child.exited.then(() => exited.add(id));
      return child;
    },
    async makeDue() {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const at = Date.now();
        const result = await client.query(
          "UPDATE ledger SET due = $1, next_try = $1 WHERE status = 'planned'",
          [at],
        );
        return { at, rows: result.rowCount ?? 0 };
      } finally {
        await client.end();
      }
    },
    async ledger() {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return (
          await client.query<{
            key: string;
            chat_id: string;
            platform: string;
            status: string;
            attempts: number;
          }>('SELECT key, chat_id, platform, status, attempts FROM ledger')
        ).rows;
      } finally {
        await client.end();
      }
    },
    holderOf(pattern) {
      let best: { id: string; line: LogLine } | undefined;
      for (const [id, child] of instances) {
        if (exited.has(id)) continue;
        for (const line of child.logsMatching(pattern))
          if (!best || line.time > best.line.time) best = { id, line };
      }
      return best?.id;
    },
    async close() {
      for (const child of instances.values()) child.signal('SIGKILL');
      await Promise.all([...instances.values()].map((c) => c.exited));
      await db.drop();
    },
  };
}

/** The most items in any window of `ms` (sliding), by their times. */
export function peak(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[j] ?? 0) <= (sorted[i] ?? 0) - ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Posts per chat and what each said: `chat → [first lines]`. */
export function byChat(sent: readonly { chat_id: string; text?: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of sent) out.set(m.chat_id, [...(out.get(m.chat_id) ?? []), m.text ?? '']);
  return out;
}
