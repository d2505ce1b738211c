import { formatShort } from '../../messages/format-time.js';
import { text } from '../helpers.js';
import { defineCommand } from '../spec.js';

export const audit = defineCommand({
  name: 'audit',
  description: text('Recent deliveries and failures', 'Derniers envois et échecs', 'Ultimi invii ed errori'),
  options: [
    {
      name: 'limit',
      type: 'integer',
      required: false,
      description: text('How many (default 15)', 'Combien (15 par défaut)', 'Quanti (predefinito 15)'),
    },
  ],
  admin: true,
  async run(ctx, args) {
    const { t } = ctx;
    const limit = Math.min(50, Math.max(1, typeof args.limit === 'number' ? args.limit : 15));
    const rows = await ctx.services.stores.ledger.audit({ limit });
    const lines = rows.map((r) =>
      t.cmd.auditLine(
        formatShort(r.sentAt ?? r.updatedAt, ctx.zone),
        r.status + (r.late ? ' (late)' : ''),
        `${r.eventId} ${r.kind} ${r.slot}`,
        r.targetKey,
        r.reason ?? r.lastError ?? '',
      ),
    );
    const disabled = (await ctx.services.stores.targets.list())
      .filter((target) => !target.enabled)
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
