import { catalog } from '../../i18n/index.js';
import type { OutboundMessage } from '../../messages/model.js';

/** Telegram's limits: a message text, and a photo caption. */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

export interface TelegramButton {
  readonly text: string;
  readonly url: string;
}

/** One or more Telegram sends for a message (a long digest is split at line boundaries). */
export interface TelegramPayload {
  readonly parts: readonly string[];
  /** Sent as a photo with the first part as caption (it fits 1024 characters). */
  readonly photo?: string;
  /** Shown as a large link preview above the text when the caption would not fit. */
  readonly preview?: string;
  readonly buttons: readonly TelegramButton[];
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Lays a neutral message out as Telegram HTML. Every piece of event, config or user text is
 * escaped; only our own tags remain. Links become URL buttons; an event post gets a
 * "Remind me" button that opens a private chat with the bot (`/start sub_<event>`).
 */
export function renderTelegram(
  message: OutboundMessage,
  opts: { botUsername?: string; privateChat?: boolean } = {},
): TelegramPayload {
  const lines: string[] = [];
  if (message.mention) lines.push(mentionHtml(message.mention));
  if (message.title) lines.push(`<b>${escapeHtml(message.title)}</b>`);
  for (const line of message.lines) lines.push(escapeHtml(line));
  for (const field of message.fields) {
    const colon = message.locale === 'fr' ? ' :' : ':';
    lines.push(`<b>${escapeHtml(field.label)}${colon}</b> ${escapeHtml(field.value)}`);
  }
  if (message.footer) lines.push(`<i>${escapeHtml(message.footer)}</i>`);
  const buttons: TelegramButton[] = message.links
    .slice(0, 5)
    .map((link) => ({ text: link.label, url: link.url }));
  const remindable = message.kind === 'countdown' || message.kind === 'live' || message.kind === 'changed';
  if (message.eventId && opts.botUsername && remindable && !opts.privateChat) {
    buttons.push({
      text: catalog(message.locale).remindMe,
      url: `https://t.me/${opts.botUsername}?start=sub_${message.eventId}`,
    });
  }
  const text = lines.join('\n');
  if (message.image && [...text].length <= CAPTION_LIMIT)
    return { parts: [text], photo: message.image, buttons };
  return { parts: split(lines, TEXT_LIMIT), ...(message.image ? { preview: message.image } : {}), buttons };
}

/** A numeric id is a Telegram user: mention them by link; anything else is shown as written. */
function mentionHtml(mention: string): string {
  if (/^\d+$/.test(mention)) return `<a href="tg://user?id=${mention}">👤</a>`;
  return escapeHtml(mention);
}

/** Splits at line boundaries into parts under the limit; a single overlong line is cut. */
export function split(lines: readonly string[], limit: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of lines) {
    const piece = [...line].length > limit ? `${[...line].slice(0, limit - 1).join('')}…` : line;
    const candidate = current ? `${current}\n${piece}` : piece;
    if ([...candidate].length > limit) {
      parts.push(current);
      current = piece;
    } else current = candidate;
  }
  if (current) parts.push(current);
  return parts;
}
