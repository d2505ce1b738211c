import { DateTime } from 'luxon';
import type { Clock } from '../../core/clock.js';
import { communityKey, type Locale, type Platform } from '../../core/types.js';
import type { OutboundMessage } from '../../messages/model.js';
import type { Adapter, Address, InboundCommand, InboundHandlers, PostedRef } from '../adapter.js';
import { editOrRepost } from '../pinned.js';
import { renderConsole } from './render.js';
import { type ConsoleEnd, ConsoleScreen } from './screen.js';

export interface ConsoleAdapterOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
  /** The terminal shared with the other console adapters (a prompt, colours); else input/output as they are. */
  readonly screen?: ConsoleScreen;
  /** Someone typed quit or exit, or the input ended. */
  readonly onEnd?: (why: ConsoleEnd) => void;
  /** The language of whoever types (answers use it where the chat has none). */
  readonly userLocale?: Locale;
  readonly clock: Clock;
  /** Zone the timestamps in headers use. */
  readonly zone: string;
  /** The platform this adapter stands in for: `console`, or telegram/discord in a rehearsal. */
  readonly platform?: Platform;
  readonly chatId?: string;
  readonly userId?: string;
}

/**
 * The terminal as a chat: every post is printed as a reader would see it, and each line
 * typed is a command (`/next`, `events mi8`). `[name] /cmd` runs it as another user.
 */
export class ConsoleAdapter implements Adapter {
  readonly platform: Platform;
  private readonly screen: ConsoleScreen;
  private sent = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ConsoleAdapterOptions) {
    this.platform = opts.platform ?? 'console';
    this.screen =
      opts.screen ??
      new ConsoleScreen({
        ...(opts.input ? { input: opts.input } : {}),
        output: opts.output ?? process.stdout,
      });
  }

  async start(handlers: InboundHandlers): Promise<void> {
    if (this.platform !== 'console') return;
    this.screen.listen(
      (line) => {
        const command = this.parseLine(line);
        if (!command) {
          this.screen.showPrompt();
          return;
        }
        // Commands run one after another, like messages in a chat.
        this.pending = this.pending
          .then(() => handlers.onCommand(command))
          .catch(() => {})
          .finally(() => this.screen.showPrompt());
      },
      (why) => this.opts.onEnd?.(why),
    );
  }

  /** Resolves when every command typed so far has been answered. */
  async drain(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.pending;
      await current;
    } while (current !== this.pending);
  }

  async stop(): Promise<void> {
    if (this.platform === 'console') this.screen.close();
    await this.drain();
  }

  async post(address: Address, message: OutboundMessage): Promise<PostedRef> {
    this.sent += 1;
    const where = `${this.platform}${address.dm ? ' dm' : ''}:${address.chatId}`;
    this.screen.show(
      renderConsole(message),
      `── ${this.stamp()} → ${where} · ${message.kind} · ${message.locale} ──`,
    );
    return { messageId: String(this.sent) };
  }

  async edit(address: Address, ref: PostedRef, message: OutboundMessage): Promise<void> {
    const where = `${this.platform}:${address.chatId}`;
    this.screen.show(
      renderConsole(message),
      `── ${this.stamp()} ✎ ${where} message ${ref.messageId} · ${message.kind} · ${message.locale} ──`,
    );
  }

  updatePinned(
    address: Address,
    message: OutboundMessage,
    previous: PostedRef | undefined,
  ): Promise<PostedRef> {
    return editOrRepost(this, undefined, address, message, previous);
  }

  async pin(address: Address, ref: PostedRef): Promise<void> {
    this.screen.show(
      '',
      `── ${this.stamp()} 📌 ${this.platform}:${address.chatId} message ${ref.messageId} pinned ──`,
    );
  }

  private parseLine(line: string): InboundCommand | undefined {
    const match = /^\s*(?:\[([^\]]+)\]\s*)?\/?([A-Za-z0-9_]+)(?:@\S+)?\s*(.*)$/s.exec(line);
    if (!match || line.trim() === '') return undefined;
    const userId = match[1] ?? this.opts.userId ?? 'operator';
    const chatId = this.opts.chatId ?? 'main';
    return {
      platform: this.platform,
      name: (match[2] ?? '').toLowerCase(),
      args: { kind: 'text', text: match[3] ?? '' },
      chatId,
      chatKind: 'group',
      community: communityKey(this.platform, 'chat', chatId),
      addressed: true, // the console has one bot
      userId,
      userName: userId,
      ...(this.opts.userLocale ? { userLocale: this.opts.userLocale } : {}),
      // In a terminal, whoever types is at the keyboard of the machine, but only the
      // configured owners count as administrators (so refusals can be tried here).
      isChatAdmin: async () => false,
      reply: async (message) => {
        this.screen.show(renderConsole(message));
      },
    };
  }

  private stamp(): string {
    return DateTime.fromMillis(this.opts.clock.now(), { zone: this.opts.zone }).toFormat('yyyy-MM-dd HH:mm');
  }
}
