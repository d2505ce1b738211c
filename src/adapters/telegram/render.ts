import { catalog } from '../../i18n/index.js';
import type { OutboundMessage } from '../../messages/model.js';
import { readerTimeRuns } from './date-time.js';

/**
 * Telegram's limits: a message text, and a photo caption. Telegram counts the text after
 * entity parsing, in UTF-16 code units; we hold the rendered HTML itself to the limit, which
 * is never shorter than the parsed text, so every part is safe.
 */
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

export interface TelegramButton {
  readonly text: string;
  readonly url: string;
}

/** One or more Telegram sends for a message (a long text is split, preferably at line boundaries). */
export interface TelegramPayload {
  readonly parts: readonly string[];
  /** Sent as a photo with the first part as caption (its HTML fits 1024 characters). */
  readonly photo?: string;
  /** Shown as a large link preview above the text when the caption would not fit. */
  readonly preview?: string;
  readonly buttons: readonly TelegramButton[];
}

/** Plain text shown in one style: `open` and `close` are our own tags around its escaped text. */
export interface Run {
  readonly text: string;
  readonly open: string;
  readonly close: string;
  /** Never cut in two (a `<tg-time>` entity: each half would show the whole date). */
  readonly atomic?: boolean;
}

/**
 * The deep link that opens a private chat with the bot and subscribes to `topic`:
 * `sub_<topic>__g<group id without its minus>` when given in a group (start payloads allow 64
 * of [A-Za-z0-9_-]), so the subscription may see that group's own launches.
 */
export function startLink(botUsername: string, topic: string, fromChatId?: string): string {
  const from = fromChatId && /^-\d+$/.test(fromChatId) ? `__g${fromChatId.slice(1)}` : '';
  const payload = `sub_${topic}${from}`;
  return `https://t.me/${botUsername}?start=${payload.length <= 64 ? payload : `sub_${topic}`}`;
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
  opts: { botUsername?: string; privateChat?: boolean; chatId?: string } = {},
): TelegramPayload {
  const runs = messageRuns(message);
  const buttons: TelegramButton[] = message.links
    .slice(0, 5)
    .map((link) => ({ text: link.label, url: link.url }));
  const remindable = message.kind === 'countdown' || message.kind === 'live' || message.kind === 'changed';
  if (message.eventId && opts.botUsername && remindable && !opts.privateChat) {
    buttons.push({
      text: catalog(message.locale).remindMe,
      url: startLink(opts.botUsername, message.eventId, opts.chatId),
    });
  }
  if (!message.image) return { parts: split(runs, TEXT_LIMIT), buttons };
  // Measured as rendered HTML, like every part: never shorter than what Telegram counts.
  const caption = toHtml(runs);
  if (caption.length <= CAPTION_LIMIT) return { parts: [caption], photo: message.image, buttons };
  return { parts: split(runs, TEXT_LIMIT), preview: message.image, buttons };
}

const plain = (text: string): Run => ({ text, open: '', close: '' });
const bold = (text: string): Run => ({ text, open: '<b>', close: '</b>' });
const italic = (text: string): Run => ({ text, open: '<i>', close: '</i>' });

/** The message as styled plain text, its lines separated by unstyled newlines. */
function messageRuns(message: OutboundMessage): Run[] {
  const lines: Run[][] = [];
  if (message.mention) lines.push([mentionRun(message.mention)]);
  if (message.title) lines.push([bold(message.title)]);
  for (const line of message.lines) lines.push([plain(line)]);
  // Each reader's own time and a live relative one; the venue's time stays in the "When" field.
  if (message.when && !message.when.dateOnly) lines.push(readerTimeRuns(message.when.at, message.locale));
  const colon = message.locale === 'fr' ? ' :' : ':';
  for (const field of message.fields) lines.push([bold(`${field.label}${colon}`), plain(` ${field.value}`)]);
  if (message.footer) lines.push([italic(message.footer)]);
  return lines.flatMap((line, index) => (index === 0 ? line : [plain('\n'), ...line]));
}

