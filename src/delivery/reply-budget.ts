import type { InboundCommand } from '../adapters/adapter.js';
import type { Platform } from '../core/types.js';

/**
 * Whether a platform counts a command's reply against the limits posts are planned around.
 *
 * - Telegram: every sendMessage counts, a reply to a command included (30/s overall, 1/s in a
 *   chat, 20/min in a group).
 * - Discord: a slash command is answered on the interaction's own webhook, which Discord does
 *   not count against the bot: "Interaction endpoints are not bound to the bot's Global Rate
 *   Limit", and webhooks have their own buckets, apart from the channel's message bucket
 *   (https://discord.com/developers/docs/topics/rate-limits). Holding an interaction reply
 *   back would only risk Discord's 3-second deadline.
 * - Console: nothing to count.
 */
export const REPLIES_COUNTED: Readonly<Record<Platform, boolean>> = {
  telegram: true,
  discord: false,
  console: false,
};

/** A reply's turn in the rate budget: it counts until `answered` is called (the platform replied or failed). */
export interface ReplyTurn {
  answered(): void;
}

/** Where a reply waits for its slot (Dispatcher.replySlot): its turn to send now, or undefined to drop it. */
export type ReplySlot = (platform: Platform, chatId: string) => Promise<ReplyTurn | undefined>;

/**
 * The command with its `reply` taking a slot from the platform's rate budget first, where the
 * platform counts replies; a reply that gets no slot in time is dropped (the slot function
 * logs it).
 */
export function budgetedReplies(command: InboundCommand, slot: ReplySlot): InboundCommand {
  if (!REPLIES_COUNTED[command.platform]) return command;
  const reply = command.reply.bind(command);
  return {
    ...command,
    isChatAdmin: command.isChatAdmin.bind(command),
    async reply(message) {
      const turn = await slot(command.platform, command.chatId);
      if (!turn) return;
      try {
        await reply(message);
      } finally {
        turn.answered();
      }
    },
  };
}
