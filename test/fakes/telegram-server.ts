import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake remembers of each message a bot sent. */
export interface SentMessage {
  readonly message_id: number;
  readonly method: string;
  readonly chat_id: string;
  readonly text?: string;
  readonly caption?: string;
  readonly photo?: string;
  readonly parse_mode?: string;
  /** What readers see: the text (or caption) after entity parsing, and its entities. */
  readonly shown?: Parsed;
  readonly reply_markup?: { inline_keyboard?: { text: string; url?: string }[][] };
  readonly at: number;
  /** The time on `FakeTelegram.clock` when it arrived, when a test set one. */
  readonly clockAt?: number;
  readonly edits?: number;
}

export interface Fault {
  readonly method?: string;
  readonly chatId?: string;
  readonly status: number;
  readonly description: string;
  readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** The connection is closed without an answer and the request is not carried out (a dropped socket). */
export interface DroppedConnection {
  readonly method?: string;
  readonly chatId?: string;
  readonly drop: true;
}

export interface TelegramLimits {
  /** Messages per second over all chats. */
  readonly perSecond: number;
  /** Messages per second in one chat. */
  readonly perChatPerSecond: number;
  /** Messages per minute in one group (negative chat id). */
  readonly perGroupPerMinute: number;
}

type Update = Record<string, unknown> & { update_id: number };

/** A webhook registered with setWebhook. */
export interface FakeWebhook {
  readonly url: string;
  readonly secretToken: string | undefined;
  readonly allowedUpdates: unknown;
}

/** One POST of an update to the webhook, as Telegram makes it, and what the bot answered. */
export interface WebhookDelivery {
  readonly updateId: number;
  /** The HTTP status, or 0 when the connection failed. */
  readonly status: number;
}

/** The header Telegram sends a webhook's secret token in. */
export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

const SEND_METHODS = new Set(['sendMessage', 'sendPhoto']);

/**
 * A fake Telegram Bot API on 127.0.0.1, faithful where grammY and Herald look: the
 * `/bot<token>/<method>` routes, `{ ok, result }` and `{ ok: false, error_code, description,
 * parameters }` replies with the HTTP status equal to error_code, long polling with
 * offset/timeout, 429 with retry_after when limits are exceeded, and injectable faults.
 */
export class FakeTelegram {
  readonly sent: SentMessage[] = [];
  readonly calls: { method: string; body: Record<string, unknown> }[] = [];
  readonly commands: { scope: unknown; language_code: string | undefined; commands: unknown }[] = [];
  /** getChatMember answers: `${chat}:${user}` → status. */
  readonly members = new Map<string, string>();
  /** Pinned message per chat. */
  readonly pinned = new Map<string, number>();
  tooManyRequests = 0;
  /**
   * getUpdates calls that met another one still waiting (two pollers on one token): Telegram
   * ends the older with 409 "Conflict: terminated by other getUpdates request".
   */
  conflicts = 0;
  /** 429s by the limit they enforced. */
  readonly limited = { global: 0, chat: 0, group: 0 };
  /**
   * Every error answer quotes the request path, token included (`… (request was
   * /bot<token>/sendMessage)`), as some self-hosted Bot API servers and proxies do.
   */
  echoToken = false;
  /**
   * Another clock to stamp each sent message with (`clockAt`): the fake clock Herald plans on,
   * where `at` is the real time this fake counts its limits on.
   */
  clock: (() => number) | undefined = undefined;
  private server: Server | undefined;
  private updates: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private waiting: (() => void)[] = [];
  /** Long polls waiting for updates, not yet answered. */
  private readonly polls = new Set<ServerResponse>();
  private faults: (Fault | DroppedConnection)[] = [];
  /** Groups upgraded to supergroups: old chat id → new chat id. */
  private readonly migrated = new Map<string, number>();
  /** Chats that removed the bot: chat id → the description every call gets. */
  private readonly kickedFrom = new Map<string, string>();
  private readonly history = new Map<string, number[]>();
  private globalHistory: number[] = [];
  /** The webhook set with setWebhook (Telegram then refuses getUpdates with 409). */
  webhook: FakeWebhook | undefined = undefined;
  /** Every POST made to a webhook, in order. */
  readonly deliveries: WebhookDelivery[] = [];
  /** Updates waiting to be posted to the webhook, oldest first. */
  private outbox: Update[] = [];
  private delivering: Promise<void> | undefined;
  /** Methods whose calls wait until released (a slow Bot API). */
  private readonly holds = new Map<string, Promise<void>>();

