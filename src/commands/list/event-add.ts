import { LIMITS } from '../../config/schema.js';
import type { LaunchEvent } from '../../core/types.js';
import { catalog } from '../../i18n/index.js';
import { formatStart } from '../../messages/format-time.js';
import { textReply } from '../../messages/model.js';
import { sees } from '../authority.js';
import { CommandError } from '../command-error.js';
import { parseWhen } from '../date-phrase.js';
import { requireZone, text } from '../helpers.js';
import { defineCommand, type OptionSpec } from '../spec.js';

export const eventFieldOptions: readonly OptionSpec[] = [
  {
    name: 'zone',
    type: 'string',
    required: false,
    namedOnly: true,
    description: text(
      'Venue time zone (default: this chat’s)',
      'Fuseau du lieu (par défaut : celui du salon)',
      'Fuso del luogo (predefinito: quello della chat)',
    ),
    source: 'zone',
  },
  {
    name: 'city',
    type: 'string',
    required: false,
    maxLength: 80,
    namedOnly: true,
    description: text('City of the venue', 'Ville du lieu', 'Città del luogo'),
  },
  {
    name: 'tags',
    type: 'string',
    required: false,
    namedOnly: true,
    description: text('Tags, comma-separated', 'Tags, séparés par des virgules', 'Tag, separati da virgole'),
  },
  {
    name: 'image',
    type: 'string',
    required: false,
    namedOnly: true,
    description: text('Image URL', 'URL de l’image', 'URL dell’immagine'),
  },
  {
    name: 'link',
    type: 'string',
    required: false,
    namedOnly: true,
    description: text('Link URL', 'URL du lien', 'URL del link'),
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
  description: text('Add a launch', 'Ajouter un lancement', 'Aggiungere un lancio'),
  options: [
    {
      name: 'id',
      type: 'string',
      required: true,
      maxLength: LIMITS.id,
      description: text(
        'New id: a-z, 0-9, - and _',
        'Nouvel id : a-z, 0-9, - et _',
        'Nuovo id: a-z, 0-9, - e _',
      ),
    },
    {
      name: 'when',
      type: 'string',
      required: true,
      description: text(
        'Date, and hour if known: "May 22 2pm"',
        'Date, et heure si connue : « 22 mai 14h »',
        'Data, e ora se nota: "24 maggio ore 15"',
      ),
    },
    {
      name: 'title',
      type: 'string',
      required: true,
      rest: true,
      maxLength: LIMITS.title,
      description: text('Title', 'Titre', 'Titolo'),
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
    return textReply(ctx.locale, t.cmd.eventAdded(id, formatStart(t, added.start, added.zone, added.city)));
  },
});
