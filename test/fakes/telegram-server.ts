import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
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

  pushUpdate(update: Record<string, unknown>): void {
    this.updates.push({ update_id: this.nextUpdateId++, ...update });
    for (const wake of this.waiting.splice(0)) wake();
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
        const refused = refuseText(body.text, body.parse_mode);
        if (refused) return reply(res, 400, { ok: false, error_code: 400, description: refused });
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
        this.sent[index] = { ...current, text: String(body.text), edits: (current.edits ?? 0) + 1 };
        return ok(res, {
          message_id: current.message_id,
          date: Math.floor(current.at / 1000),
          edit_date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: 'supergroup' },
          text: body.text,
        });
      }
      case 'deleteWebhook':
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
        const text = (body.text ?? body.caption) as string | undefined;
        const refused =
          method === 'sendPhoto'
            ? refuseCaption(body.caption, body.parse_mode)
            : refuseText(body.text, body.parse_mode);
        if (refused) return reply(res, 400, { ok: false, error_code: 400, description: refused });
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
          ...(body.reply_markup === undefined
            ? {}
            : { reply_markup: body.reply_markup as NonNullable<SentMessage['reply_markup']> }),
        };
        this.sent.push(message);
        return ok(res, {
          message_id: message.message_id,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(chatId), type: Number(chatId) < 0 ? 'supergroup' : 'private' },
          ...(text === undefined ? {} : method === 'sendPhoto' ? { caption: text } : { text }),
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

/** Why Telegram refuses a message text, as its description; undefined when it takes it. */
function refuseText(text: unknown, parseMode: unknown): string | undefined {
  const parsed = parseEntities(typeof text === 'string' ? text : '', parseMode);
  if (typeof parsed !== 'string') return `Bad Request: can't parse entities: ${parsed.error}`;
  if (parsed.trim() === '') return 'Bad Request: message text is empty';
  // "1-4096 characters after entities parsing", counted in UTF-16 code units like entity offsets.
  if (parsed.length > 4096) return 'Bad Request: message is too long';
  return undefined;
}

/** Why Telegram refuses a photo caption ("0-1024 characters after entities parsing"). */
function refuseCaption(caption: unknown, parseMode: unknown): string | undefined {
  if (typeof caption !== 'string') return undefined;
  const parsed = parseEntities(caption, parseMode);
  if (typeof parsed !== 'string') return `Bad Request: can't parse entities: ${parsed.error}`;
  if (parsed.length > 1024) return 'Bad Request: message caption is too long';
  return undefined;
}

/** The Bot API's HTML tags (https://core.telegram.org/bots/api#html-style). */
const HTML_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

/**
 * The text Telegram shows for `text` in this parse mode (tags removed, entities decoded), or
 * why it cannot parse it: an unknown, unclosed or mismatched tag, or a `<`, `>` or `&` that
 * is not part of a tag or of an entity (`&lt;` `&gt;` `&amp;` `&quot;` or numeric). Stricter
 * than Telegram about a bare `>` or `&`, which it passes through: Herald escapes both, so one
 * here is a bug worth refusing.
 */
export function parseEntities(text: string, parseMode: unknown): string | { error: string } {
  if (parseMode !== 'HTML') return text;
  const at = (index: number) => `at byte offset ${Buffer.byteLength(text.slice(0, index))}`;
  const matchAt = (pattern: RegExp, index: number) => {
    pattern.lastIndex = index;
    return pattern.exec(text);
  };
  const open: string[] = [];
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
      if (expected !== end[1]?.toLowerCase())
        return {
          error: `Unmatched end tag ${at(index)}, expected "</${expected ?? ''}>", found "${end[0]}"`,
        };
      index += end[0].length;
    } else {
      const start = matchAt(START_TAG, index);
      if (!start) return { error: `Unclosed start tag ${at(index)}` };
      const tag = (start[1] as string).toLowerCase();
      if (!HTML_TAGS.has(tag)) return { error: `Unsupported start tag "${tag}" ${at(index)}` };
      open.push(tag);
      index += start[0].length;
    }
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) return { error: `Can't find end tag corresponding to start tag "${unclosed}"` };
  return out;
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
