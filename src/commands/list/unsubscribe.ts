import { textReply } from '../../messages/model.js';
import { text } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  description: text(
    'Stop DM reminders (all, or one launch or tag)',
    'Arrêter les rappels en privé (tous, ou un lancement ou tag)',
    'Fermare i promemoria in privato (tutti, o un lancio o tag)',
  ),
  options: [
    {
      name: 'topic',
      type: 'string',
      required: false,
      description: text(
        'A launch id or a tag; all when left out',
        'Un id ou un tag ; tous si omis',
        'Un id o un tag; tutti se omesso',
      ),
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
