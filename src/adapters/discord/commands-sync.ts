import { REST, Routes } from 'discord.js';
import { allCommands } from '../../commands/registry.js';
import type { HeraldConfig } from '../../config/load.js';
import { ConfigError } from '../../core/errors.js';
import { applicationCommands } from './commands.js';

/**
 * `herald commands sync [--guild <id>]`: registers the slash commands over REST only (no
 * gateway): in one guild for instant iteration, or globally (Discord can take up to an hour
 * to show global changes everywhere).
 */
export async function syncDiscordCommands(config: HeraldConfig, guild: string | undefined): Promise<string> {
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
  const rest = new REST(config.env.DISCORD_API_ROOT ? { api: config.env.DISCORD_API_ROOT } : {}).setToken(
    token,
  );
  const app = (await rest.get(Routes.currentApplication())) as { id: string };
  const body = applicationCommands(allCommands());
  const route = guild ? Routes.applicationGuildCommands(app.id, guild) : Routes.applicationCommands(app.id);
  const registered = (await rest.put(route, { body })) as unknown[];
  return `Registered ${registered.length} commands ${guild ? `in guild ${guild}` : 'globally'}.`;
}
