/** The console's styles; each returns its text unchanged when colours are off. */
export interface Paint {
  /** The line above a post: where and when it went. */
  header(text: string): string;
  /** Lines about the console itself: the banner, the end of a rehearsal. */
  note(text: string): string;
  /** Log lines: present, but out of the way of what readers would see. */
  log(text: string): string;
}

const ANSI = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export function paint(enabled: boolean): Paint {
  if (!enabled) return { header: same, note: same, log: same };
  const cyan = ANSI(36, 39);
  const bold = ANSI(1, 22);
  return { header: (text) => bold(cyan(text)), note: bold, log: ANSI(2, 22) };
}

const same = (text: string) => text;

/**
 * Whether to colour what goes to `stream`, as Node decides for its own output: `FORCE_COLOR`
 * (anything but 0 or false) forces colours even into a pipe, `NO_COLOR` (any non-empty value,
 * no-color.org) or `NODE_DISABLE_COLORS` turns them off, otherwise a terminal that has colours.
 */
export function colourFor(
  env: Readonly<Record<string, string | undefined>>,
  stream: { readonly isTTY?: boolean; hasColors?(): boolean },
): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR || env.NODE_DISABLE_COLORS) return false;
  return stream.isTTY === true && (stream.hasColors?.() ?? true);
}