  constructor(
    readonly token: string,
    readonly username = 'herald_bot',
    private limits: TelegramLimits | undefined = undefined,
  ) {}

  get apiRoot(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Telegram is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.outbox = [];
    for (const wake of this.waiting.splice(0)) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  setLimits(limits: TelegramLimits | undefined): void {
    this.limits = limits;
  }

  /** The next matching call fails with this error, or has its connection dropped unanswered. */
  fail(fault: Fault | DroppedConnection): void {
    this.faults.push(fault);
  }

  /**
   * The group `from` was upgraded to the supergroup `to`: from now on every call naming the
   * old id is refused with `migrate_to_chat_id`, as Telegram does.
   */
  migrate(from: string | number, to: number): void {
    this.migrated.set(String(from), to);
  }

  /** The bot was removed from this chat: from now on every call naming it is refused with 403. */
  kick(chatId: string | number, description = 'Forbidden: bot was kicked from the supergroup chat'): void {
    this.kickedFrom.set(String(chatId), description);
  }

  /** The calls that named this chat (answered, refused or dropped). */
  callsTo(chatId: string | number): { method: string; body: Record<string, unknown> }[] {
    return this.calls.filter(
      (c) => c.body.chat_id !== undefined && String(c.body.chat_id) === String(chatId),
    );
  }

  /**
   * A new update: posted to the webhook when one is set (in order, retried while the bot
   * answers an error or cannot be reached, as Telegram does), else kept for getUpdates.
   */
  pushUpdate(update: Record<string, unknown>): void {
    const full = { update_id: this.nextUpdateId++, ...update };
    if (this.webhook) {
      this.outbox.push(full);
      this.delivering ??= this.deliver().finally(() => {
        this.delivering = undefined;
      });
      return;
    }
    this.updates.push(full);
    for (const wake of this.waiting.splice(0)) wake();
  }

  /** Resolves when every update pushed so far has been posted to the webhook and taken. */
  async delivered(): Promise<void> {
    while (this.delivering) await this.delivering;
  }

  /** Calls of `method` wait until the returned function is called. */
  hold(method: string): () => void {
    let release: () => void = () => {};
    this.holds.set(
      method,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  /**
   * POSTs `body` to the registered webhook (or `url`) with `secret` in the secret-token header
   * (none when undefined): a request as Telegram, or someone else, would make it.
   */
  postToWebhook(
    body: string | Buffer,
    opts: { secret?: string | undefined; url?: string } = {},
  ): Promise<{ status: number; body: string }> {
    const target = opts.url ?? this.webhook?.url;
    if (!target) throw new Error('no webhook is set');
    return post(target, body, opts.secret === undefined ? {} : { [SECRET_HEADER]: opts.secret });
  }

  private async deliver(): Promise<void> {
    for (let update = this.outbox[0]; update && this.webhook; update = this.outbox[0]) {
      const { url, secretToken } = this.webhook;
      let status = 0;
      try {
        status = (await this.postToWebhook(JSON.stringify(update), { secret: secretToken, url })).status;
      } catch {
        status = 0;
      }
      this.deliveries.push({ updateId: update.update_id, status });
      if (status >= 200 && status < 300) this.outbox.shift();
      // Telegram retries a refused or unreachable webhook later; the tests' "later" is short.
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A user types `text` in a chat; a leading /command gets its bot_command entity. */
  type(
    chat: { id: number; type: string; title?: string },
    from: { id: number; language_code?: string; first_name?: string },
    text: string,
  ): void {
    const command = /^\/\S+/.exec(text);
    const message = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      ...(chat.type === 'channel'
        ? { sender_chat: chat }
        : { from: { is_bot: false, first_name: 'User', ...from } }),
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    };
    this.pushUpdate(chat.type === 'channel' ? { channel_post: message } : { message });
  }

  sentTo(chatId: string | number): SentMessage[] {
    return this.sent.filter((m) => m.chat_id === String(chatId));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.echoToken) ECHOED.set(res, req.url ?? '');
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!match) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.token)
      return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2] as string;
    this.calls.push({ method, body });
    await this.holds.get(method);
    const chatId = body.chat_id === undefined ? undefined : String(body.chat_id);
    const faultIndex = this.faults.findIndex(
      (f) =>
        (f.method === undefined || f.method === method) && (f.chatId === undefined || f.chatId === chatId),
    );
    if (faultIndex >= 0) {
      const fault = this.faults.splice(faultIndex, 1)[0] as Fault | DroppedConnection;
      if ('drop' in fault) {
        req.socket.destroy();
        return;
      }
      if (fault.status === 429) this.tooManyRequests += 1;
      return reply(res, fault.status, {
        ok: false,
        error_code: fault.status,
        description: fault.description,
        ...(fault.parameters ? { parameters: fault.parameters } : {}),
      });
    }
    const migratedTo = chatId === undefined ? undefined : this.migrated.get(chatId);
    if (migratedTo !== undefined) {
      return reply(res, 400, {
        ok: false,
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: migratedTo },
      });
    }
    const kicked = chatId === undefined ? undefined : this.kickedFrom.get(chatId);
    if (kicked !== undefined) return reply(res, 403, { ok: false, error_code: 403, description: kicked });
    switch (method) {
      case 'getMe':
        return ok(res, {
          id: 7000001,
          is_bot: true,
          first_name: 'Herald',
          username: this.username,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
        });
      case 'pinChatMessage':
        this.pinned.set(chatId ?? '', Number(body.message_id));
        return ok(res, true);
      case 'editMessageText': {
        const shown = refuseText(body.text, body.parse_mode, body.entities);
        if (typeof shown === 'string')
          return reply(res, 400, { ok: false, error_code: 400, description: shown });
        const index = this.sent.findIndex(
          (m) => m.chat_id === chatId && m.message_id === Number(body.message_id),
        );
        const current = this.sent[index];
        if (!current)
          return reply(res, 400, {
            ok: false,
            error_code: 400,
            description: 'Bad Request: message to edit not found',
          });
        if (current.text === body.text) {
          return reply(res, 400, {
            ok: false,
            error_code: 400,
            description:
              'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
          });
        }
        this.sent[index] = { ...current, text: String(body.text), shown, edits: (current.edits ?? 0) + 1 };
        return ok(res, {
          message_id: current.message_id,
          date: Math.floor(current.at / 1000),
          edit_date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: 'supergroup' },
          ...withEntities('text', shown),
        });
      }
      case 'setWebhook':
        this.webhook = {
          url: String(body.url),
          secretToken: body.secret_token === undefined ? undefined : String(body.secret_token),
          allowedUpdates: body.allowed_updates,
        };
        return ok(res, true);
      case 'getWebhookInfo':
        return ok(res, {
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.webhook ? this.outbox.length : this.updates.length,
        });
      case 'deleteWebhook':
        // Updates not yet delivered to the webhook wait for getUpdates instead.
        this.webhook = undefined;
        this.updates.push(...this.outbox.splice(0));
        return ok(res, true);
      case 'setMyCommands':
      case 'deleteMessage':
        if (method === 'setMyCommands')
          this.commands.push({
            scope: body.scope,
            language_code: body.language_code as string | undefined,
            commands: body.commands,
          });
        return ok(res, true);
      case 'getUpdates':
        if (this.webhook)
          return reply(res, 409, {
            ok: false,
            error_code: 409,
            description:
              "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
          });
        return this.getUpdates(res, body);
      case 'getChatMember': {
        const status = this.members.get(`${chatId}:${body.user_id}`) ?? 'member';
        return ok(res, { status, user: { id: body.user_id, is_bot: false, first_name: 'User' } });
      }
      case 'sendMessage':
      case 'sendPhoto': {
        if (SEND_METHODS.has(method)) {
          const retryAfter = this.overLimit(chatId ?? '');
          if (retryAfter !== undefined) {
            this.tooManyRequests += 1;
            return reply(res, 429, {
              ok: false,
              error_code: 429,
              description: `Too Many Requests: retry after ${retryAfter}`,
              parameters: { retry_after: retryAfter },
            });
          }
        }
        const shown =
          method === 'sendPhoto'
            ? refuseCaption(body.caption, body.parse_mode, body.caption_entities)
            : refuseText(body.text, body.parse_mode, body.entities);
        if (typeof shown === 'string')
          return reply(res, 400, { ok: false, error_code: 400, description: shown });
        const message: SentMessage = {
          message_id: this.nextMessageId++,
          method,
          chat_id: chatId ?? '',
          at: Date.now(),
          ...(this.clock === undefined ? {} : { clockAt: this.clock() }),
          ...(body.text === undefined ? {} : { text: body.text as string }),
          ...(body.caption === undefined ? {} : { caption: body.caption as string }),
          ...(body.photo === undefined ? {} : { photo: body.photo as string }),
          ...(body.parse_mode === undefined ? {} : { parse_mode: body.parse_mode as string }),
          shown,
          ...(body.reply_markup === undefined
            ? {}
            : { reply_markup: body.reply_markup as NonNullable<SentMessage['reply_markup']> }),
        };
        this.sent.push(message);
        return ok(res, {
          message_id: message.message_id,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: Number(chatId) < 0 ? 'supergroup' : 'private' },
          ...withEntities(method === 'sendPhoto' ? 'caption' : 'text', shown),
        });
      }
      default:
        return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }

  private async getUpdates(res: ServerResponse, body: Record<string, unknown>): Promise<void> {
    for (const older of this.polls) {
      this.polls.delete(older);
      this.conflicts += 1;
      reply(older, 409, {
        ok: false,
        error_code: 409,
        description:
          'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
    }
    const offset = Number(body.offset ?? 0);
    const timeout = Number(body.timeout ?? 0);
    this.updates = this.updates.filter((u) => u.update_id >= offset);
    if (this.updates.length === 0 && timeout > 0) {
      this.polls.add(res);
      // A poller that goes away (a stop aborts its request, a killed process's socket closes).
      res.on('close', () => this.polls.delete(res));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(timeout, 30) * 1000);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      // Ended by a newer poll (409) or gone: nothing more to answer.
      if (!this.polls.delete(res)) return;
    }
    const limit = Number(body.limit ?? 100);
    return ok(res, this.updates.filter((u) => u.update_id >= offset).slice(0, limit));
  }

  /** Seconds to wait when this message would exceed a limit, as Telegram answers. */
  private overLimit(chatId: string): number | undefined {
    if (!this.limits) return undefined;
    const now = Date.now();
    const chat = (this.history.get(chatId) ?? []).filter((t) => t > now - 60_000);
    this.globalHistory = this.globalHistory.filter((t) => t > now - 1000);
    const lastSecondInChat = chat.filter((t) => t > now - 1000).length;
    const group = chatId.startsWith('-');
    const scope =
      this.globalHistory.length >= this.limits.perSecond
        ? 'global'
        : lastSecondInChat >= this.limits.perChatPerSecond
          ? 'chat'
          : group && chat.length >= this.limits.perGroupPerMinute
            ? 'group'
            : undefined;
    const wait =
      scope === undefined
        ? undefined
        : scope === 'group'
          ? Math.ceil(((chat[0] ?? now) + 60_000 - now) / 1000)
          : 1;
    if (scope) this.limited[scope] += 1;
    if (wait !== undefined) return wait;
    chat.push(now);
    this.history.set(chatId, chat);
    this.globalHistory.push(now);
    return undefined;
  }
}

