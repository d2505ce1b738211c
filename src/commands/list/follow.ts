import { textReply } from '../../messages/model.js';
import { commandText, resolveTopic, topicOption } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const follow = defineCommand({
  name: 'follow',
  description: commandText('follow'),
  options: [topicOption],
  admin: true,
  async run(ctx, args) {
    const topic = await resolveTopic(ctx, String(args.topic));
    const planned = await ctx.services.calendar.follow(ctx.platform, ctx.chatId, topic, {
      locale: ctx.locale,
      zone: ctx.zone,
      owner: ctx.community,
    });
    return textReply(ctx.locale, ctx.t.cmd.followed('event' in topic ? topic.event : topic.tag, planned));
  },
});

export const unfollow = defineCommand({
  name: 'unfollow',
  description: commandText('unfollow'),
  options: [topicOption],
  admin: true,
  async run(ctx, args) {
    const raw = String(args.topic).toLowerCase();
    const calendar = ctx.services.calendar;
    const done =
      (await calendar.unfollow(ctx.platform, ctx.chatId, { event: raw })) ||
      (await calendar.unfollow(ctx.platform, ctx.chatId, { tag: raw }));
    return textReply(ctx.locale, done ? ctx.t.cmd.unfollowed(raw) : ctx.t.cmd.notFollowing(raw));
  },
});
