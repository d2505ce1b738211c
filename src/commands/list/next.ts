import { upcoming } from '../../calendar/upcoming.js';
import { eventCard, timeLeft } from '../../messages/compose.js';
import { textReply } from '../../messages/model.js';
import { visibleEvents } from '../authority.js';
import { text } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const next = defineCommand({
  name: 'next',
  description: text('The next launch', 'Le prochain lancement', 'Il prossimo lancio'),
  options: [],
  admin: false,
  async run(ctx) {
    const { t } = ctx;
    const target = await ctx.services.stores.targets.get(`${ctx.platform}:${ctx.chatId}`);
    const all = await visibleEvents(ctx);
    const followed = target ? upcoming(all, ctx.now, { follower: target }) : [];
    const event = followed[0] ?? upcoming(all, ctx.now)[0];
    if (!event) return textReply(ctx.locale, t.cmd.nextNone);
    const card = eventCard(event, t, ctx.zone);
    return {
      ...card,
      title: t.cmd.nextTitle(card.title),
      fields: [...card.fields, { label: t.field.left, value: timeLeft(t, event, ctx.now) }],
    };
  },
});
