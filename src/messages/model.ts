import { redact } from '../core/redact.js';
import type { EventLink, Locale, PostKind } from '../core/types.js';

/**
 * A platform-neutral message. Text fields are plain (unescaped); each adapter escapes and
 * lays them out for its platform (Discord embeds, Telegram HTML, console text).
 */
export interface OutboundMessage {
  readonly kind: PostKind | 'reply';
  readonly locale: Locale;
  readonly title: string;
  readonly lines: readonly string[];
  readonly fields: readonly MessageField[];
  /** The instant the message is about, for platforms that render it in the reader's zone. */
  readonly when?: { readonly at: number; readonly dateOnly: boolean };
  readonly image?: string;
  readonly links: readonly EventLink[];
  /** A platform mention configured on the target (never taken from event text). */
  readonly mention?: string;
  readonly footer?: string;
  /** The event a "Remind me" button can subscribe to. */
  readonly eventId?: string;
  /** Personal answers (subscribe, settings): shown only to the person where the platform can. */
  readonly ephemeral?: boolean;
}

export interface MessageField {
  readonly label: string;
  readonly value: string;
}

export function textReply(locale: Locale, text: string, opts: { ephemeral?: boolean } = {}): OutboundMessage {
  return { kind: 'reply', locale, title: '', lines: [text], fields: [], links: [], ...opts };
}

/**
 * The message with every text field redacted (src/core/redact.ts): what a command reply may
 * carry from a platform's error (`audit` shows reasons) never shows a token in a chat.
 */
export function redactMessage(message: OutboundMessage): OutboundMessage {
  const { image, mention, footer, ...rest } = message;
  return {
    ...rest,
    title: redact(message.title),
    lines: message.lines.map(redact),
    fields: message.fields.map((f) => ({ label: redact(f.label), value: redact(f.value) })),
    links: message.links.map((l) => ({ label: redact(l.label), url: redact(l.url) })),
    ...(image === undefined ? {} : { image: redact(image) }),
    ...(mention === undefined ? {} : { mention: redact(mention) }),
    ...(footer === undefined ? {} : { footer: redact(footer) }),
  };
}

/** Plain-text rendering shared by the console adapter and `herald preview`. */
export function renderPlain(message: OutboundMessage): string {
  const out: string[] = [];
  if (message.mention) out.push(message.mention);
  if (message.title) out.push(message.title);
  out.push(...message.lines);
  // French puts a space before the colon.
  const colon = message.locale === 'fr' ? ' :' : ':';
  for (const field of message.fields) out.push(`${field.label}${colon} ${field.value}`);
  for (const link of message.links) out.push(`${link.label}: ${link.url}`);
  if (message.image) out.push(`[image] ${message.image}`);
  if (message.footer) out.push(message.footer);
  return out.join('\n');
}
