import { type Locale, visibleTo } from '../core/types.js';
import { isValidZone } from '../core/zone.js';
import { CommandError } from './command-error.js';
import type { CommandContext, OptionSpec } from './spec.js';

export function text(en: string, fr: string, it: string): Readonly<Record<Locale, string>> {
  return { en, fr, it };
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
  description: text('Launch id (see events)', 'Id du lancement (voir events)', 'Id del lancio (vedi events)'),
  source: 'event',
};

export const topicOption: OptionSpec = {
  name: 'topic',
  type: 'string',
  required: true,
  description: text('A launch id or a tag', 'Un id de lancement ou un tag', 'Un id di lancio o un tag'),
  source: 'topic',
};
