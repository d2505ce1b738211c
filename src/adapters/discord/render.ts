import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { OutboundMessage } from '../../messages/model.js';

/** Discord's limits for an embed and a message. */
const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  content: 2000,
  button: 80,
} as const;

export interface DiscordMessageBody {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowed_mentions: { parse: string[]; roles?: string[]; users?: string[] };
  flags?: number;
}

/** Escapes Discord markdown and neutralises mass mentions in text that comes from events or users. */
export function escapeDiscord(text: string): string {
  return text
    .replace(/<(@[!&]?|#)(\d+)>/g, '<$1\u200b$2>')
    .replace(/@(everyone|here)/g, '@\u200b$1')
    .replace(/([\\*_~`|[\]])/g, '\\$1')
    .replace(/^([>#-])/gm, '\\$1');
}

function cut(text: string, max: number): string {
  return [...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`;
}

/**
 * Lays a neutral message out as a Discord embed: `<t:unix:F>` and `<t:unix:R>` so each reader
 * sees the time in their own zone with a live countdown, link buttons, the image. Mentions
 * are locked down: `allowed_mentions.parse` is empty, so event text can never ping anyone;
 * only the role or user the target configured (or a DM fallback) is allowed.
 */
export function renderDiscord(message: OutboundMessage): DiscordMessageBody {
  const lines = message.lines.map(escapeDiscord);
  // A date-only launch has no instant to show in the reader’s zone (it could land on the day before).
  if (message.when && !message.when.dateOnly) {
    const unix = Math.floor(message.when.at / 1000);
    lines.push(`🕒 <t:${unix}:F> · <t:${unix}:R>`);
  }
  const embed: APIEmbed = {
    ...(message.title ? { title: cut(escapeDiscord(message.title), LIMITS.title) } : {}),
    ...(lines.length > 0 ? { description: cut(lines.join('\n'), LIMITS.description) } : {}),
    fields: message.fields.slice(0, LIMITS.fields).map((f) => ({
      name: cut(escapeDiscord(f.label), LIMITS.fieldName),
      value: cut(escapeDiscord(f.value), LIMITS.fieldValue),
      inline: false,
    })),
    ...(message.image ? { image: { url: message.image } } : {}),
    ...(message.footer ? { footer: { text: cut(message.footer, 2048) } } : {}),
    color: COLORS[message.kind] ?? 0x5865f2,
  };
  const buttons: APIButtonComponent[] = message.links.slice(0, 5).map((link) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Link,
    label: cut(link.label, LIMITS.button),
    url: link.url,
  }));
  const mention = message.mention ? mentionOf(message.mention) : undefined;
  return {
    ...(mention ? { content: mention.text } : {}),
    embeds: [embed],
    components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
    allowed_mentions: {
      parse: [],
      ...(mention?.role ? { roles: [mention.role] } : {}),
      ...(mention?.user ? { users: [mention.user] } : {}),
    },
  };
}

/** `role:<id>` or `<@&id>` pings a role; a bare id or `<@id>` a user. Nothing else pings. */
function mentionOf(mention: string): { text: string; role?: string; user?: string } | undefined {
  const role = /^(?:role:|<@&)(\d{5,25})>?$/.exec(mention)?.[1];
  if (role) return { text: `<@&${role}>`, role };
  const user = /^(?:<@!?)?(\d{5,25})>?$/.exec(mention)?.[1];
  if (user) return { text: `<@${user}>`, user };
  return undefined;
}

const COLORS: Partial<Record<OutboundMessage['kind'], number>> = {
  countdown: 0x5865f2,
  live: 0x57f287,
  reminder: 0xfee75c,
  changed: 0xeb459e,
  cancelled: 0xed4245,
  postponed: 0xe67e22,
};
