import type { CommandSpec, OptionSource } from '../commands/spec.js';
import type { Locale, Platform } from '../core/types.js';
import type { OutboundMessage } from '../messages/model.js';

/** Where a post goes: a chat/channel, or a person's direct messages. */
export interface Address {
  readonly chatId: string;
  readonly dm: boolean;
}

/** What the platform returned for a sent message. */
export interface PostedRef {
  readonly messageId: string;
}

/** Values of a command's options, as the platform delivered them. */
export type CommandArgs =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'options'; readonly values: Readonly<Record<string, string | number | boolean>> };

/** A launch as a platform's own calendar event (Discord Guild Scheduled Event). */
export interface NativeEventSpec {
  /** The launch's id: with the adapter's own scope (a guild), the key of the native event. */
  readonly launchId: string;
  readonly name: string;
  readonly description: string;
  readonly start: number;
  readonly end: number;
  readonly location: string;
  readonly image?: string;
  /** What the native event should be now. */
  readonly status: 'scheduled' | 'active' | 'completed' | 'cancelled';
}

/** A command someone ran, already stripped of platform types. */
export interface InboundCommand {
  readonly platform: Platform;
  readonly name: string;
  readonly args: CommandArgs;
  readonly chatId: string;
  readonly chatKind: 'private' | 'group' | 'channel';
  /**
   * The community the command was typed in (core/types.ts `communityKey`): the Telegram chat,
   * the Discord server (or the DM channel outside servers).
   */
  readonly community: string;
  /**
   * Whether the command was meant for this bot: on Telegram, `/x@herald_bot` or any command
   * in a private chat (a bare `/x` in a group may be another bot's); Discord slash commands
   * and console lines always are. Unknown commands that are not addressed get no answer.
   */
  readonly addressed: boolean;
  readonly userId: string;
  readonly userName?: string;
  /** The user's own language as the platform reports it, used when the chat has none. */
  readonly userLocale?: Locale;
  /** Whether the user administers this chat (asked of the platform, cached by the adapter). */
  isChatAdmin(): Promise<boolean>;
  reply(message: OutboundMessage): Promise<void>;
  /**
   * The platform's id for this delivery (`telegram:<update_id>`, `discord:<interaction id>`):
   * after a fail-over the new holder of the connection may receive it again, and several
   * instances answer it once (src/cluster).
   */
  readonly deliveryId?: string;
}

/** A person is typing an option value; the platform can suggest choices. */
export interface AutocompleteRequest {
  readonly platform: Platform;
  readonly command: string;
  readonly source: OptionSource;
  readonly value: string;
  readonly locale: Locale;
  readonly userId: string;
  /** Where it is typed (see InboundCommand.community). */
  readonly community: string;
  readonly chatKind: 'private' | 'group' | 'channel';
}

export interface InboundHandlers {
  onCommand(command: InboundCommand): Promise<void>;
  /** Suggestions for a partly typed option (Discord autocomplete); at most 25. */
  onAutocomplete?(request: AutocompleteRequest): Promise<{ name: string; value: string }[]>;
}

/** Where an adapter keeps the ids of what it made on the platform (native events), across restarts. */
export interface PlatformRefs {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

export interface PostOptions {
  /** The ledger key: platforms that de-duplicate (Discord nonces) use it so a retry cannot post twice. */
  readonly idempotencyKey?: string;
}

/**
 * The part of an adapter that only one process per bot may run at a time: a Telegram long
 * poll (a second poller is refused with 409), a Discord gateway session. With several
 * instances on one database (src/cluster) every instance `connect`s, so that it can post, and
 * only the holder of `lease` listens. `start` is `connect` then `listen`.
 */
export interface ExclusiveInbound {
  /** The lease the instances hold in turn (one per bot). */
  readonly lease: string;
  /** Ready to post; receives nothing. */
  connect(): Promise<void>;
  /** Takes the inbound connection; `onClosed` when it ends without `unlisten` (a 409, a fatal close). */
  listen(handlers: InboundHandlers, onClosed: (reason: string) => void): Promise<void>;
  /** Gives the inbound connection back; posting goes on. */
  unlisten(): Promise<void>;
}

/**
 * The boundary every platform implements. No SDK type crosses it. Optional capabilities
 * throw NotImplementedError where a platform lacks them. Each delivery mode (ledger/kinds.ts)
 * is one method: `post`, `updatePinned`, `syncNativeEvent`.
 */
export interface Adapter {
  readonly platform: Platform;
  start(handlers: InboundHandlers): Promise<void>;
  stop(): Promise<void>;
  /**
   * Whether the platform connection works now (Telegram: polling answers or the webhook is
   * set; Discord: the gateway is ready). Readiness and the connected gauge ask it; an adapter
   * without it (the console) counts as connected once started.
   */
  connected?(): boolean;
  /** The bot's public username once connected (Telegram: for t.me links); undefined elsewhere. */
  botUsername?(): string | undefined;
  /** Delivery mode `post`: a new message. */
  post(address: Address, message: OutboundMessage, options?: PostOptions): Promise<PostedRef>;
  /**
   * Delivery mode `pinned`: the chat's pinned countdown for a launch. Edits `previous` in
   * place; posts and pins a new one when there is none or it was deleted. Throws
   * NotImplementedError where messages here cannot be edited.
   */
  updatePinned?(
    address: Address,
    message: OutboundMessage,
    previous: PostedRef | undefined,
  ): Promise<PostedRef>;
  /**
   * Delivery mode `native`: creates or updates the launch as the platform's own calendar event
   * where the chat lives, keeping its id in `refs`; returns the id, or undefined when there is
   * nothing to change (a cancellation of an event that was never made).
   */
  syncNativeEvent?(address: Address, spec: NativeEventSpec, refs: PlatformRefs): Promise<string | undefined>;
  /**
   * How the platform paces sends to this address: `group` chats have a per-minute limit
   * (Telegram groups: 20 a minute) on top of the per-chat one.
   */
  pacing?(address: Address): 'group' | 'chat';
  syncCommands?(specs: readonly CommandSpec[], locales: readonly Locale[]): Promise<void>;
  edit?(address: Address, ref: PostedRef, message: OutboundMessage): Promise<void>;
  /** Pins a message the bot posted (quietly, where the platform allows). */
  pin?(address: Address, ref: PostedRef): Promise<void>;
  /**
   * Where a platform forbids a bot to write first (Telegram), a link that opens a private
   * chat with the bot and subscribes the person to `topic` there. `fromChatId`: the chat the
   * link was given in, so the subscription sees that community's own launches (the adapter
   * checks the person is a member when the link is used).
   */
  optInLink?(topic: string, fromChatId?: string): string;
  /**
   * The inbound connection only one process per bot may hold, when this adapter has one in its
   * current mode (a Telegram webhook, where any instance takes updates, has none).
   */
  exclusiveInbound?(): ExclusiveInbound | undefined;
}
