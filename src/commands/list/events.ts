import { localized } from '../../core/types.js';
import { timeLeft } from '../../messages/compose.js';
import { formatEventStart } from '../../messages/format-time.js';
import { viewerOf } from '../authority.js';
import { commandText } from '../helpers.js';
import { defineCommand } from '../spec.js';

/** Launches a list shows; a last line says how many more there are. */
const LISTED = 25;

export const events = defineCommand({
  name: 'events',
  description: commandText('events'),
  options: [
    {
      name: 'tag',
      type: 'string',
      required: false,
      description: commandText('events', 'tag'),
      source: 'tag',
    },
  ],
  admin: false,
  async run(ctx, args) {
    const { t } = ctx;
    const tag = typeof args.tag === 'string' ? args.tag.toLowerCase() : undefined;
    const query = { now: ctx.now, ...viewerOf(ctx), ...(tag === undefined ? {} : { tag }) };
    const { events } = ctx.services.stores;
    const list = await events.upcoming({ ...query, limit: LISTED });
    const more = list.length === LISTED ? (await events.count(query)) - LISTED : 0;
    const lines = list.map(
      (e) =>
        `• ${e.id} — ${localized(e.title, t.locale)} — ${formatEventStart(t, e)} (${timeLeft(t, e, ctx.now)})`,
    );
    return {
      kind: 'reply',
      locale: t.locale,
      title: t.cmd.eventsTitle(tag),
      lines:
        lines.length === 0
          ? [t.cmd.eventsNone(tag)]
          : more > 0
            ? [...lines, t.cmd.eventsMore(more, tag !== undefined)]
            : lines,
      fields: [],
      links: [],
    };
  },
});
