import { textReply } from '../../messages/model.js';
import { text } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const summary = defineCommand({
  name: 'summary',
  description: text(
    'Post a digest of upcoming launches now',
    'Publier maintenant un résumé des lancements',
    'Pubblicare ora un riepilogo dei lanci',
  ),
  options: [],
  admin: true,
  async run(ctx) {
    await ctx.services.requestSummary(ctx.platform, ctx.chatId, ctx.locale, ctx.zone, ctx.community);
    return textReply(ctx.locale, ctx.t.cmd.summaryQueued, { ephemeral: true });
  },
});