/** A message entity as Telegram reports it: offsets and lengths in UTF-16 code units. */
export interface Entity {
  readonly type: string;
  readonly offset: number;
  readonly length: number;
  readonly url?: string;
  readonly language?: string;
  readonly custom_emoji_id?: string;
  readonly unix_time?: number;
  readonly date_time_format?: string;
}

/** A message's text as Telegram shows it, with its entities. */
export interface Parsed {
  readonly text: string;
  readonly entities: readonly Entity[];
}

/** Why Telegram refuses a message text, as its description; else what it shows. */
function refuseText(text: unknown, parseMode: unknown, entities: unknown): string | Parsed {
  const parsed = parseMessage(typeof text === 'string' ? text : '', parseMode, entities);
  if ('error' in parsed) return `Bad Request: can't parse entities: ${parsed.error}`;
  if (parsed.text.trim() === '') return 'Bad Request: message text is empty';
  // "1-4096 characters after entities parsing", counted in UTF-16 code units like entity offsets.
  if (parsed.text.length > 4096) return 'Bad Request: message is too long';
  return parsed;
}

/** Why Telegram refuses a photo caption ("0-1024 characters after entities parsing"); else what it shows. */
function refuseCaption(caption: unknown, parseMode: unknown, entities: unknown): string | Parsed {
  if (typeof caption !== 'string') return { text: '', entities: [] };
  const parsed = parseMessage(caption, parseMode, entities);
  if ('error' in parsed) return `Bad Request: can't parse entities: ${parsed.error}`;
  if (parsed.text.length > 1024) return 'Bad Request: message caption is too long';
  return parsed;
}

