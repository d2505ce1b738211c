import { LIMITS } from '../../config/schema.js';
import type { LaunchEvent } from '../../core/types.js';
import { catalog } from '../../i18n/index.js';
import { formatEventStart } from '../../messages/format-time.js';
import { textReply } from '../../messages/model.js';
import { sees } from '../authority.js';
import { CommandError } from '../command-error.js';
import { parseWhen } from '../date-phrase.js';
import { commandText, optionText, requireZone } from '../helpers.js';
import { defineCommand, type OptionSpec } from '../spec.js';

export const eventFieldOptions: readonly OptionSpec[] = [
  {
    name: 'zone',
    type: 'string',
    required: false,
    namedOnly: true,
    description: optionText('zone'),
    source: 'zone',
  },
  {
    name: 'city',
    type: 'string',
    required: false,
    maxLength: 80,
    namedOnly: true,
    description: optionText('city'),
  },
  {
    name: 'tags',
    type: 'string',
    required: false,
    namedOnly: true,
    description: optionText('tags'),
  },
  {
    name: 'image',
    type: 'string',
    required: false,
    namedOnly: true,
    description: optionText('image'),
  },
  {
    name: 'link',
    type: 'string',
    required: false,
    namedOnly: true,
    description: optionText('link'),
  },
];

const ID = /^[a-z0-9][a-z0-9_-]{0,47}$/;

export function checkTitle(title: string): string {
  if (title.length > LIMITS.title) {
    throw new CommandError((t) => t.err.badArg('title', `${title.slice(0, 20)}…`, `≤ ${LIMITS.title}`));
  }
  return title;
}

export function parseTags(value: string): string[] {
  const tags = value
    .split(/[,\s]+/)
    .map((tag) => tag.trim().toLowerCase())
    .filter(Boolean);
  for (const tag of tags) {
    if (!ID.test(tag)) throw new CommandError((t) => t.err.badArg('tag', tag, 'a-z 0-9 - _'));
  }
  return tags;
}

export function checkUrl(name: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {}
  throw new CommandError((t) => t.err.badArg(name, value, 'https://…'));
}

export const eventAdd = defineCommand({
  name: 'event_add',
  description: commandText('event_add'),
  options: [
    {
      name: 'id',
      type: 'string',
      required: true,
      maxLength: LIMITS.id,
      description: commandText('event_add', 'id'),
    },
    {
      name: 'when',
      type: 'string',
      required: true,
      description: commandText('event_add', 'when'),
    },
    {
      name: 'title',
      type: 'string',
      required: true,
      rest: true,
      maxLength: LIMITS.title,
      description: commandText('event_add', 'title'),
    },
    ...eventFieldOptions,
  ],
  admin: true,
  async run(ctx, args) {
    const id = String(args.id).toLowerCase();
    if (!ID.test(id)) throw new CommandError((t) => t.err.badArg('id', id, 'a-z 0-9 - _'));
    const existing = await ctx.services.calendar.idInUse(id);
    // A launch the config removed keeps its id for the operators: its followers were told it
    // was cancelled, and nobody else may post under its name.
    if (existing && !(existing.removed && ctx.operator))
      throw new CommandError((t) =>
        sees(ctx, existing) && !existing.removed ? t.err.eventExists(id) : t.err.idTaken(id),
      );
    const zone = args.zone === undefined ? ctx.zone : requireZone(String(args.zone));
    const start = parseWhen(String(args.when), zone, ctx.locale, ctx.now);
    const title = checkTitle(String(args.title));
    const event: Omit<LaunchEvent, 'source' | 'revision'> = {
      id,
      title: { [ctx.locale]: title },
      description: {},
      start,
      zone,
      ...(args.city === undefined ? {} : { city: String(args.city) }),
      links:
        args.link === undefined
          ? []
          : [{ label: String(args.link), url: checkUrl('link', String(args.link)) }],
      ...(args.image === undefined ? {} : { image: checkUrl('image', String(args.image)) }),
      tags: args.tags === undefined ? [] : parseTags(String(args.tags)),
      status: 'scheduled',
      // An operator adds the operators' launch; a community admin, the community's own.
      ...(ctx.operator ? {} : { owner: ctx.community }),
    };
    const added = await ctx.services.calendar.addEvent(event, 'command');
    const t = catalog(ctx.locale);
    return textReply(ctx.locale, t.cmd.eventAdded(id, formatEventStart(t, added)));
  },
});
