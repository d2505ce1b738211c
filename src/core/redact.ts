/**
 * The one redaction for every text that leaves the process (log lines, command replies, CLI
 * errors) or is stored (ledger reasons and errors, a disabled target's reason).
 *
 * Two layers:
 * - the secrets registered at start from the loaded config (the platform tokens, a database
 *   password), removed wherever they appear, also URL-encoded or JSON-escaped;
 * - shapes that are secrets whoever they belong to, removed even before anything is
 *   registered (a token Herald does not know, an error thrown while the config loads): the
 *   Bot API path `/bot<token>/`, `Authorization` header values, `Bot …` / `Bearer …`
 *   credentials, passwords in URLs, Telegram-token-shaped and Discord-token-shaped strings.
 */

export const REDACTED = '[redacted]';

/** Shorter values are not treated as secrets: replacing them would garble ordinary text. */
const MIN_SECRET_LENGTH = 8;

const secrets = new Set<string>();
/** Every form of every registered secret, longest first. */
let forms: string[] = [];

/** Registers a secret (a token, a password); values shorter than 8 characters are ignored. */
export function registerSecret(value: string | undefined): void {
  registerSecrets([value]);
}

export function registerSecrets(values: Iterable<string | undefined>): void {
  let added = false;
  for (const value of values) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH || secrets.has(value)) continue;
    secrets.add(value);
    added = true;
  }
  if (!added) return;
  const all = new Set<string>();
  for (const secret of secrets) for (const form of formsOf(secret)) all.add(form);
  forms = [...all].sort((a, b) => b.length - a.length);
}

/** The secret as it may appear in text: raw, URL-encoded (either hex case, `+` for spaces), JSON-escaped. */
function formsOf(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const lowerHex = encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
  return [secret, encoded, lowerHex, encoded.replace(/%20/g, '+'), JSON.stringify(secret).slice(1, -1)];
}

/** A user id (snowflake) as Discord puts it, base64-encoded, in the first part of a bot token. */
const SNOWFLAKE = /^\d{17,20}$/;
const B64_CHARS = 'A-Za-z0-9_-';
const B64 = `[${B64_CHARS}]`;
/**
 * Where a word starts: after a character that cannot be part of it, or after an escape such
 * as `\n` (a log line is JSON, where a stack's line breaks are the two characters `\n`).
 */
const START = (chars: string) => `(?:(?<![\\\\${chars}])|(?<=\\\\[a-z]))`;

/** Shapes replaced in order; each leaves `[redacted]` where the secret was. */
const SHAPES: readonly [RegExp, (match: string, ...groups: string[]) => string][] = [
  // Credentials in a URL: scheme://user:password@host, up to the last `@` before the host (as
  // the URL parser splits `user:p@ss@host`).
  [/\b([a-z][a-z0-9+.-]{0,30}:\/\/[^\s:/@]+:)[^\s/"'<>]+@/gi, (_m, prefix) => `${prefix}${REDACTED}@`],
  // A password in a URL's query: postgres://host/db?password=…, sslpassword=…
  [/([?&](?:ssl)?password=)(?!\[redacted\])[^&\s#"'<>]+/gi, (_m, prefix) => `${prefix}${REDACTED}`],
  // The Bot API path: /bot123456:ABC…/sendMessage (also URL-encoded), whatever the token.
  [/(\/bot)\d+(?::|%3a)[^/\s"'<>?#&]+/gi, (_m, prefix) => `${prefix}${REDACTED}`],
  // An Authorization header's value, in a dump of headers or a JSON line; the scheme is kept.
  [
    /(\bauthorization["']?\s*[:=]\s*["']?)(?:(Bot|Bearer|Basic|Token)\s+)?[^\s"',;}[\]]{8,}/gi,
    (_m, prefix, scheme) => `${prefix}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ],
  // A credential after its scheme anywhere else: "Bot MTk4…", "Bearer eyJ…". Only a value with
  // a digit or punctuation in it, so that "Bot disconnected" stays as it is.
  [
    new RegExp(
      `${START('A-Za-z0-9')}(Bot|Bearer|bearer)\\s+(?=[A-Za-z0-9._~+/-]*[0-9._~+/-])[A-Za-z0-9._~+/-]{16,}=*`,
      'g',
    ),
    (_m, scheme) => `${scheme} ${REDACTED}`,
  ],
  // A Telegram bot token: the bot's id, a colon, 35 characters (30 or more here).
  [/(?<!\d)\d{6,}(?::|%3a)[A-Za-z0-9_-]{30,}/gi, () => REDACTED],
  // A Discord bot token: three base64url parts, the first decoding to the bot's snowflake.
  [new RegExp(`${START(B64_CHARS)}${B64}{20,30}\\.${B64}{4,}\\.${B64}{20,}`, 'g'), discordShape],
];

function discordShape(match: string): string {
  const dot = match.indexOf('.');
  const first = match.slice(0, dot);
  if (SNOWFLAKE.test(Buffer.from(first, 'base64url').toString('latin1'))) return REDACTED;
  // Not a token from here; one may still start at the next part ("x.<token>").
  return `${first}.${redactDiscordShapes(match.slice(dot + 1))}`;
}

function redactDiscordShapes(text: string): string {
  const [pattern, replace] = SHAPES[SHAPES.length - 1] as (typeof SHAPES)[number];
  return text.replace(new RegExp(pattern.source, pattern.flags), replace);
}

/** `text` without any registered secret or secret-shaped string. */
export function redact(text: string): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  for (const [pattern, replace] of SHAPES) out = out.replace(pattern, replace);
  return out;
}

/** `redact` for a value of unknown type: an Error becomes its redacted stack (or message). */
export function redactError(error: unknown): string {
  if (error instanceof Error) return redact(error.stack ?? `${error.name}: ${error.message}`);
  return redact(String(error));
}
