import { DeliveryError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { OutboundMessage } from '../messages/model.js';
import type { Address, PostedRef } from './adapter.js';

/** The primitives a pinned countdown is made of on a platform that can edit and pin. */
export interface PinPrimitives {
  post(address: Address, message: OutboundMessage): Promise<PostedRef>;
  edit(address: Address, ref: PostedRef, message: OutboundMessage): Promise<void>;
  pin(address: Address, ref: PostedRef): Promise<void>;
}

/**
 * The pinned countdown from edits: the known message is edited in place; if it is gone
 * (deleted by an admin) or there is none yet, a new one is posted and pinned. A pin the
 * platform refuses (no admin right) is logged: the message still counts down, unpinned.
 */
export async function editOrRepost(
  via: PinPrimitives,
  logger: Pick<Logger, 'warn'> | undefined,
  address: Address,
  message: OutboundMessage,
  previous: PostedRef | undefined,
): Promise<PostedRef> {
  if (previous) {
    try {
      await via.edit(address, previous, message);
      return previous;
    } catch (error) {
      if (!(error instanceof DeliveryError && error.kind === 'permanent' && error.scope === 'message'))
        throw error;
    }
  }
  const ref = await via.post(address, message);
  try {
    await via.pin(address, ref);
  } catch (error) {
    logger?.warn(
      { chat: address.chatId, err: error instanceof Error ? error.message : String(error) },
      'could not pin',
    );
  }
  return ref;
}
