/**
 * The fake Bot API in a process of its own, so that its clock and event loop are not the
 * client's (in one process, a busy client delays the fake's bookkeeping and makes sends
 * look bunched). Prints `{"apiRoot": …}`, then answers `stats` lines on stdin with JSON.
 * Arguments: token perSecond perChatPerSecond perGroupPerMinute.
 */
import { createInterface } from 'node:readline';
import { FakeTelegram } from './telegram-server.js';

const [token = 'test', perSecond = '30', perChat = '1', perGroup = '20'] = process.argv.slice(2);
const fake = new FakeTelegram(token, 'herald_bot', {
  perSecond: Number(perSecond),
  perChatPerSecond: Number(perChat),
  perGroupPerMinute: Number(perGroup),
});
await fake.start();
process.stdout.write(`${JSON.stringify({ apiRoot: fake.apiRoot })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'stats') {
    process.stdout.write(
      `${JSON.stringify({ sent: fake.sent.map((m) => ({ chat_id: m.chat_id, at: m.at, text: (m.text ?? m.caption ?? '').split('\n')[0] })), tooManyRequests: fake.tooManyRequests, conflicts: fake.conflicts, limited: fake.limited })}\n`,
    );
  } else if (line === 'exit') {
    await fake.stop();
    process.exit(0);
  }
}
