import { LOCALES, type Locale, visibleTo } from '../core/types.js';
import { isValidZone } from '../core/zone.js';
import { catalog } from '../i18n/index.js';
import type { MessageArgs } from '../i18n/messages.js';
import { CommandError } from './command-error.js';
import type { CommandContext, OptionSpec } from './spec.js';

type CommandTexts = MessageArgs['commands'];

/**
 * A command's description (or, with `option`, one of its options'), in every language: read
 * from the catalogs (src/i18n/locales/) each time a menu asks, so operators' overrides apply.
 */
export function commandText<C extends keyof CommandTexts>(
  command: C,
  option?: Exclude<keyof CommandTexts[C], 'description'> & string,
): Readonly<Record<Locale, string>> {
  return inEveryLanguage((locale) => catalog(locale).commandText(command, option));
}

/** The description of an option several commands share (src/i18n/messages.ts `options`). */
export function optionText(option: keyof MessageArgs['options']): Readonly<Record<Locale, string>> {
  return inEveryLanguage((locale) => catalog(locale).commandText(undefined, option));
}

function inEveryLanguage(read: (locale: Locale) => string | undefined): Readonly<Record<Locale, string>> {
  const out = {} as Record<Locale, string>;
  for (const locale of LOCALES) {
    Object.defineProperty(out, locale, {
      enumerable: true,
      get: () => read(locale) ?? read('en') ?? '',
    });
  }
  return out;
}

/**
 * A topic is an event id or a tag; event ids win when both exist. Only launches this chat's
 * community sees count: a tag never reveals another community's launches.
 */
export async function resolveTopic(
  ctx: CommandContext,
  topic: string,
): Promise<{ event: string } | { tag: string }> {
  const value = topic.toLowerCase();
  const event = await ctx.services.calendar.getEvent(value);
  if (event && visibleTo(event, ctx.community)) return { event: value };
  const tags = await ctx.services.stores.events.tags({ viewer: ctx.community, text: value });
  if (tags.includes(value)) return { tag: value };
  throw new CommandError((t) => t.err.unknownTopic(topic));
}

export function requireZone(zone: string): string {
  if (!isValidZone(zone)) throw new CommandError((t) => t.err.unknownZone(zone));
  return zone;
}

export const eventIdOption: OptionSpec = {
  name: 'id',
  type: 'string',
  required: true,
  description: optionText('id'),
  source: 'event',
};

export const topicOption: OptionSpec = {
  name: 'topic',
  type: 'string',
  required: true,
  description: optionText('topic'),
  source: 'topic',
};
