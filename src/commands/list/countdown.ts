import { startInstant } from '../../calendar/upcoming.js';
import { localized } from '../../core/types.js';
import { daysUntil, formatEventStart, formatRemaining } from '../../messages/format-time.js';
import { requireEvent } from '../authority.js';
import { commandText, eventIdOption } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const countdown = defineCommand({
  name: 'countdown',
  description: commandText('countdown'),
  options: [eventIdOption],
  admin: false,
  async run(ctx, args) {
    const { t } = ctx;
    const found = await requireEvent(ctx, String(args.id));
    const when = formatEventStart(t, found);
    const line =
      found.start.kind === 'date'
        ? daysUntil(ctx.now, found.start.date, found.zone) < 0
          ? t.started
          : t.cmd.countdownTba(t.unit(daysUntil(ctx.now, found.start.date, found.zone), 'd'))
        : found.start.at > ctx.now
          ? t.cmd.countdownLeft(formatRemaining(t, found.start.at - ctx.now))
          : t.started;
    return {
      kind: 'reply',
      locale: t.locale,
      title: t.cmd.countdownTitle(localized(found.title, t.locale)),
      lines: [line],
      fields: [{ label: t.field.when, value: when }],
      when: { at: startInstant(found), dateOnly: found.start.kind === 'date' },
      links: [],
      eventId: found.id,
    };
  },
});
