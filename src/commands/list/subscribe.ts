import { formatDuration } from '../../messages/format-time.js';
import { textReply } from '../../messages/model.js';
import { commandText, resolveTopic, topicOption } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const subscribe = defineCommand({
  name: 'subscribe',
  description: commandText('subscribe'),
  options: [topicOption],
  admin: false,
  async run(ctx, args) {
    const { t } = ctx;
    const topic = await resolveTopic(ctx, String(args.topic));
    const key = 'event' in topic ? `event:${topic.event}` : `tag:${topic.tag}`;
    const shown = 'event' in topic ? topic.event : topic.tag;
    // Telegram forbids a bot to write first: from a group, point to the private chat, where
    // pressing Start runs this same command with the topic.
    const link =
      ctx.chatKind === 'private' ? undefined : ctx.services.optInLink(ctx.platform, shown, ctx.chatId);
    if (link)
      return {
        ...textReply(ctx.locale, t.subscribeInPrivate(shown)),
        links: [{ label: t.remindMe, url: link }],
      };
    const added = await ctx.services.calendar.subscribe({
      platform: ctx.platform,
      userId: ctx.userId,
      topic: key,
      originChatId: ctx.chatId,
      locale: ctx.locale,
      zone: ctx.zone,
      createdAt: ctx.now,
      community: ctx.community,
    });
    if (!added) return textReply(ctx.locale, t.cmd.alreadySubscribed(shown), { ephemeral: true });
    const offsets = t.join(ctx.services.reminderOffsets.map((d) => formatDuration(t, d)));
    return textReply(ctx.locale, t.cmd.subscribed(shown, offsets), { ephemeral: true });
  },
});
