import type { InboundCommand } from '../adapters/adapter.js';
import type { Clock } from '../core/clock.js';
import { TimeInputError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { type Locale, targetKey } from '../core/types.js';
import type { Catalog } from '../i18n/catalog.js';
import { catalog } from '../i18n/index.js';
import { redactMessage, textReply } from '../messages/model.js';
import { CommandError } from './command-error.js';
import type { CommandCooldown, CooldownVerdict } from './cooldown.js';
import { type ArgProblem, coerceArgs, parseTextArgs, usage } from './parse-args.js';
import type { CommandServices, CommandSpec } from './spec.js';

/**
 * Runs an inbound command from any adapter: picks the language, checks who may run it,
 * parses the arguments, and answers every failure in the user's language.
 */
export class CommandRouter {
  private readonly byName: Map<string, CommandSpec>;

  constructor(
    readonly specs: readonly CommandSpec[],
    private readonly services: CommandServices,
    private readonly owners: readonly string[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** The flood gate; none: every command is answered. */
    private readonly cooldown?: CommandCooldown,
  ) {
    this.byName = new Map(specs.map((s) => [s.name, s]));
  }

  async handle(command: InboundCommand): Promise<void> {
    const spec = this.byName.get(command.name.toLowerCase());
    // A bare `/foo` in a group may be meant for another bot there: not a word unless addressed.
    if (!spec && !command.addressed) return;
    const gate = this.floodGate(command);
    if (gate.action === 'ignore') return;
    const key = targetKey(command.platform, command.chatId);
    const chatSettings = await this.services.stores.targets.settings(key);
    const target = await this.services.stores.targets.get(key);
    const locale: Locale =
      chatSettings.locale ?? target?.locale ?? command.userLocale ?? this.services.defaults.locale;
    const zone = chatSettings.zone ?? target?.zone ?? this.services.defaults.zone;
    const t = catalog(locale);
    const reply = (text: string) =>
      command.reply(redactMessage(textReply(locale, text, { ephemeral: true })));
    if (gate.action === 'warn') {
      // Said to one person: in their own language when the platform gives it.
      const to = gate.scope === 'user' ? (command.userLocale ?? locale) : locale;
      const text = slowDown(catalog(to), gate.scope, gate.until - this.clock.now());
      return command.reply(redactMessage(textReply(to, text, { ephemeral: true })));
    }
    if (!spec) return reply(t.err.unknownCommand(command.name));
    try {
      const operator = this.isOperator(command);
      if (spec.admin && !operator && !(await this.isChatAdmin(command))) return reply(t.err.notAdmin);
      const parsed =
        command.args.kind === 'text'
          ? parseTextArgs(spec, command.args.text)
          : coerceArgs(spec, command.args.values);
      if (!parsed.ok)
        return reply(describeProblem(t, parsed.problem, usage(spec, this.services.commandPrefix)));
      const message = await spec.run(
        {
          platform: command.platform,
          chatId: command.chatId,
          chatKind: command.chatKind,
          community: command.community,
          operator,
          isChatAdmin: () => this.isChatAdmin(command),
          userId: command.userId,
          ...(command.userName === undefined ? {} : { userName: command.userName }),
          locale,
          zone,
          t,
          now: this.clock.now(),
          services: this.services,
        },
        parsed.args,
      );
      await command.reply(redactMessage(message));
    } catch (error) {
      if (error instanceof CommandError) return reply(error.render(t));
      if (error instanceof TimeInputError) return reply(describeTimeError(t, error));
      this.logger.error(
        {
          command: spec.name,
          platform: command.platform,
          err: error instanceof Error ? error.stack : String(error),
        },
        'command failed',
      );
      return reply(t.err.internal);
    }
  }

  /** The cooldowns (commands/cooldown.ts); operators are exempt and not counted. */
  private floodGate(command: InboundCommand): CooldownVerdict {
    if (!this.cooldown || this.isOperator(command)) return { action: 'run' };
    const verdict = this.cooldown.check(
      this.clock.now(),
      targetKey(command.platform, command.chatId),
      command.userId,
    );
    if (verdict.action === 'warn')
      this.logger.info(
        { platform: command.platform, chat: command.chatId, user: command.userId, scope: verdict.scope },
        'command cooldown: one "slow down", then silence',
      );
    return verdict;
  }

  private isOperator(command: Pick<InboundCommand, 'platform' | 'userId'>): boolean {
    return this.owners.includes(`${command.platform}:${command.userId}`);
  }

  /** An administrator of the chat the command was typed in (never in a private chat). */
  private async isChatAdmin(command: InboundCommand): Promise<boolean> {
    if (command.chatKind === 'private') return false;
    return command.isChatAdmin();
  }
}

/** "Slow down", with when to try again: in seconds under a minute and a half, else in minutes. */
function slowDown(t: Catalog, scope: 'user' | 'chat', waitMs: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const wait = seconds < 90 ? t.unit(seconds, 's') : t.unit(Math.ceil(seconds / 60), 'm');
  return scope === 'user' ? t.err.slowDown(wait) : t.err.chatBusy(wait);
}

function describeProblem(t: Catalog, problem: ArgProblem, shown: string): string {
  switch (problem.code) {
    case 'missing':
      return t.err.missingArg(problem.option, shown);
    case 'too_many':
      return t.err.tooManyArgs(shown);
    case 'bad_value':
      return t.err.badArg(problem.option, problem.value, problem.expected);
    case 'too_long':
      return t.err.argTooLong(problem.option, problem.max);
    case 'unclosed_quote':
      return t.err.unclosedQuote(shown);
  }
}

export function describeTimeError(t: Catalog, error: TimeInputError): string {
  const p = error.params;
  switch (error.code) {
    case 'time_in_gap':
      return t.err.time.inGap(p.time ?? '', p.zone ?? '');
    case 'time_ambiguous':
      return t.err.time.ambiguous(p.text ?? '');
    case 'time_past':
      return t.err.time.past(p.text ?? '');
    case 'time_no_date':
      return t.err.time.noDate(p.text ?? '');
    case 'time_unknown_zone':
      return t.err.unknownZone(p.zone ?? '');
    case 'time_invalid_date':
      return t.err.time.invalidDate(p.date ?? p.text ?? '');
    default:
      return t.err.time.unparsed(p.text ?? '');
  }
}
