#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import dotenv from 'dotenv';
import { registerDbCommands } from './cli/db-commands.js';
import { loadConfig } from './config/load.js';
import { describeMessageFiles } from './config/messages.js';
import { HeraldError } from './core/errors.js';
import { createLogger } from './core/logger.js';
import { redact, redactError } from './core/redact.js';
import { LOCALES, type Locale, localeFromCode, localized } from './core/types.js';
import { toIsoUtc } from './core/zone.js';
import { catalog } from './i18n/index.js';
import { formatStart } from './messages/format-time.js';
import { isPostgresUrl, openStores } from './stores/open-stores.js';

// Whatever fails, what this process prints about it is redacted (src/core/redact.ts): a
// platform's error can quote the token (a Bot API server echoing the request URL). An
// exception nobody caught (an SDK's event, a rejection) is printed here, not by Node.
process.on('uncaughtException', (error) => {
  process.stderr.write(`${redactError(error)}\n`);
  process.exit(1);
});

dotenv.config({ quiet: true });

// Each command loads what it needs when it runs: `herald start` does not load the import's
// iCalendar parser, `herald check` not the platform SDKs (start and memory, docs/benchmarks.md).

function config() {
  return loadConfig(process.env);
}

function locale(value: string): Locale {
  const known = localeFromCode(value);
  if (known === undefined || known !== value.toLowerCase())
    throw new InvalidArgumentError(`must be one of ${LOCALES.join(', ')}`);
  return known;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

// package.json sits beside src/ and dist/ alike (and in the image, beside dist/).
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const program = new Command()
  .name('herald')
  .version(version, '-V, --version', 'print the version')
  .description('Counts down to product launches on Discord, Telegram and the console, from one calendar.')
  .showHelpAfterError();

program
  .command('start')
  .description('Run the bot (console adapter and SQLite when no platform token is set)')
  .option(
    '--rehearse <date>',
    'run on a virtual clock from this local date-time (e.g. 2018-05-15T08:00) with an in-memory store',
  )
  .option('--speed <factor>', 'virtual seconds per real second in a rehearsal', positiveNumber, 3600)
  .option(
    '--until <date>',
    'end a rehearsal at this local date-time (default: two days after the last launch)',
  )
  .option(
    '--lang <locale>',
    `the console chat's language, for its posts and answers (${LOCALES.join(', ')})`,
    locale,
  )
  .action(async (opts: { rehearse?: string; speed: number; until?: string; lang?: Locale }) => {
    const cfg = config();
    const logger = createLogger({ level: cfg.env.LOG_LEVEL });
    const { start } = await import('./cli/start.js');
    await start(cfg, logger, {
      speed: opts.speed,
      ...(opts.rehearse === undefined ? {} : { rehearse: opts.rehearse }),
      ...(opts.until === undefined ? {} : { until: opts.until }),
      ...(opts.lang === undefined ? {} : { lang: opts.lang }),
    });
  });

program
  .command('preview')
  .description('Print every post that would go out between two dates, without sending anything')
  .requiredOption(
    '--from <date>',
    'start, local to the default zone (2018-05-15T00:00), ISO with offset, or a date alone (its first minute)',
  )
  .requiredOption('--to <date>', 'end, same forms (a date alone: to the end of that day)')
  .option('--json', 'print a JSON array of { due, event, kind, slot, target, platform, chat, locale, text }')
  .action(async (opts: { from: string; to: string; json?: boolean }) => {
    const cfg = config();
    const { previewPosts, previewWindow } = await import('./cli/preview.js');
    const { from, to } = previewWindow(opts.from, opts.to, cfg.settings.defaults.zone);
    const dbFile = dbPath(cfg.env.HERALD_DATABASE);
    const store =
      (dbFile && existsSync(dbFile)) || isPostgresUrl(cfg.env.HERALD_DATABASE)
        ? openStores(cfg.env.HERALD_DATABASE)
        : undefined;
    await store?.migrate();
    const posts = await previewPosts(cfg, store, from, to);
    await store?.close();
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(posts, null, 2)}\n`);
      return;
    }
    for (const post of posts) {
      process.stdout.write(
        `── ${post.due} → ${post.target} · ${post.kind} ${post.slot} · ${post.locale} ──\n`,
      );
      process.stdout.write(`${post.text.replace(/^/gm, '  ')}\n`);
    }
    process.stdout.write(
      `${posts.length} post${posts.length === 1 ? '' : 's'} between ${toIsoUtc(from)} and ${toIsoUtc(to)}.\n`,
    );
  });

program
  .command('check')
  .description('Validate the configuration, print what would run and what a start would do to the store')
  .action(async () => {
    const cfg = config();
    const s = cfg.settings;
    const { allCommands } = await import('./commands/registry.js');
    const { describeStartPlan, describeTarget } = await import('./cli/check.js');
    const out = [
      `Config: ${cfg.dir} — valid.`,
      `Store: ${cfg.env.HERALD_DATABASE}`,
      `Defaults: ${s.defaults.locale}, ${s.defaults.zone}`,
      ...describeMessageFiles(cfg.messages ?? {}, cfg.warnings ?? []),
      `Milestones: ${s.countdown.milestones.map((m) => m.label).join(' ')} (date-only events at ${s.countdown.dateOnlyPostTime})`,
      `Reminders: ${s.reminders.offsets.map((m) => m.label).join(' ')}`,
      `Catch-up: grace ${s.catchUp.grace.label}, then ${s.catchUp.stale}`,
      `Summaries: "${s.summaries.cron}", window ${s.summaries.window.label}${s.summaries.skipWhenEmpty ? ', skipped when empty' : ''}`,
      `Adapters: console${cfg.env.TELEGRAM_BOT_TOKEN ? ', telegram (token set)' : ''}${cfg.env.DISCORD_TOKEN ? ', discord (token set)' : ''}`,
      `HTTP: ${cfg.env.HERALD_HTTP_PORT === undefined ? 'off (set HERALD_HTTP_PORT)' : `${cfg.env.HERALD_HTTP_HOST}:${cfg.env.HERALD_HTTP_PORT}`}${cfg.env.TELEGRAM_WEBHOOK_URL ? `, Telegram webhook at ${cfg.env.TELEGRAM_WEBHOOK_URL}` : ''}`,
      `Discord commands: ${s.discord.commands === 'guild' ? 'in each server (discord.commands: guild)' : 'global (discord.commands: global)'}`,
      `Targets (${cfg.targets.length}):`,
      ...cfg.targets.map(describeTarget),
      `Events (${cfg.events.length}):`,
      ...cfg.events.map(
        (e) =>
          `  ${e.id}: ${localized(e.title, 'en')} — ${formatStart(catalog('en'), e.start, e.zone, e.city)}`,
      ),
      `Commands: ${allCommands()
        .map((c) => c.name)
        .join(', ')}`,
    ];
    const plan = await describeStartPlan(cfg);
    const { describeImports } = await import('./calendar/imports/describe.js');
    const { importSources } = await import('./calendar/imports/sources.js');
    const imports = await describeImports(importSources(s.imports, cfg.dir), s.defaults.zone, Date.now());
    process.stdout.write(`${redact([...out, ...imports, ...plan.lines].join('\n'))}\n`);
    // An empty events.yaml against config events: a start would be refused, so check fails too.
    if (plan.refusal) throw plan.refusal;
  });

program
  .command('commands')
  .description('Platform command menus')
  .command('sync')
  .description('Register the Discord slash commands (Telegram menus are set on every start)')
  .option('--guild <id>', 'register in this guild only (when discord.commands is guild, the default)')
  .option('--clean', 'remove the commands registered in the other scope (global or per guild), shown twice')
  .action(async (opts: { guild?: string; clean?: boolean }) => {
    const { syncDiscordCommands } = await import('./adapters/discord/commands-sync.js');
    const out = await syncDiscordCommands(config(), {
      ...(opts.guild === undefined ? {} : { guild: opts.guild }),
      clean: opts.clean === true,
    });
    process.stdout.write(`${redact(out)}\n`);
  });

const events = program.command('events').description('The launch calendar in the store');

events
  .command('list')
  .description('List events in the store (config events appear after the first start)')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    const cfg = config();
    const store = openStores(cfg.env.HERALD_DATABASE);
    await store.migrate();
    const list = await store.events.list();
    await store.close();
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return;
    }
    const t = catalog(cfg.settings.defaults.locale);
    for (const e of list) {
      process.stdout.write(
        `${e.id} [${e.status}, ${e.source}] ${localized(e.title, t.locale)} — ${formatStart(t, e.start, e.zone, e.city)}\n`,
      );
    }
    if (list.length === 0)
      process.stdout.write('No events in the store yet. `herald start` loads config/events.yaml.\n');
  });

events
  .command('add')
  .description('Add an event to the store (an id already there is refused unless --replace)')
  .requiredOption('--id <id>', 'event id (a-z, 0-9, - and _)')
  .requiredOption('--title <title>', 'title (English)')
  .requiredOption('--when <date>', 'YYYY-MM-DD (hour not announced) or YYYY-MM-DDTHH:mm local to --zone')
  .option('--zone <zone>', 'IANA zone of the venue (default: the configured default zone)')
  .option('--city <city>', 'city of the venue')
  .option('--tags <tags>', 'comma-separated tags')
  .option(
    '--replace',
    'replace the event with this id, added by a command or imported (config events are edited in events.yaml)',
  )
  .action(
    async (opts: {
      id: string;
      title: string;
      when: string;
      zone?: string;
      city?: string;
      tags?: string;
      replace?: boolean;
    }) => {
      const cfg = config();
      const store = openStores(cfg.env.HERALD_DATABASE);
      await store.migrate();
      const { importEvents } = await import('./cli/import-events.js');
      try {
        const result = await importEvents(
          store,
          cfg,
          [
            {
              id: opts.id,
              title: opts.title,
              [opts.when.includes('T') ? 'start' : 'date']: opts.when,
              zone: opts.zone ?? cfg.settings.defaults.zone,
              ...(opts.city === undefined ? {} : { city: opts.city }),
              ...(opts.tags === undefined ? {} : { tags: opts.tags.split(',').map((t) => t.trim()) }),
            },
          ],
          { source: 'command', label: 'the command line', replace: opts.replace === true },
        );
        process.stdout.write(`${result}\n`);
      } finally {
        await store.close();
      }
    },
  );

events
  .command('import <file>')
  .description('Import events from a YAML file (the events.yaml format) or an iCalendar (.ics) file')
  .option('--replace', 'also overwrite events added by commands (config events are edited in events.yaml)')
  .action(async (file: string, opts: { replace?: boolean }) => {
    const cfg = config();
    const store = openStores(cfg.env.HERALD_DATABASE);
    await store.migrate();
    const { importEvents, readEventsFile } = await import('./cli/import-events.js');
    const result = await importEvents(store, cfg, readEventsFile(path.resolve(file)), {
      source: 'import',
      label: file,
      replace: opts.replace === true,
    });
    await store.close();
    process.stdout.write(`${result}\n`);
  });

registerDbCommands(program);

function dbPath(url: string): string | undefined {
  if (url === ':memory:' || /^postgres/.test(url)) return undefined;
  return url.startsWith('sqlite:') ? url.slice(7) : url;
}

// A failed command (a `herald start` refused with 401, a bad config) prints its error and
// stack, redacted: no token reaches the terminal or a service manager's journal.
program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof HeraldError) {
    process.stderr.write(`${redact(error.describe())}\n`);
    process.exit(2);
  }
  process.stderr.write(`${redactError(error)}\n`);
  process.exit(1);
});
