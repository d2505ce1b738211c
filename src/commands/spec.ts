import type { CalendarService } from '../calendar/calendar-service.js';
import type { Duration } from '../core/duration.js';
import type { Locale, Owner, Platform } from '../core/types.js';
import type { Catalog } from '../i18n/catalog.js';
import type { OutboundMessage } from '../messages/model.js';
import type { Stores } from '../stores/stores.js';

export type OptionType = 'string' | 'integer' | 'boolean';

/** What an option's values are, so Discord can autocomplete them. */
export type OptionSource = 'event' | 'tag' | 'topic' | 'zone' | 'locale';

export interface OptionSpec {
  /** `^[a-z0-9_]{1,32}$`: valid on both platforms. */
  readonly name: string;
  readonly type: OptionType;
  readonly required: boolean;
  /** ≤ 100 characters each. */
  readonly description: Readonly<Record<Locale, string>>;
  /** Takes the rest of the text (only the last positional option). */
  readonly rest?: boolean;
  /** Accepted only as `name:value`, never by position. */
  readonly namedOnly?: boolean;
  readonly choices?: readonly string[];
  readonly source?: OptionSource;
  /** The longest value accepted, in characters (default: by `source`, else 1000). */
  readonly maxLength?: number;
}

export type ArgValue = string | number | boolean;
export type ParsedArgs = Readonly<Record<string, ArgValue | undefined>>;

export interface CommandServices {
  readonly calendar: CalendarService;
  readonly stores: Stores;
  readonly defaults: { readonly locale: Locale; readonly zone: string };
  readonly reminderOffsets: readonly Duration[];
  readonly summaryWindow: Duration;
  /** Queues a digest for this chat now. */
  requestSummary(
    platform: Platform,
    chatId: string,
    locale: Locale,
    zone: string,
    community: Owner,
  ): Promise<void>;
  readonly commandPrefix: string;
  /** Where the platform needs people to open a private chat first: the link that does it. */
  optInLink(platform: Platform, topic: string, fromChatId?: string): string | undefined;
}

export interface CommandContext {
  readonly platform: Platform;
  readonly chatId: string;
  readonly chatKind: 'private' | 'group' | 'channel';
  /** The community the command was typed in (docs/tenancy.md). */
  readonly community: Owner;
  /** One of the configured owners: may do everything, everywhere. */
  readonly operator: boolean;
  /** Whether the user administers this chat (asked of the platform; false in a private chat). */
  isChatAdmin(): Promise<boolean>;
  readonly userId: string;
  readonly userName?: string;
  /** The language and zone answers use: the chat's settings, else the user's, else the defaults. */
  readonly locale: Locale;
  readonly zone: string;
  readonly t: Catalog;
  readonly now: number;
  readonly services: CommandServices;
}

/** A command, defined once as data and rendered for every platform. */
export interface CommandSpec {
  readonly name: string;
  readonly description: Readonly<Record<Locale, string>>;
  readonly options: readonly OptionSpec[];
  /** Only chat administrators and configured owners may run it. */
  readonly admin: boolean;
  run(ctx: CommandContext, args: ParsedArgs): Promise<OutboundMessage>;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
