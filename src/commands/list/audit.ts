import { targetKey } from '../../core/types.js';
import { formatShort } from '../../messages/format-time.js';
import { commandText } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const audit = defineCommand({
  name: 'audit',
  description: commandText('audit'),
  options: [
    {
      name: 'limit',
      type: 'integer',
      required: false,
      description: commandText('audit', 'limit'),
    },
  ],
  admin: true,
  async run(ctx, args) {
    const { t } = ctx;
    const limit = Math.min(50, Math.max(1, typeof args.limit === 'number' ? args.limit : 15));
    // A chat sees its own deliveries; an operator in a private chat with the bot sees all.
    const everything = ctx.operator && ctx.chatKind === 'private';
    const own = targetKey(ctx.platform, ctx.chatId);
    const rows = await ctx.services.stores.ledger.audit({
      limit,
      ...(everything ? {} : { targetKeys: [own] }),
    });
    const lines = rows.map((r) =>
      t.cmd.auditLine(
        formatShort(r.sentAt ?? r.updatedAt, ctx.zone, ctx.t),
        r.status + (r.late ? ' (late)' : ''),
        `${r.eventId} ${r.kind} ${r.slot}`,
        r.targetKey,
        r.reason ?? r.lastError ?? '',
      ),
    );
    const disabled = (await ctx.services.stores.targets.list())
      .filter((target) => !target.enabled && (everything || target.key === own))
      .map((target) => t.cmd.auditTargetDisabled(target.key, target.disabledReason ?? '?'));
    return {
      kind: 'reply',
      locale: t.locale,
      title: t.cmd.auditTitle,
      lines: [...disabled, ...(lines.length > 0 ? lines : [t.cmd.auditEmpty])],
      fields: [],
      links: [],
      ephemeral: true,
    };
  },
});