/** The Bot API's HTML tags (https://core.telegram.org/bots/api#html-style) and the entity each makes. */
const HTML_TAGS: Readonly<Record<string, string>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  span: 'spoiler',
  'tg-spoiler': 'spoiler',
  a: 'text_link',
  'tg-emoji': 'custom_emoji',
  'tg-time': 'date_time',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
};

/** The date-time entity's format: `r`, or `w?[dD]?[tT]?` (empty: the text as written). */
const DATE_TIME_FORMAT = /^(?:r|w?[dD]?[tT]?)$/;

/**
 * The text Telegram shows for `text` in this parse mode (tags removed, entities decoded), or
 * why it cannot parse it: an unknown, unclosed or mismatched tag, or a `<`, `>` or `&` that
 * is not part of a tag or of an entity (`&lt;` `&gt;` `&amp;` `&quot;` or numeric). Stricter
 * than Telegram about a bare `>` or `&`, which it passes through: Herald escapes both, so one
 * here is a bug worth refusing.
 */
export function parseEntities(text: string, parseMode: unknown): string | { error: string } {
  const parsed = parseMessage(text, parseMode, undefined);
  return 'error' in parsed ? parsed : parsed.text;
}

/**
 * What Telegram makes of a message: its HTML parsed into text and entities (offsets counted in
 * UTF-16 code units, as Telegram counts them), or `entities` given explicitly checked against
 * the text (inside it, not splitting a surrogate pair, a date_time with a Unix time and a valid
 * format), or why it refuses them.
 */
