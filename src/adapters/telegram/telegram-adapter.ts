import { Bot, type Context, GrammyError } from 'grammy';
import type { Message, Update } from 'grammy/types';
import type { CommandSpec } from '../../commands/spec.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { type Metrics, NO_METRICS } from '../../core/metrics.js';
import { communityKey, LOCALES, type Locale, localeFromCode } from '../../core/types.js';
import type { OutboundMessage } from '../../messages/model.js';
import type {
  Adapter,
  Address,
  CommandArgs,
  ExclusiveInbound,
  InboundCommand,
  InboundHandlers,
  PostedRef,
} from '../adapter.js';
import { editOrRepost } from '../pinned.js';
import { AdminCache } from './admin-cache.js';
import { commandMenus } from './commands.js';
import { toDeliveryError } from './errors.js';
import { renderTelegram, startLink, type TelegramPayload } from './render.js';

export interface TelegramAdapterOptions {
  readonly token: string;
  /** Another Bot API server (self-hosted, or the tests' fake). Must not end with `/`. */
  readonly apiRoot?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Commands for the menus set with setMyCommands on start. */
  readonly commands: readonly CommandSpec[];
  /** How long an admin check is trusted (default 60 s). */
  readonly adminTtlMs?: number;
  /** Where 429s are counted (default: nowhere). */
  readonly metrics?: Metrics;
  /**
   * Webhook mode: Telegram posts updates to `url` with `secretToken` in the
   * X-Telegram-Bot-Api-Secret-Token header, and the HTTP server hands them to `receiveUpdate`.
   * Without it, long polling (which deletes any webhook first).
   */
  readonly webhook?: { readonly url: string; readonly secretToken: string };
}

/** The updates Herald asks Telegram for, in both modes. */
const ALLOWED_UPDATES = ['message', 'channel_post', 'chat_member', 'my_chat_member'] as const;

/**
 * Herald in Telegram through grammY: long polling (or a webhook) for commands in groups,
 * channels and private chats; posts as HTML with URL buttons. No grammY type leaves this folder.
 */
export class TelegramAdapter implements Adapter {
  readonly platform = 'telegram' as const;
  private readonly bot: Bot;
  private readonly admins: AdminCache;
  private username = '';
  private handlers: InboundHandlers | undefined;
  private routed = false;
  /** False once the poll was given back (a `listen` still starting must not begin polling). */
  private pollWanted = false;
  /** Webhook mode: set once setWebhook succeeded, until stop. */
  private webhookSet = false;
  /** Polling mode: the last getUpdates failed (network, or refused). */
  private pollFailing = false;

  constructor(private readonly opts: TelegramAdapterOptions) {
    this.bot = new Bot(opts.token, {
      client: { ...(opts.apiRoot ? { apiRoot: opts.apiRoot.replace(/\/$/, '') } : {}) },
    });
    this.admins = new AdminCache(opts.adminTtlMs ?? 60_000, () => opts.clock.now());
    // Every Bot API call passes here: 429s are counted whoever made the call (a post, a reply,
    // a menu), and the polling loop's health is what getUpdates last did.
    const metrics = opts.metrics ?? NO_METRICS;
    this.bot.api.config.use(async (prev, method, payload, signal) => {
      try {
        const result = await prev(method, payload, signal);
        if (!result.ok && result.error_code === 429) metrics.rateLimited('telegram');
        if (method === 'getUpdates') this.pollFailing = !result.ok;
        return result;
      } catch (error) {
        if (method === 'getUpdates') this.pollFailing = true;
        throw error;
      }
    });
  }

  botUsername(): string | undefined {
    return this.username || undefined;
  }

  /**
   * Webhook: set. Polling: the poll runs and answers; an instance of several that does not hold
   * the poll (src/cluster) is connected once it knows the bot (it posts).
   */
  connected(): boolean {
    if (this.opts.webhook) return this.webhookSet;
    if (!this.pollWanted) return this.bot.isInited();
    return this.bot.isRunning() && !this.pollFailing;
  }

