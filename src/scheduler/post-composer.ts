import type { LedgerRow, Store } from '../calendar/store.js';
import type { LaunchEvent } from '../core/types.js';
import { composePost, digestIsEmpty } from '../messages/compose.js';
import type { OutboundMessage } from '../messages/model.js';
import { NO_EVENT } from './ledger-key.js';

export type Composed =
  | { readonly ok: true; readonly message: OutboundMessage }
  | { readonly ok: false; readonly reason: string };

/**
 * Turns a claimed ledger row into a message from the calendar as it is at send time.
 * Loads only the event a row is about; digests and catch-ups load the calendar.
 */
export class PostComposer {
  constructor(
    private readonly store: Store,
    private readonly skipEmptyDigests: boolean,
  ) {}

  async compose(row: LedgerRow, now: number, late: boolean): Promise<Composed> {
    const events = new Map<string, LaunchEvent>();
    if (row.eventId === NO_EVENT) {
      for (const event of await this.store.listEvents()) events.set(event.id, event);
    } else {
      const event = await this.store.getEvent(row.eventId);
      if (!event) return { ok: false, reason: 'event removed' };
      events.set(event.id, event);
    }
    const target = row.eventId === NO_EVENT ? await this.store.getTarget(row.targetKey) : undefined;
    const ctx = { now, events, late, ...(target ? { follows: target.follows } : {}) };
    if (row.kind === 'digest' && this.skipEmptyDigests && row.payload?.type === 'digest') {
      if (digestIsEmpty(ctx, row.payload.windowMs))
        return { ok: false, reason: 'nothing upcoming in the window' };
    }
    // The chat's current language and zone (the `settings` command) win over those planned.
    const settings = row.targetKey.includes(':dm:') ? {} : await this.store.getChatSettings(row.targetKey);
    const message = composePost(
      { ...row, locale: settings.locale ?? row.locale, zone: settings.zone ?? row.zone },
      ctx,
    );
    return message ? { ok: true, message } : { ok: false, reason: 'nothing to say' };
  }
}