export function parseMessage(
  text: string,
  parseMode: unknown,
  entities: unknown,
): Parsed | { error: string } {
  if (parseMode === 'HTML') return parseHtml(text);
  if (entities === undefined) return { text, entities: [] };
  if (!Array.isArray(entities)) return { error: 'entities must be an array' };
  for (const [index, raw] of entities.entries()) {
    const entity = raw as Partial<Entity>;
    const { offset, length } = entity;
    if (!Number.isInteger(offset) || !Number.isInteger(length))
      return { error: `entity ${index} has no offset or length` };
    const [start, end] = [offset as number, (offset as number) + (length as number)];
    if (start < 0 || (length as number) <= 0 || end > text.length)
      return {
        error: `entity ${index} (offset ${start}, length ${length}) is outside the text of ${text.length} UTF-16 code units`,
      };
    if (splitsPair(text, start) || splitsPair(text, end))
      return { error: `entity ${index} (offset ${start}, length ${length}) cuts a character in two` };
    if (entity.type === 'date_time') {
      const problem = dateTimeProblem(entity.unix_time, entity.date_time_format);
      if (problem) return { error: `entity ${index}: ${problem}` };
    }
  }
  return { text, entities: entities as Entity[] };
}

/** Whether `index` falls between the two halves of a surrogate pair. */
function splitsPair(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function dateTimeProblem(unix: unknown, format: unknown): string | undefined {
  if (typeof unix !== 'number' || !Number.isInteger(unix)) return 'a date_time entity needs its unix_time';
  if (format !== undefined && (typeof format !== 'string' || !DATE_TIME_FORMAT.test(format)))
    return `invalid date_time format "${String(format)}"`;
  return undefined;
}

function parseHtml(text: string): Parsed | { error: string } {
  const at = (index: number) => `at byte offset ${Buffer.byteLength(text.slice(0, index))}`;
  const matchAt = (pattern: RegExp, index: number) => {
    pattern.lastIndex = index;
    return pattern.exec(text);
  };
  const open: { tag: string; start: number; entity: Omit<Entity, 'offset' | 'length'> }[] = [];
  const entities: Entity[] = [];
  let out = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === '&') {
      const entity = matchAt(ENTITY, index);
      const decoded = entity ? decodeEntity(entity) : undefined;
      if (!entity || decoded === undefined) return { error: `Character entity expected ${at(index)}` };
      out += decoded;
      index += entity[0].length;
    } else if (char === '>') {
      return { error: `Unexpected end of tag ${at(index)}` };
    } else if (char !== '<') {
      out += char;
      index += 1;
    } else if (text[index + 1] === '/') {
      const end = matchAt(END_TAG, index);
      if (!end) return { error: `Unclosed end tag ${at(index)}` };
      const expected = open.pop();
      if (expected === undefined || expected.tag !== end[1]?.toLowerCase())
        return {
          error: `Unmatched end tag ${at(index)}, expected "</${expected?.tag ?? ''}>", found "${end[0]}"`,
        };
      // Telegram drops an entity with no text.
      if (out.length > expected.start)
        entities.push({ ...expected.entity, offset: expected.start, length: out.length - expected.start });
      index += end[0].length;
    } else {
      const start = matchAt(START_TAG, index);
      if (!start) return { error: `Unclosed start tag ${at(index)}` };
      const tag = (start[1] as string).toLowerCase();
      const type = HTML_TAGS[tag];
      if (type === undefined) return { error: `Unsupported start tag "${tag}" ${at(index)}` };
      const attributes = attributesOf(start[0]);
      const entity: Omit<Entity, 'offset' | 'length'> =
        type === 'text_link'
          ? { type, url: attributes.href ?? '' }
          : type === 'date_time'
            ? {
                type,
                unix_time: /^\d+$/.test(attributes.unix ?? '') ? Number(attributes.unix) : Number.NaN,
                date_time_format: attributes.format ?? '',
              }
            : { type };
      if (type === 'date_time') {
        const problem = dateTimeProblem(entity.unix_time, entity.date_time_format);
        if (problem) return { error: `${problem} ${at(index)}` };
      }
      open.push({ tag, start: out.length, entity });
      index += start[0].length;
    }
  }
  const unclosed = open.pop();
  if (unclosed !== undefined)
    return { error: `Can't find end tag corresponding to start tag "${unclosed.tag}"` };
  return { text: out, entities: entities.sort((a, b) => a.offset - b.offset) };
}