  /** Webhook mode: whether an update can be handled now (else the route answers 503 and Telegram retries). */
  acceptsUpdates(): boolean {
    return this.webhookSet;
  }

  /**
   * Webhook mode: one update Telegram posted, handled as polling would (errors go to the
   * same handler and are logged). The HTTP route has already answered 200.
   */
  async receiveUpdate(update: unknown): Promise<void> {
    if (!isUpdate(update)) throw new Error('not a Telegram update (no numeric update_id)');
    await this.bot.handleUpdate(update);
  }

  async start(handlers: InboundHandlers): Promise<void> {
    await this.connect();
    await this.listen(handlers, () => undefined);
  }

  /**
   * The long poll is the bot's one inbound connection (a second poller on the token gets 409):
   * with several instances, each connects and only the holder of the lease polls. A webhook has
   * none: every instance takes the updates its HTTP server receives.
   */
  exclusiveInbound(): ExclusiveInbound | undefined {
    if (this.opts.webhook) return undefined;
    return {
      lease: 'telegram:poller',
      connect: () => this.connect(),
      listen: (handlers, onClosed) => this.listen(handlers, onClosed),
      unlisten: () => {
        this.pollWanted = false;
        return this.stop();
      },
    };
  }

  /** Ready to post: who the bot is (its username goes into links). */
  private async connect(): Promise<void> {
    if (!this.bot.isInited()) await this.bot.init();
    this.username = this.bot.botInfo.username;
  }

