import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface FakeChannel {
  readonly id: string;
  /** 0 text, 5 announcement. */
  readonly type: number;
  readonly name: string;
}

export interface FakeGuild {
  readonly id: string;
  readonly name: string;
  readonly channels: readonly FakeChannel[];
  /** Roles beside @everyone. */
  readonly roles?: readonly { readonly id: string; readonly name: string }[];
}

export interface PostedMessage {
  readonly id: string;
  readonly channel_id: string;
  readonly content: string;
  readonly embeds: Record<string, unknown>[];
  readonly components: Record<string, unknown>[];
  readonly allowed_mentions?: { parse?: string[]; roles?: string[]; users?: string[] };
  readonly nonce?: string;
  readonly at: number;
  edits: number;
  crossposted: boolean;
  pinned: boolean;
}

export interface DiscordFault {
  readonly method?: string;
  /** Matched against the path after /api/v10. */
  readonly path?: RegExp;
  readonly status: number;
  readonly code: number;
  readonly message: string;
  /** For 429s: seconds in the Retry-After header. */
  readonly retryAfter?: number;
  /** Only requests to a DM channel. */
  readonly dm?: boolean;
}

export interface DiscordLimits {
  /** Requests per second over all routes (the global limit). */
  readonly globalPerSecond: number;
  /** Messages per channel per window (5 per 5 s on Discord). */
  readonly perChannel: number;
  readonly perChannelWindowMs: number;
}

const APP_ID = '900000000000000001';
const BOT_ID = '900000000000000002';

/**
 * A fake Discord on 127.0.0.1: REST under /api/v10 and the gateway on the same port. Faithful
 * where discord.js looks (platform-notes.md): /gateway/bot, HELLO → IDENTIFY → READY →
 * GUILD_CREATE, heartbeats and ACKs, RESUME, INTERACTION_CREATE dispatches, interaction
 * callbacks and webhooks, per-route rate-limit headers and 429s with Retry-After, the JSON
 * error bodies `{ code, message }`, and nonce de-duplication with enforce_nonce.
 */
export class FakeDiscord {
  readonly appId = APP_ID;
  readonly botId = BOT_ID;
  readonly messages: PostedMessage[] = [];
  readonly requests: { method: string; path: string; body: unknown; authorization: string | undefined }[] =
    [];
  readonly commands = new Map<string, unknown[]>();
  readonly interactionReplies: { id: string; type: number; data: Record<string, unknown> | undefined }[] = [];
  readonly scheduledEvents = new Map<string, Record<string, unknown>>();
  readonly dmChannels = new Map<string, string>();
  readonly identifies: number[] = [];
  readonly resumes: number[] = [];
  tooManyRequests = 0;
  /**
   * Every error answer quotes the request's credentials, token included (`Missing Access
   * (request authorised with Bot <token>)`), as a careless proxy in front of Discord might.
   */
  echoToken = false;
  private server: Server | undefined;
  private readonly wss = new WebSocketServer({ noServer: true });
  private sockets: WebSocket[] = [];
  private seq = 0;
  private nextId = 1_000_000n;
  private faults: DiscordFault[] = [];
  private globalWindow: number[] = [];
  private readonly channelWindows = new Map<string, number[]>();
  private readonly sessionId = randomUUID();

  constructor(
    readonly token: string,
    readonly guilds: FakeGuild[],
    private limits: DiscordLimits | undefined = undefined,
  ) {}

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  private get port(): number {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake Discord is not listening');
    return address.port;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  setLimits(limits: DiscordLimits | undefined): void {
    this.limits = limits;
  }

  fail(fault: DiscordFault): void {
    this.faults.push(fault);
  }

  messagesIn(channelId: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel_id === channelId);
  }

