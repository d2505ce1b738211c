/**
 * HTML built from strings, escaped at one place: every text and attribute value from the
 * calendar (titles, descriptions, cities, links) goes through `esc`, and a URL through
 * `safeUrl` before it may become an href or a src.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or an attribute value (double- or single-quoted) as HTML. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** An http(s) URL as written, or undefined: no `javascript:`, `data:` or relative surprises. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** `name="value"` pairs, escaped; undefined values left out. */
export function attrs(pairs: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(pairs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${esc(String(value))}"`)
    .join('');
}
