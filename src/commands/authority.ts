import { type LaunchEvent, type Owner, ownerOf, visibleTo } from '../core/types.js';
import { CommandError } from './command-error.js';
import type { CommandContext } from './spec.js';

/**
 * Who may see and change what (docs/tenancy.md). A chat sees the operators' launches, public
 * ones and its own community's; an operator in a private chat with the bot sees everything.
 * Only the owner community's admins and the operators change a launch.
 */
export function sees(
  ctx: Pick<CommandContext, 'operator' | 'chatKind' | 'community'>,
  event: LaunchEvent,
): boolean {
  return (ctx.operator && ctx.chatKind === 'private') || visibleTo(event, ctx.community);
}

export function mayChange(ctx: Pick<CommandContext, 'operator' | 'community'>, event: LaunchEvent): boolean {
  return ctx.operator || ownerOf(event) === ctx.community;
}

/**
 * Whose view of the calendar this chat has, as calendar queries take it (`UpcomingQuery.viewer`):
 * its community's, or none (every launch) for an operator in a private chat with the bot.
 */
export function viewerOf(ctx: Pick<CommandContext, 'operator' | 'chatKind' | 'community'>): {
  readonly viewer?: Owner;
} {
  return ctx.operator && ctx.chatKind === 'private' ? {} : { viewer: ctx.community };
}

/**
 * A launch by id, as this chat may know it: another community's private launch is "unknown"
 * (its existence is not revealed); `forChange` also requires the right to change it.
 */
export async function requireEvent(
  ctx: CommandContext,
  id: string,
  opts: { readonly forChange?: boolean } = {},
): Promise<LaunchEvent> {
  const event = await ctx.services.calendar.getEvent(id.toLowerCase());
  // An operator may change any launch from anywhere, but reads in a group show what the group sees.
  const known = event !== undefined && (sees(ctx, event) || (ctx.operator && opts.forChange === true));
  if (!event || !known) throw new CommandError((t) => t.err.unknownEvent(id));
  if (opts.forChange && !mayChange(ctx, event)) throw new CommandError((t) => t.err.notYourEvent(event.id));
  return event;
}
