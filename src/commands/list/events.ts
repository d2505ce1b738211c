import { localized } from '../../core/types.js';
import { timeLeft } from '../../messages/compose.js';
import { formatStart } from '../../messages/format-time.js';
import { viewerOf } from '../authority.js';
import { text } from '../helpers.js';
import { defineCommand } from '../spec.js';

/** Launches a list shows; a last line says how many more there are. */
const LISTED = 25;

export const events = defineCommand({
  name: 'events',
  description: text(
    'Upcoming launches, optionally with a tag',
    'Les lancements à venir, éventuellement par tag',
    'I lanci in arrivo, anche per tag',
  ),
  options: [
    {
      name: 'tag',
      type: 'string',
      required: false,
      description: text(
        'Only launches with this tag',
        'Seulement les lancements avec ce tag',
        'Solo i lanci con questo tag',
      ),
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
        `• ${e.id} — ${localized(e.title, t.locale)} — ${formatStart(t, e.start, e.zone, e.city)} (${timeLeft(t, e, ctx.now)})`,
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