  /** Someone runs a slash command; returns the interaction id. */
  interact(opts: {
    name: string;
    options?: { name: string; type: number; value: string | number | boolean }[];
    guildId?: string;
    channelId: string;
    userId?: string;
    permissions?: bigint;
    roles?: readonly string[];
    locale?: string;
    type?: 2 | 4;
  }): string {
    const id = String(this.nextId++);
    const user = {
      id: opts.userId ?? '700000000000000001',
      username: 'user',
      discriminator: '0',
      global_name: 'User',
      avatar: null,
    };
    const channel = {
      id: opts.channelId,
      type: opts.guildId ? 0 : 1,
      ...(opts.guildId ? { guild_id: opts.guildId, name: 'general' } : {}),
    };
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APP_ID,
      type: opts.type ?? 2,
      token: `itoken-${id}`,
      version: 1,
      locale: opts.locale ?? 'en-US',
      ...(opts.guildId ? { guild_locale: 'en-US' } : {}),
      data: {
        id: `cmd-${opts.name}`,
        name: opts.name,
        type: 1,
        ...(opts.options ? { options: opts.options } : {}),
      },
      channel_id: opts.channelId,
      channel,
      ...(opts.guildId
        ? {
            guild_id: opts.guildId,
            member: {
              user,
              roles: opts.roles ?? [],
              joined_at: new Date(0).toISOString(),
              deaf: false,
              mute: false,
              flags: 0,
              permissions: String(opts.permissions ?? 0n),
            },
          }
        : { user }),
      app_permissions: '8',
      entitlements: [],
      authorizing_integration_owners: {},
      context: opts.guildId ? 0 : 1,
    });
    return id;
  }

  /** The gateway asks the client to reconnect (op 7), or closes with a code. */
  reconnect(how: { op7?: boolean; close?: number; invalidSession?: boolean }): void {
    for (const ws of this.sockets) {
      if (how.op7) ws.send(JSON.stringify({ op: 7, d: null }));
      if (how.invalidSession) ws.send(JSON.stringify({ op: 9, d: false }));
      if (how.close) ws.close(how.close, 'fake close');
    }
  }

  dispatch(t: string, d: unknown): void {
    for (const ws of this.sockets) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
    }
  }

  get connected(): number {
    return this.sockets.filter((ws) => ws.readyState === ws.OPEN).length;
  }

  private connect(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on('close', () => {
      this.sockets = this.sockets.filter((s) => s !== ws);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const payload = JSON.parse(String(raw)) as { op: number; d: unknown };
      switch (payload.op) {
        case 1:
          ws.send(JSON.stringify({ op: 11 }));
          break;
        case 2:
          this.identifies.push(Date.now());
          this.ready(ws);
          break;
        case 6:
          this.resumes.push(Date.now());
          ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.seq, d: {} }));
          break;
        default:
          break;
      }
    });
  }

  private ready(ws: WebSocket): void {
    const send = (t: string, d: unknown) => ws.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
    send('READY', {
      v: 10,
      user: {
        id: BOT_ID,
        username: 'Herald',
        discriminator: '0',
        bot: true,
        avatar: null,
        global_name: null,
      },
      guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: this.sessionId,
      resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway`,
      application: { id: APP_ID, flags: 0 },
    });
    for (const guild of this.guilds) {
      send('GUILD_CREATE', {
        id: guild.id,
        name: guild.name,
        icon: null,
        owner_id: '700000000000000099',
        afk_timeout: 300,
        verification_level: 0,
        default_message_notifications: 0,
        explicit_content_filter: 0,
        mfa_level: 0,
        premium_tier: 0,
        nsfw_level: 0,
        preferred_locale: 'en-US',
        features: [],
        roles: [
          {
            id: guild.id,
            name: '@everyone',
            color: 0,
            hoist: false,
            position: 0,
            permissions: '0',
            managed: false,
            mentionable: false,
            flags: 0,
          },
          ...(guild.roles ?? []).map((role, i) => ({
            id: role.id,
            name: role.name,
            color: 0,
            hoist: false,
            position: i + 1,
            permissions: '0',
            managed: false,
            mentionable: false,
            flags: 0,
          })),
        ],
        emojis: [],
        stickers: [],
        members: [],
        presences: [],
        voice_states: [],
        threads: [],
        stage_instances: [],
        guild_scheduled_events: [],
        member_count: 2,
        large: false,
        unavailable: false,
        joined_at: new Date(0).toISOString(),
        channels: guild.channels.map((c, position) => ({
          id: c.id,
          type: c.type,
          name: c.name,
          guild_id: guild.id,
          position,
          permission_overwrites: [],
        })),
      });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    const path = decodeURIComponent(url.pathname.replace(/^\/api\/v10/, ''));
    const body = await readJson(req);
    this.requests.push({ method, path, body, authorization: req.headers.authorization });
    if (this.echoToken) ECHOED.set(res, req.headers.authorization ?? `Bot ${this.token}`);
    if (path === '/gateway/bot') {
      return json(res, 200, {
        url: `ws://127.0.0.1:${this.port}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      });
    }
    const interactionCallback = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path);
    if (interactionCallback) {
      const reply = body as { type: number; data?: Record<string, unknown> };
      this.interactionReplies.push({
        id: interactionCallback[1] as string,
        type: reply.type,
        data: reply.data,
      });
      res.writeHead(204).end();
      return;
    }
    // Interaction webhooks are authorised by their token in the path, not the bot token.
    if (!path.startsWith('/webhooks/') && req.headers.authorization !== `Bot ${this.token}`) {
      return json(res, 401, { message: '401: Unauthorized', code: 0 });
    }
    const dmChannel = [...this.dmChannels.values()].some((id) => path.startsWith(`/channels/${id}/`));
    const faultIndex = this.faults.findIndex(
      (f) => (!f.method || f.method === method) && (!f.path || f.path.test(path)) && (!f.dm || dmChannel),
    );
    if (faultIndex >= 0) {
      const fault = this.faults.splice(faultIndex, 1)[0] as DiscordFault;
      if (fault.status === 429) {
        this.tooManyRequests += 1;
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(fault.retryAfter ?? 1),
          'x-ratelimit-scope': 'user',
        });
        res.end(
          JSON.stringify({
            message: 'You are being rate limited.',
            retry_after: fault.retryAfter ?? 1,
            global: false,
          }),
        );
        return;
      }
      return json(res, fault.status, { message: fault.message, code: fault.code });
    }
    const limited = this.rateLimit(method, path, res);
    if (limited) return;
    return this.route(method, path, body as Record<string, unknown>, res, url.searchParams);
  }

  /** Global and per-channel message limits, with Discord's headers. True when it answered 429. */
  private rateLimit(method: string, path: string, res: ServerResponse): boolean {
    if (!this.limits) return false;
    const now = Date.now();
    this.globalWindow = this.globalWindow.filter((t) => t > now - 1000);
    if (this.globalWindow.length >= this.limits.globalPerSecond) {
      this.tooManyRequests += 1;
      const retry = ((this.globalWindow[0] ?? now) + 1000 - now) / 1000;
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(Math.max(1, Math.ceil(retry))),
        'x-ratelimit-global': 'true',
        'x-ratelimit-scope': 'global',
      });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: retry, global: true }));
      return true;
    }
    const channel = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (channel && method === 'POST') {
      const limits = this.limits;
      const id = channel[1] as string;
      const window = (this.channelWindows.get(id) ?? []).filter((t) => t > now - limits.perChannelWindowMs);
      const resetAfter = ((window[0] ?? now) + limits.perChannelWindowMs - now) / 1000;
      if (window.length >= limits.perChannel) {
        this.tooManyRequests += 1;
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(Math.max(1, Math.ceil(resetAfter))),
          'x-ratelimit-limit': String(limits.perChannel),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': resetAfter.toFixed(3),
          'x-ratelimit-bucket': `channel-${id}`,
          'x-ratelimit-scope': 'user',
        });
        res.end(
          JSON.stringify({ message: 'You are being rate limited.', retry_after: resetAfter, global: false }),
        );
        return true;
      }
      window.push(now);
      this.channelWindows.set(id, window);
      res.setHeader('x-ratelimit-limit', String(limits.perChannel));
      res.setHeader('x-ratelimit-remaining', String(limits.perChannel - window.length));
      res.setHeader(
        'x-ratelimit-reset-after',
        (((window[0] ?? now) + limits.perChannelWindowMs - now) / 1000).toFixed(3),
      );
      res.setHeader('x-ratelimit-bucket', `channel-${id}`);
    }
    this.globalWindow.push(now);
    return false;
  }

  private route(
    method: string,
    path: string,
    body: Record<string, unknown>,
    res: ServerResponse,
    query: URLSearchParams = new URLSearchParams(),
  ) {
    // The groups of the last pattern that matched the path.
    let m = [''] as unknown as RegExpExecArray;
    const matches = (pattern: RegExp): boolean => {
      const found = pattern.exec(path);
      if (found) m = found;
      return found !== null;
    };
    if (method === 'GET' && path === '/applications/@me') {
      return json(res, 200, {
        id: APP_ID,
        name: 'Herald',
        description: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0',
        flags: 0,
      });
    }
    // The bot's servers, by id, a page at a time (`limit` up to 200, `after` an id).
    if (method === 'GET' && path === '/users/@me/guilds') {
      const limit = Math.min(200, Number(query.get('limit') ?? 200));
      const after = BigInt(query.get('after') ?? '0');
      const page = [...this.guilds]
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
        .filter((g) => BigInt(g.id) > after)
        .slice(0, limit);
      return json(
        res,
        200,
        page.map((g) => ({
          id: g.id,
          name: g.name,
          icon: null,
          owner: false,
          permissions: '0',
          features: [],
        })),
      );
    }
    // Both scopes are kept apart ('global', or the guild id), as Discord keeps them: it shows both.
    if (method === 'GET' && matches(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) {
      return json(res, 200, this.commands.get(m[2] ?? 'global') ?? []);
    }
    if (method === 'PUT' && matches(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) {
      const list = (body as unknown as Record<string, unknown>[]).map((c) => ({
        ...c,
        id: String(this.nextId++),
        application_id: APP_ID,
        version: '1',
      }));
      this.commands.set(m[2] ?? 'global', list);
      return json(res, 200, list);
    }
    if (method === 'GET' && matches(/^\/channels\/(\d+)$/)) {
      const guild = this.guilds.find((g) => g.channels.some((c) => c.id === m[1]));
      const channel = guild?.channels.find((c) => c.id === m[1]);
      if (!guild || !channel) return json(res, 404, { message: 'Unknown Channel', code: 10003 });
      return json(res, 200, { id: channel.id, type: channel.type, name: channel.name, guild_id: guild.id });
    }
    if (method === 'POST' && path === '/users/@me/channels') {
      const recipient = String(body.recipient_id);
      const id = this.dmChannels.get(recipient) ?? String(this.nextId++);
      this.dmChannels.set(recipient, id);
      return json(res, 200, {
        id,
        type: 1,
        recipients: [{ id: recipient, username: 'user', discriminator: '0' }],
      });
    }
    if (method === 'POST' && matches(/^\/channels\/(\d+)\/messages$/)) {
      const channelId = m[1] as string;
      if (!this.knownChannel(channelId)) return json(res, 404, { message: 'Unknown Channel', code: 10003 });
      const nonce = body.nonce === undefined ? undefined : String(body.nonce);
      if (nonce && body.enforce_nonce) {
        const existing = this.messages.find((x) => x.channel_id === channelId && x.nonce === nonce);
        if (existing) return json(res, 200, this.messageObject(existing));
      }
      const message: PostedMessage = {
        id: String(this.nextId++),
        channel_id: channelId,
        content: String(body.content ?? ''),
        embeds: (body.embeds as Record<string, unknown>[]) ?? [],
        components: (body.components as Record<string, unknown>[]) ?? [],
        ...(body.allowed_mentions
          ? { allowed_mentions: body.allowed_mentions as NonNullable<PostedMessage['allowed_mentions']> }
          : {}),
        ...(nonce ? { nonce } : {}),
        at: Date.now(),
        edits: 0,
        crossposted: false,
        pinned: false,
      };
      this.messages.push(message);
      return json(res, 200, this.messageObject(message));
    }
    if (method === 'PUT' && matches(/^\/channels\/(\d+)\/messages\/pins\/(\d+)$/)) {
      const message = this.messages.find((x) => x.channel_id === m?.[1] && x.id === m?.[2]);
      if (!message) return json(res, 404, { message: 'Unknown Message', code: 10008 });
      message.pinned = true;
      res.writeHead(204).end();
      return;
    }
    if (matches(/^\/channels\/(\d+)\/messages\/(\d+)(\/crosspost)?$/)) {
      const message = this.messages.find((x) => x.channel_id === m?.[1] && x.id === m?.[2]);
      if (!message) return json(res, 404, { message: 'Unknown Message', code: 10008 });
      if (m[3] && method === 'POST') {
        message.crossposted = true;
        return json(res, 200, this.messageObject(message));
      }
      if (method === 'PATCH') {
        Object.assign(message, {
          embeds: body.embeds ?? message.embeds,
          content: body.content ?? message.content,
        });
        message.edits += 1;
        return json(res, 200, this.messageObject(message));
      }
    }
    if (matches(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/)) {
      const id = String(this.nextId++);
      this.interactionReplies.push({ id: `webhook:${m[2]}`, type: method === 'PATCH' ? -1 : -2, data: body });
      return json(res, 200, {
        id,
        channel_id: '0',
        content: body.content ?? '',
        embeds: body.embeds ?? [],
        author: { id: APP_ID, username: 'Herald', discriminator: '0', bot: true },
        timestamp: new Date().toISOString(),
        type: 0,
        attachments: [],
        mentions: [],
        mention_roles: [],
        pinned: false,
        mention_everyone: false,
        tts: false,
        flags: 0,
        components: [],
      });
    }
    if (matches(/^\/guilds\/(\d+)\/scheduled-events(?:\/(\d+))?$/)) {
      const guildId = m[1] as string;
      if (method === 'POST') {
        const id = String(this.nextId++);
        const event = { ...body, id, guild_id: guildId, status: 1, creator_id: BOT_ID, entity_id: null };
        this.scheduledEvents.set(id, event);
        return json(res, 200, event);
      }
      const existing = m[2] ? this.scheduledEvents.get(m[2]) : undefined;
      if (!existing) return json(res, 404, { message: 'Unknown Guild Scheduled Event', code: 10070 });
      if (method === 'PATCH') {
        const status = body.status as number | undefined;
        const from = existing.status as number;
        if (
          status !== undefined &&
          !((from === 1 && (status === 2 || status === 4)) || (from === 2 && status === 3))
        ) {
          return json(res, 400, { message: 'Invalid Form Body', code: 50035 });
        }
        Object.assign(existing, body);
        return json(res, 200, existing);
      }
    }
    return json(res, 404, { message: '404: Not Found', code: 0 });
  }

  private knownChannel(id: string): boolean {
    return (
      this.guilds.some((g) => g.channels.some((c) => c.id === id)) ||
      [...this.dmChannels.values()].includes(id)
    );
  }

  private messageObject(m: PostedMessage): Record<string, unknown> {
    return {
      id: m.id,
      channel_id: m.channel_id,
      content: m.content,
      embeds: m.embeds,
      components: m.components,
      author: { id: BOT_ID, username: 'Herald', discriminator: '0', bot: true, avatar: null },
      timestamp: new Date(m.at).toISOString(),
      edited_timestamp: null,
      type: 0,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      flags: m.crossposted ? 1 : 0,
      ...(m.nonce ? { nonce: m.nonce } : {}),
    };
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

/** Answers whose errors quote the request's credentials (FakeDiscord.echoToken). */
const ECHOED = new WeakMap<ServerResponse, string>();

function json(res: ServerResponse, status: number, body: unknown): void {
  const echoed = ECHOED.get(res);
  const error = body as { message?: string };
  const answer =
    echoed !== undefined && status >= 400 && typeof error.message === 'string'
      ? { ...error, message: `${error.message} (request authorised with ${echoed})` }
      : body;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer));
}
