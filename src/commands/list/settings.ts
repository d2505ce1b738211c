import { LOCALES, type Locale, targetKey } from '../../core/types.js';
import { catalog } from '../../i18n/index.js';
import { textReply } from '../../messages/model.js';
import { CommandError } from '../command-error.js';
import { commandText, requireZone } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const settings = defineCommand({
  name: 'settings',
  description: commandText('settings'),
  options: [
    {
      name: 'language',
      type: 'string',
      required: false,
      description: commandText('settings', 'language'),
      source: 'locale',
    },
    {
      name: 'zone',
      type: 'string',
      required: false,
      description: commandText('settings', 'zone'),
      source: 'zone',
    },
  ],
  admin: false,
  async run(ctx, args) {
    const key = targetKey(ctx.platform, ctx.chatId);
    if (args.language === undefined && args.zone === undefined) {
      return textReply(ctx.locale, ctx.t.cmd.settingsShow(ctx.locale, ctx.zone), { ephemeral: true });
    }
    // Anyone chooses for themselves in a private chat; in a group or channel, its admins do.
    if (ctx.chatKind !== 'private' && !ctx.operator && !(await ctx.isChatAdmin()))
      throw new CommandError((t) => t.err.notAdmin);
    const language = args.language === undefined ? undefined : String(args.language).toLowerCase();
    if (language !== undefined && !(LOCALES as readonly string[]).includes(language)) {
      throw new CommandError((t) => t.err.unknownLocale(language));
    }
    const zone = args.zone === undefined ? undefined : requireZone(String(args.zone));
    const current = await ctx.services.calendar.settings(key);
    const next = {
      ...current,
      ...(language === undefined ? {} : { locale: language as Locale }),
      ...(zone === undefined ? {} : { zone }),
    };
    await ctx.services.calendar.setChatSettings(key, next);
    const locale = next.locale ?? ctx.locale;
    return textReply(locale, catalog(locale).cmd.settingsSaved(locale, next.zone ?? ctx.zone), {
      ephemeral: true,
    });
  },
});
