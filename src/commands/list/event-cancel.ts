import { textReply } from '../../messages/model.js';
import { requireEvent } from '../authority.js';
import { commandText, eventIdOption } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const eventCancel = defineCommand({
  name: 'event_cancel',
  description: commandText('event_cancel'),
  options: [
    eventIdOption,
    {
      name: 'postpone',
      type: 'boolean',
      required: false,
      description: commandText('event_cancel', 'postpone'),
    },
  ],
  admin: true,
  async run(ctx, args) {
    const event = await requireEvent(ctx, String(args.id), { forChange: true });
    const postpone = args.postpone === true;
    const status = postpone ? 'postponed' : 'cancelled';
    if (event.status === status)
      return textReply(ctx.locale, ctx.t.cmd.eventAlready(event.id, ctx.t.status[status]));
    await ctx.services.calendar.setStatus(event.id, postpone ? 'postponed' : 'cancelled');
    return textReply(
      ctx.locale,
      postpone ? ctx.t.cmd.eventPostponed(event.id) : ctx.t.cmd.eventCancelled(event.id),
    );
  },
});