  /** Sets the command menus and long-polls; resolves once polling runs. */
  private async listen(handlers: InboundHandlers, onClosed: (reason: string) => void): Promise<void> {
    this.pollWanted = true;
    await this.connect();
    this.handlers = handlers;
    if (!this.routed) this.route();
    await this.syncCommands(this.opts.commands, LOCALES);
    const webhook = this.opts.webhook;
    if (webhook) {
      await this.bot.api.setWebhook(webhook.url, {
        secret_token: webhook.secretToken,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      this.webhookSet = true;
      this.opts.logger.info({ username: this.username, url: webhook.url }, 'telegram connected (webhook)');
      return;
    }
    // Given back while the menus were being set: never start a poll nobody wants.
    if (!this.pollWanted) return;
    // grammY's start deletes any webhook first (a previous run in webhook mode): back to polling.
    await new Promise<void>((resolve, reject) => {
      let started = false;
      this.bot
        .start({
          allowed_updates: [...ALLOWED_UPDATES],
          onStart: () => {
            started = true;
            resolve();
          },
        })
        .catch((error: unknown) => {
          const reason = error instanceof Error ? error.message : String(error);
          this.opts.logger.error({ err: reason }, 'telegram polling stopped');
          if (started) onClosed(reason);
          else reject(error);
        });
    });
    this.opts.logger.info({ username: this.username }, 'telegram connected');
  }

  /** Installs the update handlers once (grammY takes no new middleware after its first start). */
  private route(): void {
    this.routed = true;
    this.bot.on(['message', 'channel_post'], async (ctx) => {
      const command = this.toCommand(ctx);
      if (command && this.handlers) await this.handlers.onCommand(await this.fromGroupLink(command));
    });
    // Promoted or demoted: the next command asks Telegram again (Telegram sends these to a
    // bot that administers the chat, when asked for them).
    this.bot.on(['chat_member', 'my_chat_member'], (ctx) => {
      const update = ctx.chatMember ?? ctx.myChatMember;
      if (update) this.admins.forget(String(update.chat.id), String(update.new_chat_member.user.id));
    });
    this.bot.catch((error) => {
      this.opts.logger.error(
        { err: error.error instanceof Error ? error.error.message : String(error.error) },
        'telegram update failed',
      );
    });
  }

  /**
   * Stops polling. grammY confirms the update offset with one more `getUpdates`; when the Bot
   * API is down or silent that call fails or hangs, so it gets 2 s (the next start receives
   * those updates again anyway).
   */
  async stop(): Promise<void> {
    // A webhook stays set while Herald is down: Telegram keeps the updates (up to a day) and
    // delivers them when the next start answers again.
    this.webhookSet = false;
    if (!this.bot.isRunning()) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), 2_000);
    });
    try {
      const ended = await Promise.race([this.bot.stop().then(() => 'stopped' as const), timeout]);
      if (ended === 'timeout') this.opts.logger.warn('telegram did not confirm the stop within 2 s');
    } catch (error) {
      this.opts.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'telegram stop failed',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  async syncCommands(specs: readonly CommandSpec[], locales: readonly Locale[]): Promise<void> {
    for (const menu of commandMenus(specs, locales)) {
      await this.bot.api.setMyCommands(menu.commands, {
        scope: menu.scope,
        ...(menu.language_code ? { language_code: menu.language_code } : {}),
      });
    }
  }

  async post(address: Address, message: OutboundMessage): Promise<PostedRef> {
    const payload = renderTelegram(message, {
      botUsername: this.username,
      privateChat: address.dm || !address.chatId.startsWith('-'),
      chatId: address.chatId,
    });
    try {
      return await this.send(address.chatId, payload);
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async edit(address: Address, ref: PostedRef, message: OutboundMessage): Promise<void> {
    const { image: _image, ...text } = message;
    const payload = renderTelegram(text, {
      botUsername: this.username,
      privateChat: address.dm || !address.chatId.startsWith('-'),
    });
    try {
      await this.bot.api.editMessageText(address.chatId, Number(ref.messageId), payload.parts[0] ?? '', {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(payload.buttons.length > 0
          ? { reply_markup: { inline_keyboard: payload.buttons.map((b) => [{ text: b.text, url: b.url }]) } }
          : {}),
      });
    } catch (error) {
      // Editing to the same text is not a failure: the message already says it.
      if (error instanceof GrammyError && /message is not modified/i.test(error.description)) return;
      throw toDeliveryError(error);
    }
  }

  /** Groups, supergroups and channels have negative ids and a per-minute limit; people have positive ids. */
  pacing(address: Address): 'group' | 'chat' {
    return !address.dm && address.chatId.startsWith('-') ? 'group' : 'chat';
  }

  updatePinned(
    address: Address,
    message: OutboundMessage,
    previous: PostedRef | undefined,
  ): Promise<PostedRef> {
    return editOrRepost(this, this.opts.logger, address, message, previous);
  }

  async pin(address: Address, ref: PostedRef): Promise<void> {
    try {
      await this.bot.api.pinChatMessage(address.chatId, Number(ref.messageId), {
        disable_notification: true,
      });
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  private async send(chatId: string, payload: TelegramPayload, replyTo?: number): Promise<PostedRef> {
    const keyboard =
      payload.buttons.length > 0
        ? { reply_markup: { inline_keyboard: payload.buttons.map((b) => [{ text: b.text, url: b.url }]) } }
        : {};
    const reply =
      replyTo === undefined
        ? {}
        : { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } };
    let first: number | undefined;
    for (const [index, part] of payload.parts.entries()) {
      const last = index === payload.parts.length - 1;
      const extra = { parse_mode: 'HTML' as const, ...(last ? keyboard : {}), ...(index === 0 ? reply : {}) };
      const call = (): Promise<{ readonly message_id: number }> =>
        index === 0 && payload.photo
          ? this.bot.api.sendPhoto(chatId, payload.photo, { caption: part, ...extra })
          : this.bot.api.sendMessage(chatId, part, {
              ...extra,
              link_preview_options:
                index === 0 && payload.preview
                  ? { url: payload.preview, prefer_large_media: true, show_above_text: true }
                  : { is_disabled: true },
            });
      // Once the first part is out, a retry of the whole post would repeat it: later parts
      // wait out a 429 here (a few times) and go on.
      const sent = index === 0 ? await call() : await afterRateLimits(call);
      first ??= sent.message_id;
    }
    return { messageId: String(first ?? 0) };
  }

  /** A message that is a command for this bot, as a platform-neutral command; else undefined. */
  private toCommand(ctx: Context): InboundCommand | undefined {
    const message: Message | undefined = ctx.message ?? ctx.channelPost;
    const text = message?.text;
    const entity = message?.entities?.[0];
    if (!message || !text || !entity || entity.type !== 'bot_command' || entity.offset !== 0)
      return undefined;
    const [name = '', target] = text.slice(1, entity.length).split('@');
    if (target !== undefined && target.toLowerCase() !== this.username.toLowerCase()) return undefined;
    const rest = text.slice(entity.length).trim();
    const chat = message.chat;
    const chatKind = chat.type === 'private' ? 'private' : chat.type === 'channel' ? 'channel' : 'group';
    const from = message.from;
    const userId = String(from?.id ?? chat.id);
    const userLocale = localeFromCode(from?.language_code);
    const chatId = String(chat.id);
    let commandName = name.toLowerCase();
    let args: CommandArgs = { kind: 'text', text: rest };
    // Deep link from a "Remind me" button: /start sub_<event or tag>.
    if (commandName === 'start') {
      const topic = /^sub_([A-Za-z0-9_-]+)$/.exec(rest)?.[1];
      commandName = topic ? 'subscribe' : 'help';
      args = { kind: 'text', text: topic ?? '' };
    }
    const replyTo = message.message_id;
    const adapter = this;
    const inbound: InboundCommand = {
      platform: 'telegram',
      name: commandName,
      args,
      chatId,
      chatKind,
      community: communityKey('telegram', 'chat', chatId),
      addressed: target !== undefined || chatKind === 'private',
      userId,
      deliveryId: `telegram:${ctx.update.update_id}`,
      ...(from?.username ? { userName: from.username } : {}),
      ...(userLocale ? { userLocale } : {}),
      isChatAdmin: () =>
        chatKind === 'channel'
          ? Promise.resolve(true) // only a channel's administrators can post in it
          : this.admins.check(chatId, userId, async () => {
              const member = await this.bot.api.getChatMember(chatId, Number(userId));
              return member.status === 'administrator' || member.status === 'creator';
            }),
      async reply(answer) {
        await adapter.send(
          chatId,
          renderTelegram(answer, { botUsername: adapter.username, privateChat: chatKind === 'private' }),
          replyTo,
        );
      },
    };
    return inbound;
  }

  /** Telegram forbids a bot to write first: people open the private chat through this link. */
  optInLink(topic: string, fromChatId?: string): string {
    return startLink(this.username, topic, fromChatId);
  }

  /**
   * A "Remind me" link given in a group: the subscription sees that group's own launches
   * if the person is a member of it (asked of Telegram); otherwise it is a private one.
   */
  private async fromGroupLink(command: InboundCommand): Promise<InboundCommand> {
    if (command.name !== 'subscribe' || command.chatKind !== 'private' || command.args.kind !== 'text')
      return command;
    const match = /^(.+)__g(\d+)$/.exec(command.args.text);
    if (!match) return command;
    const [, topic = '', digits = ''] = match;
    const groupId = `-${digits}`;
    let member = false;
    try {
      const status = (await this.bot.api.getChatMember(groupId, Number(command.userId))).status;
      member =
        status === 'member' || status === 'administrator' || status === 'creator' || status === 'restricted';
    } catch {
      member = false;
    }
    return {
      ...command,
      args: { kind: 'text', text: topic },
      ...(member ? { community: communityKey('telegram', 'chat', groupId) } : {}),
    };
  }
}

function isUpdate(value: unknown): value is Update {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { update_id?: unknown }).update_id === 'number'
  );
}

/** Calls `call`, waiting out up to three 429s (their `retry_after`, at most 30 s each). */
async function afterRateLimits<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const wait =
        error instanceof GrammyError && error.error_code === 429 ? error.parameters.retry_after : undefined;
      if (wait === undefined || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(30, wait) * 1000));
    }
  }
}
