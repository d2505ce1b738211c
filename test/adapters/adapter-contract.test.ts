import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../../src/adapters/adapter.js';
import { ConsoleAdapter } from '../../src/adapters/console/console-adapter.js';
import { DiscordAdapter } from '../../src/adapters/discord/discord-adapter.js';
import { TelegramAdapter } from '../../src/adapters/telegram/telegram-adapter.js';
import { allCommands } from '../../src/commands/registry.js';
import { DeliveryError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import type { OutboundMessage } from '../../src/messages/model.js';
import { FakeDiscord } from '../fakes/discord-server.js';
import { FakeClock } from '../fakes/fake-clock.js';
import { FakeTelegram } from '../fakes/telegram-server.js';
import { DISCORD_TOKEN, GUILD } from '../support/discord-harness.js';
import { TOKEN } from '../support/telegram-harness.js';

/** Every adapter behaves the same at the boundary the core sees. */
interface Case {
  readonly name: string;
  readonly chat: string;
  readonly missingChat: string;
  make(): Promise<{ adapter: Adapter; stop(): Promise<void> }>;
}

const hostile: OutboundMessage = {
  kind: 'countdown',
  locale: 'fr',
  title: '<b>@everyone</b> & "Mi 8" *launch* _now_',
  lines: ['<script>alert(1)</script>', '[link](https://evil.example)'],
  fields: [{ label: 'Quand', value: 'mardi 22 mai 2018 à 14:00, heure de Paris' }],
  when: { at: Date.parse('2018-05-22T12:00:00Z'), dateOnly: false },
  links: [{ label: 'Mi', url: 'https://www.mi.com/fr/' }],
  eventId: 'mi8-fr',
};

const clock = new FakeClock('2018-05-20T10:00:00Z');
const cases: Case[] = [
  {
    name: 'console',
    chat: 'main',
    missingChat: '',
    async make() {
      const adapter = new ConsoleAdapter({
        input: new PassThrough(),
        output: new PassThrough(),
        clock,
        zone: 'Europe/Paris',
      });
      await adapter.start({ onCommand: async () => {} });
      return { adapter, stop: () => adapter.stop() };
    },
  },
  {
    name: 'telegram',
    chat: '-1001234567890',
    missingChat: '-1009999999999',
    async make() {
      const fake = new FakeTelegram(TOKEN);
      await fake.start();
      const adapter = new TelegramAdapter({
        token: TOKEN,
        apiRoot: fake.apiRoot,
        clock,
        logger: silentLogger(),
        commands: allCommands(),
      });
      await adapter.start({ onCommand: async () => {} });
      fake.fail({ chatId: '-1009999999999', status: 400, description: 'Bad Request: chat not found' });
      return {
        adapter,
        stop: async () => {
          await adapter.stop();
          await fake.stop();
        },
      };
    },
  },
  {
    name: 'discord',
    chat: GUILD.channels[0]?.id ?? '',
    missingChat: '448000000000009999',
    async make() {
      const fake = new FakeDiscord(DISCORD_TOKEN, [GUILD]);
      await fake.start();
      const adapter = new DiscordAdapter({
        token: DISCORD_TOKEN,
        apiRoot: fake.apiRoot,
        clock,
        logger: silentLogger(),
        commands: allCommands(),
        syncGuildCommands: false,
      });
      await adapter.start({ onCommand: async () => {} });
      return {
        adapter,
        stop: async () => {
          await adapter.stop();
          await fake.stop();
        },
      };
    },
  },
];

for (const c of cases) {
  describe(`${c.name} adapter contract`, () => {
    let made: Awaited<ReturnType<Case['make']>>;
    beforeAll(async () => {
      made = await c.make();
    });
    afterAll(async () => {
      await made.stop();
    });

    it('posts any text, however hostile, and returns a message reference', async () => {
      const ref = await made.adapter.post({ chatId: c.chat, dm: false }, hostile, {
        idempotencyKey: 'mi8-fr|countdown|1d|x',
      });
      expect(ref.messageId).toMatch(/^\d+$/);
    });

    it('edits a message it posted, when it can edit', async () => {
      if (!made.adapter.edit) return;
      const ref = await made.adapter.post({ chatId: c.chat, dm: false }, hostile);
      await expect(
        made.adapter.edit({ chatId: c.chat, dm: false }, ref, { ...hostile, title: 'edited' }),
      ).resolves.toBeUndefined();
    });

    it('reports a chat that does not exist as a typed, permanent delivery error', async () => {
      if (!c.missingChat) return;
      const failure = await made.adapter
        .post({ chatId: c.missingChat, dm: false }, hostile)
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DeliveryError);
      expect(failure).toMatchObject({ kind: 'permanent', scope: 'target' });
    });
  });
}