/** A start tag's attributes, values unquoted (entities in them decoded as far as Herald writes them). */
function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const m of tag.matchAll(/\s([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gi)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    attributes[(m[1] as string).toLowerCase()] = value.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  }
  return attributes;
}

const ENTITY = /&(?:(lt|gt|amp|quot)|#(\d{1,7})|#x([0-9a-f]{1,6}));/iy;
const START_TAG = /<([a-z][a-z0-9-]*)(?:\s+[a-z-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*\s*>/iy;
const END_TAG = /<\/([a-z-]*)\s*>/iy;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function decodeEntity([, name, decimal, hex]: RegExpExecArray): string | undefined {
  if (name) return NAMED[name.toLowerCase()];
  const code = decimal ? Number(decimal) : Number.parseInt(hex ?? '', 16);
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function post(
  url: string,
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A Message's `text` and `entities` (or `caption` and `caption_entities`), as Telegram returns them. */
function withEntities(field: 'text' | 'caption', shown: Parsed): Record<string, unknown> {
  if (field === 'caption' && shown.text === '') return {};
  return {
    [field]: shown.text,
    ...(shown.entities.length > 0
      ? { [field === 'text' ? 'entities' : 'caption_entities']: shown.entities }
      : {}),
  };
}

function ok(res: ServerResponse, result: unknown): void {
  reply(res, 200, { ok: true, result });
}

/** Answers whose errors quote their request path (FakeTelegram.echoToken). */
const ECHOED = new WeakMap<ServerResponse, string>();

function reply(res: ServerResponse, status: number, body: unknown): void {
  const echoed = ECHOED.get(res);
  const error = body as { ok?: boolean; description?: string };
  const answer =
    echoed !== undefined && error.ok === false
      ? { ...error, description: `${error.description ?? ''} (request was ${echoed})` }
      : body;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer));
}