/** A numeric id is a Telegram user: mention them by link; anything else is shown as written. */
function mentionRun(mention: string): Run {
  if (/^\d+$/.test(mention)) return { text: '👤', open: `<a href="tg://user?id=${mention}">`, close: '</a>' };
  return plain(mention);
}

function toHtml(runs: readonly Run[]): string {
  return runs.map((run) => `${run.open}${escapeHtml(run.text)}${run.close}`).join('');
}

/**
 * Cuts the plain text of `runs` into parts whose HTML is at most `limit` UTF-16 code units.
 * A part ends after a line if it can, else after a space, else between two graphemes (never
 * inside an escape, a surrogate pair or an emoji). A styled run cut in two is closed in one
 * part and reopened in the next. No text is lost: the parts' text, concatenated, is the
 * runs' text (a part cut at a line boundary ends with its newline).
 */
export function split(runs: readonly Run[], limit: number): string[] {
  const spans = positioned(runs);
  const source = spans.map((span) => span.text).join('');
  const parts: string[] = [];
  let first = 0; // the first span that still has text to send
  for (let from = 0; from < source.length; ) {
    while ((spans[first] as Span).end <= from) first += 1;
    const end = reach(source, spans, first, from, limit);
    if (end === from) throw new RangeError(`a Telegram part of ${limit} characters cannot hold any text`);
    const to = end === source.length ? end : outsideAtomic(spans, from, cut(source, from, end));
    parts.push(partHtml(spans, first, from, to));
    from = to;
  }
  return parts;
}

interface Span extends Run {
  readonly start: number;
  readonly end: number;
}

/** The runs with text, each with its offsets in the whole text. */
function positioned(runs: readonly Run[]): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const { text, open, close, atomic } of runs) {
    if (text === '') continue;
    spans.push({ text, open, close, start, end: start + text.length, ...(atomic ? { atomic } : {}) });
    start += text.length;
  }
  return spans;
}

/** The HTML of the text between two offsets, each span's piece in its own tags. */
function partHtml(spans: readonly Span[], first: number, from: number, to: number): string {
  let html = '';
  for (let index = first; index < spans.length && (spans[index] as Span).start < to; index += 1) {
    const { text, open, close, start } = spans[index] as Span;
    html += `${open}${escapeHtml(text.slice(Math.max(0, from - start), to - start))}${close}`;
  }
  return html;
}

/** How many characters `&`, `<` and `>` take once escaped. */
const ESCAPED_LENGTH: Readonly<Record<string, number>> = { '&': 5, '<': 4, '>': 4 };

/** The furthest offset from `from` whose HTML fits `limit`, one code point at a time. */
function reach(source: string, spans: readonly Span[], first: number, from: number, limit: number): number {
  let used = 0;
  let pos = from;
  for (const span of spans.slice(first)) {
    // A span's tags count only once one of its characters is taken.
    let cost = used + span.open.length + span.close.length;
    while (pos < span.end) {
      const size = (source.codePointAt(pos) ?? 0) > 0xffff && pos + 1 < span.end ? 2 : 1;
      const next = cost + (ESCAPED_LENGTH[source.charAt(pos)] ?? size);
      if (next > limit) return pos;
      cost = next;
      pos += size;
    }
    used = cost;
  }
  return pos;
}

/** `to`, or the start of the atomic span it would cut through (when that leaves text in the part). */
function outsideAtomic(spans: readonly Span[], from: number, to: number): number {
  const inside = spans.find((span) => span.atomic && span.start < to && to < span.end);
  return inside && inside.start > from ? inside.start : to;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Where a part that must stop by `end` ends: after a line, else after a space, else between graphemes. */
function cut(source: string, from: number, end: number): number {
  for (const separator of ['\n', ' ']) {
    const at = source.lastIndexOf(separator, end - 1);
    // A part holding nothing but blanks would be refused as empty.
    if (at >= from && /\S/.test(source.slice(from, at))) return at + 1;
  }
  // The start of the grapheme that does not fit, unless one grapheme is longer than a part.
  const last = graphemes.segment(source).containing(end)?.index ?? end;
  return last > from ? last : end;
}
