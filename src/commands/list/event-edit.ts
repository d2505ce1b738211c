import { LIMITS } from '../../config/schema.js';
import { EVENT_STATUSES, type EventStatus, type LaunchEvent } from '../../core/types.js';
import { textReply } from '../../messages/model.js';
import { requireEvent } from '../authority.js';
import { CommandError } from '../command-error.js';
import { parseWhen } from '../date-phrase.js';
import { commandText, eventIdOption, requireZone } from '../helpers.js';
import { defineCommand } from '../spec.js';
import { checkTitle, checkUrl, eventFieldOptions, parseTags } from './event-add.js';

export const eventEdit = defineCommand({
  name: 'event_edit',
  description: commandText('event_edit'),
  options: [
    eventIdOption,
    {
      name: 'when',
      type: 'string',
      required: false,
      namedOnly: true,
      description: commandText('event_edit', 'when'),
    },
    {
      name: 'title',
      type: 'string',
      required: false,
      namedOnly: true,
      maxLength: LIMITS.title,
      description: commandText('event_edit', 'title'),
    },
    {
      name: 'status',
      type: 'string',
      required: false,
      namedOnly: true,
      choices: EVENT_STATUSES,
      description: commandText('event_edit', 'status'),
    },
    ...eventFieldOptions,
    {
      name: 'public',
      type: 'boolean',
      required: false,
      namedOnly: true,
      description: commandText('event_edit', 'public'),
    },
  ],
  admin: true,
  async run(ctx, args) {
    const before = await requireEvent(ctx, String(args.id), { forChange: true });
    const zone = args.zone === undefined ? before.zone : requireZone(String(args.zone));
    const patch: { -readonly [K in keyof LaunchEvent]?: LaunchEvent[K] } = {};
    if (args.when !== undefined) patch.start = parseWhen(String(args.when), zone, ctx.locale, ctx.now);
    if (args.zone !== undefined) patch.zone = zone;
    if (args.title !== undefined)
      patch.title = { ...before.title, [ctx.locale]: checkTitle(String(args.title)) };
    if (args.city !== undefined) patch.city = String(args.city);
    if (args.tags !== undefined) patch.tags = parseTags(String(args.tags));
    if (args.image !== undefined) patch.image = checkUrl('image', String(args.image));
    if (args.link !== undefined)
      patch.links = [{ label: String(args.link), url: checkUrl('link', String(args.link)) }];
    if (args.status !== undefined) patch.status = String(args.status) as EventStatus;
    if (args.public !== undefined) {
      if (!ctx.operator) throw new CommandError((t) => t.err.publishOperatorsOnly);
      patch.public = args.public === true;
    }
    const { changes } = await ctx.services.calendar.editEvent(before.id, patch);
    const t = ctx.t;
    return textReply(
      ctx.locale,
      changes.length === 0 ? t.cmd.eventUnchanged(before.id) : t.cmd.eventEdited(before.id, changes.length),
    );
  },
});
