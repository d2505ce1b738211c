import type { BotCommand, BotCommandScope } from 'grammy/types';
import type { CommandSpec } from '../../commands/spec.js';
import type { Locale } from '../../core/types.js';

export interface CommandMenu {
  readonly scope: BotCommandScope;
  readonly language_code?: Locale;
  readonly commands: BotCommand[];
}

/**
 * The `setMyCommands` calls that give every chat its menu: the public commands for
 * everyone, all commands for chat administrators, in English by default and in every other
 * language Herald speaks for users whose app speaks it (`language_code` is the two-letter code).
 */
export function commandMenus(specs: readonly CommandSpec[], locales: readonly Locale[]): CommandMenu[] {
  const menus: CommandMenu[] = [];
  const scopes: { scope: BotCommandScope; admin: boolean }[] = [
    { scope: { type: 'default' }, admin: false },
    { scope: { type: 'all_chat_administrators' }, admin: true },
  ];
  for (const { scope, admin } of scopes) {
    for (const locale of locales) {
      const commands = specs
        .filter((spec) => admin || !spec.admin)
        .map((spec) => ({ command: spec.name, description: spec.description[locale].slice(0, 256) }));
      menus.push({ scope, ...(locale === 'en' ? {} : { language_code: locale }), commands });
    }
  }
  return menus;
}
