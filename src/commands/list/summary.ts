import { textReply } from '../../messages/model.js';
import { commandText } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const summary = defineCommand({
  name: 'summary',
  description: commandText('summary'),
  options: [],
  admin: true,
  async run(ctx) {
    await ctx.services.requestSummary(ctx.platform, ctx.chatId, ctx.locale, ctx.zone, ctx.community);
    return textReply(ctx.locale, ctx.t.cmd.summaryQueued, { ephemeral: true });
  },
});
