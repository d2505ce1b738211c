import { type OutboundMessage, renderPlain } from '../../messages/model.js';

/** The console shows the plain rendering, indented under its header. */
export function renderConsole(message: OutboundMessage): string {
  return renderPlain(message)
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
