import { isPlannable } from '../../core/types.js';
import { eventCard, timeLeft } from '../../messages/compose.js';
import { requireEvent } from '../authority.js';
import { commandText, eventIdOption } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const event = defineCommand({
  name: 'event',
  description: commandText('event'),
  options: [eventIdOption],
  admin: false,
  async run(ctx, args) {
    const found = await requireEvent(ctx, String(args.id));
    const card = eventCard(found, ctx.t, ctx.zone);
    return {
      ...card,
      fields: [
        { label: ctx.t.field.id, value: found.id },
        ...card.fields,
        // A cancelled, postponed or ended launch has no time left to show (its status says why).
        ...(isPlannable(found) ? [{ label: ctx.t.field.left, value: timeLeft(ctx.t, found, ctx.now) }] : []),
        ...(found.tags.length > 0 ? [{ label: ctx.t.field.tags, value: found.tags.join(', ') }] : []),
      ],
    };
  },
});
