import { commandText } from '../helpers.js';
import { usage } from '../parse-args.js';
import { type CommandSpec, defineCommand } from '../spec.js';

/** `help` lists the registry it is given, so it can never drift from the real commands. */
export function helpCommand(all: () => readonly CommandSpec[]): CommandSpec {
  return defineCommand({
    name: 'help',
    description: commandText('help'),
    options: [],
    admin: false,
    async run(ctx) {
      const { t } = ctx;
      const prefix = ctx.services.commandPrefix;
      const line = (spec: CommandSpec) => `${usage(spec, prefix)} — ${spec.description[t.locale]}`;
      const specs = all();
      return {
        kind: 'reply',
        locale: t.locale,
        title: t.cmd.helpTitle,
        lines: [
          ...specs.filter((s) => !s.admin).map(line),
          t.cmd.helpAdmin,
          ...specs.filter((s) => s.admin).map(line),
          t.cmd.helpUsage,
        ],
        fields: [],
        links: [],
      };
    },
  });
}
