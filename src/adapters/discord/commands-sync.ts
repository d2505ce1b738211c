import { REST, Routes } from 'discord.js';
import { allCommands } from '../../commands/registry.js';
import type { HeraldConfig } from '../../config/load.js';
import { ConfigError } from '../../core/errors.js';
import { applicationCommands } from './commands.js';

/** Where the slash commands live: in each server, or once for all of them (config `discord.commands`). */
export type CommandScope = 'guild' | 'global';

/** The REST calls the command sets need: the routes of discord.js's REST client. */
export interface CommandRest {
  get(route: `/${string}`, options?: { query?: URLSearchParams }): Promise<unknown>;
  put(route: `/${string}`, options: { body: unknown }): Promise<unknown>;
}

/** Discord lists at most 200 of a bot's servers a page. */
const GUILDS_PER_PAGE = 200;

/** Every server the bot is in, page by page. */
export async function botGuilds(rest: CommandRest): Promise<string[]> {
  const ids: string[] = [];
  for (let after = '0'; ; ) {
    const page = (await rest.get(Routes.userGuilds(), {
      query: new URLSearchParams({ limit: String(GUILDS_PER_PAGE), after }),
    })) as { id: string }[];
    ids.push(...page.map((g) => g.id));
    if (page.length < GUILDS_PER_PAGE) return ids;
    after = page.at(-1)?.id ?? after;
  }
}

/** The route of one set: a server's commands, or the global ones. */
function route(appId: string, guild: string | undefined): `/${string}` {
  return guild ? Routes.applicationGuildCommands(appId, guild) : Routes.applicationCommands(appId);
}

/**
 * Commands registered in the scope Herald does not use: the global set when it registers per
 * server, each server's set when it registers globally. Discord shows both, so each command
 * twice; `herald commands sync --clean` removes them.
 */
export async function strayCommands(
  rest: CommandRest,
  appId: string,
  scope: CommandScope,
  guilds: readonly string[],
): Promise<{ where: string; count: number }[]> {
  const others = scope === 'guild' ? [undefined] : guilds;
  const found: { where: string; count: number }[] = [];
  for (const guild of others) {
    const list = (await rest.get(route(appId, guild))) as unknown[];
    if (list.length > 0) found.push({ where: guild ? `guild ${guild}` : 'globally', count: list.length });
  }
  return found;
}

/**
 * `herald commands sync [--guild <id>] [--clean]`: registers the slash commands over REST only
 * (no gateway), in the scope the config names (`discord.commands`): in each server the bot is
 * in, or one (`--guild`), instant; or globally (Discord can take up to an hour to show global
 * changes everywhere). `--clean` empties the other scope, so no command shows twice.
 */
export async function syncDiscordCommands(
  config: HeraldConfig,
  opts: { readonly guild?: string; readonly clean?: boolean } = {},
): Promise<string> {
  const token = config.env.DISCORD_TOKEN;
  if (!token) {
    throw new ConfigError([
      {
        file: 'environment',
        path: 'DISCORD_TOKEN',
        message: 'is not set',
        fix: 'set DISCORD_TOKEN in .env to the bot token from the Discord developer portal',
      },
    ]);
  }
  const scope = config.settings.discord.commands;
  if (scope === 'global' && opts.guild) {
    throw new ConfigError([
      {
        file: `${config.dir}/herald.yaml`,
        path: 'discord.commands',
        value: scope,
        message:
          '--guild registers guild commands, but the config registers them globally (both would show every command twice)',
        fix: 'drop --guild, or set discord.commands: guild',
      },
    ]);
  }
  const rest: CommandRest = new REST(
    config.env.DISCORD_API_ROOT ? { api: config.env.DISCORD_API_ROOT } : {},
  ).setToken(token);
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  const body = applicationCommands(allCommands());
  const guilds = opts.guild ? [opts.guild] : await botGuilds(rest);
  const lines: string[] = [];
  const targets = scope === 'global' ? [undefined] : guilds;
  for (const guild of targets) {
    const registered = (await rest.put(route(app.id, guild), { body })) as unknown[];
    lines.push(`Registered ${registered.length} commands ${guild ? `in guild ${guild}` : 'globally'}.`);
  }
  if (scope === 'guild' && guilds.length === 0)
    lines.push('The bot is in no server yet: nothing registered (a start registers them where it is).');
  const stray = await strayCommands(rest, app.id, scope, guilds);
  for (const { where, count } of stray) {
    const guild = where.startsWith('guild ') ? where.slice('guild '.length) : undefined;
    if (opts.clean) {
      await rest.put(route(app.id, guild), { body: [] });
      lines.push(
        `Removed ${count} commands registered ${where} (the config registers them ${scopeWords(scope)}).`,
      );
    } else {
      lines.push(
        `${count} commands are also registered ${where}: Discord shows each command twice. Run herald commands sync --clean to remove them.`,
      );
    }
  }
  return lines.join('\n');
}

function scopeWords(scope: CommandScope): string {
  return scope === 'guild' ? 'in each server' : 'globally';
}
