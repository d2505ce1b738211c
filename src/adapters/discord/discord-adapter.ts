import { createHash } from 'node:crypto';
import {
  type AutocompleteInteraction,
  ChannelType,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
  RESTEvents,
  Routes,
} from 'discord.js';
import type { CommandSpec } from '../../commands/spec.js';
import type { Clock } from '../../core/clock.js';
import { DeliveryError, NotImplementedError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { type Metrics, NO_METRICS } from '../../core/metrics.js';
import { communityKey, LOCALES, type Locale, localeFromCode } from '../../core/types.js';
import type { OutboundMessage } from '../../messages/model.js';
import type {
  Adapter,
  Address,
  ExclusiveInbound,
  InboundCommand,
  InboundHandlers,
  NativeEventSpec,
  PlatformRefs,
  PostedRef,
  PostOptions,
} from '../adapter.js';
import { editOrRepost } from '../pinned.js';
import { applicationCommands } from './commands.js';
import { type CommandRest, type CommandScope, strayCommands } from './commands-sync.js';
import { toDeliveryError } from './errors.js';
import { type DiscordMessageBody, escapeDiscord, renderDiscord } from './render.js';

export interface DiscordAdapterOptions {
  readonly token: string;
  /** Another REST root (the tests' fake); the gateway is discovered from it. */
  readonly apiRoot?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly commands: readonly CommandSpec[];
  /** Register the commands when the bot connects (default: yes). */
  readonly syncGuildCommands?: boolean;
  /** In each guild the bot is in (instant, the default) or globally: never both (config `discord.commands`). */
  readonly commandScope?: CommandScope;
  /** Answer within Discord's 3-second deadline: defer when handling takes longer than this. */
  readonly deferAfterMs?: number;
  /** Roles (names or ids) whose members administer their server for Herald, beside Manage Server. */
  readonly adminRoles?: readonly string[];
  /** discord.js's own global request cap (Discord's is 50/s; benchmarks scale it). */
  readonly globalRequestsPerSecond?: number;
  /**
   * Where the instance holding the gateway session writes what it knows of the channels (kind,
   * server), so that instances posting without a session need not ask Discord (src/cluster).
   */
  readonly channelDirectory?: PlatformRefs;
  /** Where 429s are counted (default: nowhere). */
  readonly metrics?: Metrics;
}

/** The channel directory's key in `channelDirectory`. */
const DIRECTORY_KEY = 'discord:channels';
/** How long an instance without a session trusts the directory it read before reading it again. */
const DIRECTORY_TTL_MS = 60_000;

/** What the adapter needs to know of a channel. */
interface ChannelInfo {
  readonly type: number;
  readonly guildId?: string;
}

/** Crossposts allowed per announcement channel per hour (Discord allows about 10). */
const CROSSPOSTS_PER_HOUR = 10;

/**
 * Herald in Discord through discord.js: slash commands in servers and DMs, posts as embeds
 * through the REST client (its queue honours Retry-After and the X-RateLimit headers), with
 * a nonce from the ledger key so a retry cannot post twice. No discord.js type leaves here.
 */
export class DiscordAdapter implements Adapter {
  readonly platform = 'discord' as const;
  private readonly client: Client;
  private readonly dmChannels = new Map<string, string>();
  private readonly nativeSyncs = new Map<string, Promise<string | undefined>>();
  private readonly crossposts = new Map<string, number[]>();
  /** Channel kinds and servers learnt over REST by an instance without a gateway session. */
  private readonly channelInfos = new Map<string, Promise<ChannelInfo | undefined>>();
  private handlers: InboundHandlers | undefined;
  private onClosed: ((reason: string) => void) | undefined;
  private routed = false;
  private sessionWanted = false;
  private directoryRead: { at: number; map: Promise<Map<string, ChannelInfo>> } | undefined;
  private directoryWrite: NodeJS.Timeout | undefined;
  /** The gateway session is ready (false while it reconnects). */
  private ready = false;
  /** Posting over REST is set up (an instance without a session: src/cluster). */
  private restReady = false;

  constructor(private readonly opts: DiscordAdapterOptions) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      // Never `api: undefined`: it would replace discord.js's default root.
      rest: {
        // A rate limit comes back to Herald's dispatcher instead of being waited out inside
        // discord.js, whose queue would release the held requests in a burst (more 429s): the
        // dispatcher puts the post back in the ledger and paces everything else around it.
        rejectOnRateLimit: () => true,
        ...(opts.apiRoot ? { api: opts.apiRoot } : {}),
        ...(opts.globalRequestsPerSecond ? { globalRequestsPerSecond: opts.globalRequestsPerSecond } : {}),
      },
    });
  }

  /**
   * The gateway session is ready; an instance of several that does not hold the session
   * (src/cluster) is connected once it can post over REST.
   */
  connected(): boolean {
    return this.sessionWanted ? this.ready : this.restReady;
  }

  async start(handlers: InboundHandlers): Promise<void> {
    await this.connect();
    await this.listen(handlers, () => undefined);
  }

  /**
   * The gateway session is the bot's one inbound connection: with several instances, each posts
   * over REST and only the holder of the lease keeps a session (docs/cluster.md on shards).
   */
  exclusiveInbound(): ExclusiveInbound {
    return {
      lease: 'discord:gateway',
      connect: () => this.connect(),
      listen: (handlers, onClosed) => this.listen(handlers, onClosed),
      unlisten: async () => {
        this.sessionWanted = false;
        this.ready = false;
        await this.client.destroy();
        // destroy() forgets the token; posting over REST goes on.
        this.client.rest.setToken(this.opts.token);
      },
    };
  }

  /** Ready to post over REST, without a gateway session. */
  private async connect(): Promise<void> {
    this.client.rest.setToken(this.opts.token);
    this.restReady = true;
  }

  /** Opens the gateway session and registers the commands; resolves once the client is ready. */
  private async listen(handlers: InboundHandlers, onClosed: (reason: string) => void): Promise<void> {
    this.sessionWanted = true;
    this.handlers = handlers;
    this.onClosed = onClosed;
    if (!this.routed) this.route();
    const ready = new Promise<void>((resolve) => this.client.once(Events.ClientReady, () => resolve()));
    await this.client.login(this.opts.token);
    await ready;
    this.ready = true;
    this.opts.logger.info({ guilds: this.client.guilds.cache.size }, 'discord connected');
    this.shareDirectory();
    if (!this.sessionWanted) return;
    if (this.opts.syncGuildCommands !== false) await this.syncCommands(this.opts.commands, LOCALES);
  }

  /** Installs the client's listeners once (a session may be opened again after a fail-over). */
  private route(): void {
    this.routed = true;
    // Only answers Discord sent with status 429 count (not the waits discord.js takes on its own
    // from X-RateLimit-Remaining, which reject the same way here).
    const metrics = this.opts.metrics ?? NO_METRICS;
    if (this.opts.metrics) {
      this.client.rest.on(RESTEvents.Response, (_request, response) => {
        if (response.status === 429) metrics.rateLimited('discord');
      });
    }
    this.client.on(Events.ShardReady, () => {
      this.ready = true;
    });
    this.client.on(Events.ShardResume, () => {
      this.ready = true;
    });
    this.client.on(Events.InteractionCreate, (interaction) => {
      const handlers = this.handlers;
      if (!handlers) return;
      void this.onInteraction(interaction, handlers).catch((error: unknown) => {
        this.opts.logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'discord interaction failed',
        );
      });
    });
    for (const change of [Events.ChannelCreate, Events.ChannelUpdate, Events.GuildCreate] as const)
      this.client.on(change, () => this.shareDirectory());
    this.client.on(Events.ShardResume, () => this.opts.logger.info('discord gateway resumed'));
    this.client.on(Events.ShardReconnecting, () => {
      this.ready = false;
      this.opts.logger.warn('discord gateway reconnecting');
    });
    // The session ended for good (an invalid token, a fatal close): let another instance try.
    this.client.on(Events.ShardDisconnect, (event) => {
      this.ready = false;
      if (this.sessionWanted) this.onClosed?.(`gateway closed (${event.code})`);
    });
  }

  async stop(): Promise<void> {
    this.sessionWanted = false;
    this.ready = false;
    this.restReady = false;
    await this.client.destroy();
  }

  /**
   * Registers the commands in the configured scope: in every guild the bot is in (instant for
   * users), or globally. Commands left in the other scope would show twice: they are named in
   * a warning with the fix (`herald commands sync --clean`), not removed behind the operator's back.
   */
  async syncCommands(specs: readonly CommandSpec[], _locales: readonly Locale[]): Promise<void> {
    const appId = this.client.application?.id;
    if (!appId) return;
    const body = applicationCommands(specs);
    const scope = this.opts.commandScope ?? 'guild';
    const guilds = [...this.client.guilds.cache.keys()];
    if (scope === 'global') await this.client.rest.put(Routes.applicationCommands(appId), { body });
    else
      for (const guildId of guilds)
        await this.client.rest.put(Routes.applicationGuildCommands(appId, guildId), { body });
    const stray = await strayCommands(this.client.rest as CommandRest, appId, scope, guilds);
    for (const { where, count } of stray) {
      this.opts.logger.warn(
        { where, commands: count, scope },
        'slash commands are also registered in the other scope: Discord shows each twice; run herald commands sync --clean',
      );
    }
  }

  async post(address: Address, message: OutboundMessage, options: PostOptions = {}): Promise<PostedRef> {
    try {
      const channelId = address.dm ? await this.dmChannel(address.chatId) : address.chatId;
      const body: DiscordMessageBody & { nonce?: string; enforce_nonce?: boolean } = renderDiscord(message);
      if (options.idempotencyKey) {
        body.nonce = nonceOf(options.idempotencyKey);
        body.enforce_nonce = true;
      }
      const sent = (await this.client.rest.post(Routes.channelMessages(channelId), { body })) as {
        id: string;
      };
      await this.maybeCrosspost(channelId, sent.id);
      return { messageId: sent.id };
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  async edit(address: Address, ref: PostedRef, message: OutboundMessage): Promise<void> {
    try {
      const { mention: _mention, ...quiet } = message;
      const { allowed_mentions, embeds, components } = renderDiscord(quiet);
      await this.client.rest.patch(Routes.channelMessage(address.chatId, ref.messageId), {
        body: { embeds, components, allowed_mentions },
      });
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /** Published (crossposted) announcements are never edited: followers' copies would drift. */
  async updatePinned(
    address: Address,
    message: OutboundMessage,
    previous: PostedRef | undefined,
  ): Promise<PostedRef> {
    if ((await this.channelInfo(address.chatId))?.type === ChannelType.GuildAnnouncement)
      throw new NotImplementedError('pinned countdowns in announcement channels', 'discord');
    return editOrRepost(this, this.opts.logger, address, message, previous);
  }

  async pin(address: Address, ref: PostedRef): Promise<void> {
    try {
      await this.client.rest.put(Routes.channelMessagesPin(address.chatId, ref.messageId));
    } catch (error) {
      throw toDeliveryError(error);
    }
  }

  /**
   * An admin of the server the command came from: Manage Server, or one of the configured
   * admin roles (by id or by name). Never outside a server.
   */
  private isServerAdmin(interaction: ChatInputCommandInteraction): boolean {
    if (!interaction.inGuild()) return false;
    if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
    const wanted = this.opts.adminRoles ?? [];
    if (wanted.length === 0) return false;
    const member = interaction.member;
    const roleIds: readonly string[] = Array.isArray(member.roles)
      ? member.roles
      : [...member.roles.cache.keys()];
    const guildRoles = this.client.guilds.cache.get(interaction.guildId)?.roles.cache;
    return roleIds.some(
      (id) => wanted.includes(id) || wanted.includes(guildRoles?.get(id)?.name ?? '\u0000'),
    );
  }

  /** Native events belong to a server: the chats of one guild share one event per launch. */
  private async guildOf(address: Address): Promise<string | undefined> {
    return (await this.channelInfo(address.chatId))?.guildId;
  }

  /**
   * A channel's kind and server: from the gateway's cache where this instance holds the
   * session, else asked once over REST (an instance that only posts: src/cluster).
   */
  private async channelInfo(channelId: string): Promise<ChannelInfo | undefined> {
    const cached = this.client.channels.cache.get(channelId);
    if (cached)
      return {
        type: cached.type,
        ...('guildId' in cached && cached.guildId ? { guildId: cached.guildId } : {}),
      };
    const listed = (await this.directory())?.get(channelId);
    if (listed) return listed;
    // A channel newer than the directory: asked once.
    let known = this.channelInfos.get(channelId);
    if (!known) {
      known = (
        this.client.rest.get(Routes.channel(channelId)) as Promise<{ type: number; guild_id?: string }>
      )
        .then((c) => ({ type: c.type, ...(c.guild_id ? { guildId: c.guild_id } : {}) }))
        .catch(() => {
          this.channelInfos.delete(channelId);
          return undefined;
        });
      this.channelInfos.set(channelId, known);
    }
    return known;
  }

  /** The channel directory the session holder wrote, read at most once a minute. */
  private async directory(): Promise<Map<string, ChannelInfo> | undefined> {
    const store = this.opts.channelDirectory;
    if (!store) return undefined;
    const now = this.opts.clock.now();
    if (!this.directoryRead || now - this.directoryRead.at > DIRECTORY_TTL_MS) {
      const read = store.get(DIRECTORY_KEY).then((text) => {
        const entries = text ? (JSON.parse(text) as [string, number, string | null][]) : [];
        return new Map(
          entries.map(([id, type, guildId]) => [id, { type, ...(guildId ? { guildId } : {}) }] as const),
        );
      });
      this.directoryRead = { at: now, map: read.catch(() => new Map<string, ChannelInfo>()) };
    }
    return this.directoryRead.map;
  }

  /** The session holder shares the channels it sees (on ready, and as they change). */
  private shareDirectory(): void {
    const store = this.opts.channelDirectory;
    if (!store || this.directoryWrite) return;
    this.directoryWrite = setTimeout(() => {
      this.directoryWrite = undefined;
      const entries = [...this.client.channels.cache.values()].map((c) => [
        c.id,
        c.type,
        'guildId' in c && c.guildId ? c.guildId : null,
      ]);
      void store.put(DIRECTORY_KEY, JSON.stringify(entries)).catch((error: unknown) => {
        this.opts.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'could not share the channel directory',
        );
      });
    }, 1_000);
    this.directoryWrite.unref();
  }

  /**
   * The launch as an external Guild Scheduled Event (needs Manage Events): created, updated,
   * started (ACTIVE), completed or cancelled. A cancelled or completed event cannot change
   * again on Discord, so a launch that comes back gets a new one.
   */
  async syncNativeEvent(
    address: Address,
    spec: NativeEventSpec,
    refs: PlatformRefs,
  ): Promise<string | undefined> {
    const guildId = await this.guildOf(address);
    if (!guildId)
      throw new DeliveryError('permanent', 'not a server channel: no scheduled events', { scope: 'message' });
    const refKey = `discord:${guildId}:${spec.launchId}`;
    // The channels of one server share one event: their syncs run one after another, so the
    // second sees the id the first made instead of making another.
    const previous = this.nativeSyncs.get(refKey) ?? Promise.resolve();
    const sync = previous
      .catch(() => undefined)
      .then(async () => {
        const known = await refs.get(refKey);
        if (spec.status === 'cancelled' && !known) return undefined;
        const id = await this.syncScheduledEvent(guildId, spec, known);
        await refs.put(refKey, id);
        return id;
      });
    this.nativeSyncs.set(refKey, sync);
    try {
      return await sync;
    } finally {
      if (this.nativeSyncs.get(refKey) === sync) this.nativeSyncs.delete(refKey);
    }
  }

  private async syncScheduledEvent(
    guildId: string,
    spec: NativeEventSpec,
    known: string | undefined,
  ): Promise<string> {
    const fields = {
      name: spec.name.slice(0, 100),
      description: spec.description.slice(0, 1000),
      scheduled_start_time: new Date(spec.start).toISOString(),
      scheduled_end_time: new Date(spec.end).toISOString(),
      entity_metadata: { location: spec.location.slice(0, 100) },
    };
    const status = { scheduled: 1, active: 2, completed: 3, cancelled: 4 }[spec.status];
    try {
      if (known) {
        try {
          const body = spec.status === 'scheduled' ? fields : { status };
          await this.client.rest.patch(Routes.guildScheduledEvent(guildId, known), { body });
          return known;
        } catch (error) {
          // Gone, or finished and unchangeable: a launch that is scheduled again gets a new event.
          if (!(error instanceof DiscordAPIError) || spec.status !== 'scheduled') throw error;
        }
      }
      if (spec.status !== 'scheduled' && spec.status !== 'active') {
        throw new DeliveryError('permanent', `no scheduled event to mark ${spec.status}`, {
          scope: 'message',
        });
      }
      const created = (await this.client.rest.post(Routes.guildScheduledEvents(guildId), {
        body: { ...fields, privacy_level: 2, entity_type: 3 },
      })) as { id: string };
      if (spec.status === 'active') {
        await this.client.rest.patch(Routes.guildScheduledEvent(guildId, created.id), {
          body: { status: 2 },
        });
      }
      return created.id;
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      const failure = toDeliveryError(error);
      throw failure.kind === 'permanent'
        ? new DeliveryError('permanent', `${failure.message} (scheduled events need Manage Events)`, {
            scope: 'message',
            cause: error,
          })
        : failure;
    }
  }

  /** Publishes posts in announcement channels to the servers that follow them, within the hourly limit. */
  private async maybeCrosspost(channelId: string, messageId: string): Promise<void> {
    if ((await this.channelInfo(channelId))?.type !== ChannelType.GuildAnnouncement) return;
    const now = this.opts.clock.now();
    const recent = (this.crossposts.get(channelId) ?? []).filter((t) => t > now - 3_600_000);
    if (recent.length >= CROSSPOSTS_PER_HOUR) {
      this.opts.logger.warn({ channel: channelId }, 'crosspost limit reached; posted without publishing');
      return;
    }
    try {
      await this.client.rest.post(Routes.channelMessageCrosspost(channelId, messageId));
      recent.push(now);
      this.crossposts.set(channelId, recent);
    } catch (error) {
      this.opts.logger.warn(
        { channel: channelId, err: error instanceof Error ? error.message : String(error) },
        'crosspost failed',
      );
    }
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const channel = (await this.client.rest.post(Routes.userChannels(), {
      body: { recipient_id: userId },
    })) as { id: string };
    this.dmChannels.set(userId, channel.id);
    return channel.id;
  }

  private async onInteraction(interaction: Interaction, handlers: InboundHandlers): Promise<void> {
    if (interaction.isAutocomplete()) return this.autocomplete(interaction, handlers);
    if (interaction.isChatInputCommand()) return handlers.onCommand(this.toCommand(interaction));
  }

  private async autocomplete(interaction: AutocompleteInteraction, handlers: InboundHandlers): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const spec = this.opts.commands.find((c) => c.name === interaction.commandName);
    const source = spec?.options.find((o) => o.name === focused.name)?.source;
    const choices =
      source && handlers.onAutocomplete
        ? await handlers.onAutocomplete({
            platform: 'discord',
            command: interaction.commandName,
            source,
            value: String(focused.value),
            locale: localeFromCode(interaction.locale) ?? 'en',
            userId: interaction.user.id,
            community: communityOf(interaction),
            chatKind: interaction.inGuild() ? 'group' : 'private',
          })
        : [];
    await interaction.respond(
      choices.slice(0, 25).map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) })),
    );
  }

  private toCommand(interaction: ChatInputCommandInteraction): InboundCommand {
    const values: Record<string, string | number | boolean> = {};
    for (const option of interaction.options.data) {
      if (option.value !== undefined) values[option.name] = option.value;
    }
    const deferAfter = this.opts.deferAfterMs ?? 2_000;
    let deferring: Promise<unknown> | undefined;
    // Discord drops an interaction not answered within 3 s: defer if the work runs long.
    const defer = () => {
      deferring = interaction.deferReply().catch(() => undefined);
    };
    // 0 defers every answer at once; otherwise only answers that take longer than this.
    const timer = deferAfter <= 0 ? undefined : setTimeout(defer, deferAfter);
    if (deferAfter <= 0) defer();
    const userLocale = localeFromCode(interaction.locale);
    return {
      platform: 'discord',
      name: interaction.commandName,
      args: { kind: 'options', values },
      chatId: interaction.channelId,
      chatKind: interaction.inGuild() ? 'group' : 'private',
      community: communityOf(interaction),
      addressed: true, // a slash command is always this application's
      userId: interaction.user.id,
      userName: interaction.user.username,
      deliveryId: `discord:${interaction.id}`,
      ...(userLocale ? { userLocale } : {}),
      isChatAdmin: async () => this.isServerAdmin(interaction),
      reply: async (message) => {
        clearTimeout(timer);
        const body = replyBody(message);
        const mentions = { allowedMentions: { parse: [] } };
        if (deferring) {
          await deferring;
          await interaction.editReply({ ...body, ...mentions });
        } else if (interaction.replied) {
          await interaction.followUp({
            ...body,
            ...mentions,
            ...(message.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
          });
        } else {
          await interaction.reply({
            ...body,
            ...mentions,
            ...(message.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
          });
        }
      },
    };
  }
}

/** Short answers as text, richer ones as an embed. */
function replyBody(
  message: OutboundMessage,
): Pick<DiscordMessageBody, 'embeds' | 'components'> & { content?: string } {
  if (
    message.kind === 'reply' &&
    !message.title &&
    message.fields.length === 0 &&
    message.links.length === 0
  ) {
    return { content: escapeDiscord(message.lines.join('\n')).slice(0, 2000), embeds: [], components: [] };
  }
  const { embeds, components } = renderDiscord(message);
  return { embeds, components };
}

/** Discord nonces are at most 25 characters: a hash of the ledger key. */
export function nonceOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 25);
}

/** A server is one community; outside servers, the DM channel stands for itself. */
function communityOf(interaction: {
  readonly guildId: string | null;
  readonly channelId: string | null;
}): string {
  return interaction.guildId
    ? communityKey('discord', 'guild', interaction.guildId)
    : communityKey('discord', 'chat', interaction.channelId ?? 'unknown');
}
