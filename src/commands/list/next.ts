import { eventCard, timeLeft } from '../../messages/compose.js';
import { textReply } from '../../messages/model.js';
import { viewerOf } from '../authority.js';
import { commandText } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const next = defineCommand({
  name: 'next',
  description: commandText('next'),
  options: [],
  admin: false,
  async run(ctx) {
    const { t } = ctx;
    const { events, targets } = ctx.services.stores;
    const target = await targets.get(`${ctx.platform}:${ctx.chatId}`);
    // The next launch this chat follows, else the next it sees.
    const query = { now: ctx.now, limit: 1, ...viewerOf(ctx) };
    const followed = target ? await events.upcoming({ ...query, follower: target }) : [];
    const event = followed[0] ?? (await events.upcoming(query))[0];
    if (!event) return textReply(ctx.locale, t.cmd.nextNone);
    const card = eventCard(event, t, ctx.zone);
    return {
      ...card,
      title: t.cmd.nextTitle(card.title),
      fields: [...card.fields, { label: t.field.left, value: timeLeft(t, event, ctx.now) }],
    };
  },
});
