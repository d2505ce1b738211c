import { textReply } from '../../messages/model.js';
import { commandText } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  description: commandText('unsubscribe'),
  options: [
    {
      name: 'topic',
      type: 'string',
      required: false,
      description: commandText('unsubscribe', 'topic'),
      source: 'topic',
    },
  ],
  admin: false,
  async run(ctx, args) {
    const { t } = ctx;
    const raw = typeof args.topic === 'string' ? args.topic.toLowerCase() : undefined;
    let removed = 0;
    if (raw === undefined) {
      removed = await ctx.services.calendar.unsubscribe(ctx.platform, ctx.userId);
    } else {
      removed += await ctx.services.calendar.unsubscribe(ctx.platform, ctx.userId, `event:${raw}`);
      removed += await ctx.services.calendar.unsubscribe(ctx.platform, ctx.userId, `tag:${raw}`);
    }
    return textReply(ctx.locale, removed === 0 ? t.cmd.notSubscribed : t.cmd.unsubscribed(removed), {
      ephemeral: true,
    });
  },
});
