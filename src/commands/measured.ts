import type { InboundCommand } from '../adapters/adapter.js';
import type { Metrics } from '../core/metrics.js';

/**
 * The command with its `reply` counted: each answer that goes out is one command reply, with
 * its latency from the moment the command reached Herald (the wait for a rate-limit slot
 * included, when the caller wraps this inside `budgetedReplies`). Names outside `known` are
 * counted as `unknown`, so a stranger typing `/x1`, `/x2`… cannot grow the label set.
 */
export function measuredReplies(
  command: InboundCommand,
  metrics: Metrics,
  known: ReadonlySet<string>,
): InboundCommand {
  const arrived = performance.now();
  const name = command.name.toLowerCase();
  const label = known.has(name) ? name : 'unknown';
  const reply = command.reply.bind(command);
  return {
    ...command,
    isChatAdmin: command.isChatAdmin.bind(command),
    async reply(message) {
      await reply(message);
      metrics.commandReplied(command.platform, label, performance.now() - arrived);
    },
  };
}
