/**
 * The fake Discord in a process of its own (see telegram-server-process.ts for why).
 * Prints `{"apiRoot": …}`, answers `stats` lines with JSON. Arguments: token guilds
 * channelsPerGuild globalPerSecond perChannel perChannelWindowMs.
 */
import { createInterface } from 'node:readline';
import { FakeDiscord, type FakeGuild } from './discord-server.js';

const [
  token = 'test',
  guildCount = '50',
  perGuild = '10',
  globalPerSecond = '50',
  perChannel = '5',
  windowMs = '5000',
] = process.argv.slice(2);
const guilds: FakeGuild[] = Array.from({ length: Number(guildCount) }, (_, g) => ({
  id: String(500_000_000_000_000_000n + BigInt(g) * 1000n),
  name: `Guild ${g}`,
  channels: Array.from({ length: Number(perGuild) }, (_, c) => ({
    id: String(500_000_000_000_000_000n + BigInt(g) * 1000n + BigInt(c) + 1n),
    type: 0,
    name: `launches-${c}`,
  })),
}));
const fake = new FakeDiscord(token, guilds, {
  globalPerSecond: Number(globalPerSecond),
  perChannel: Number(perChannel),
  perChannelWindowMs: Number(windowMs),
});
await fake.start();
process.stdout.write(
  `${JSON.stringify({ apiRoot: fake.apiRoot, channels: guilds.flatMap((g) => g.channels.map((c) => c.id)) })}\n`,
);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'stats') {
    process.stdout.write(
      `${JSON.stringify({ sent: fake.messages.map((m) => ({ chat_id: m.channel_id, at: m.at, kind: String((m.embeds[0] as { title?: string } | undefined)?.title ?? '').slice(0, 2) })), tooManyRequests: fake.tooManyRequests })}\n`,
    );
  } else if (line === 'exit') {
    await fake.stop();
    process.exit(0);
  }
}
