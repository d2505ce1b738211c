import { fstatSync } from 'node:fs';
import { colourFor } from '../adapters/console/colour.js';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { type ConsoleEnd, ConsoleScreen } from '../adapters/console/screen.js';
import type { HeraldConfig } from '../config/load.js';
import type { Clock } from '../core/clock.js';
import { createLogger, type Logger } from '../core/logger.js';
import { type Locale, PLATFORMS } from '../core/types.js';

/** Where a process's standard input comes from. */
export type InputKind = 'terminal' | 'script' | 'none';

/**
 * A terminal (Ctrl-D ends it), a script (a pipe, a file, a socket: it ends when it is all
 * read), or nothing to read (`/dev/null`, as a service or a container without `-i` gets).
 */
export function inputKind(
  stdin: { readonly isTTY?: boolean; readonly fd?: number } = process.stdin,
): InputKind {
  if (stdin.isTTY === true) return 'terminal';
  try {
    const stat = fstatSync(stdin.fd ?? 0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket() ? 'script' : 'none';
  } catch {
    return 'none';
  }
}

/**
 * Whether the end of the console's input stops Herald: always at a terminal (Ctrl-D), after a
 * script only when the console is all Herald talks to (no platform token; a rehearsal runs to
 * its end instead), and never when there is nothing to read: a service keeps running with its
 * stdin closed.
 */
export function endsWithInput(kind: InputKind, consoleOnly: boolean): boolean {
  return kind === 'terminal' || (kind === 'script' && consoleOnly);
}

export interface ConsoleSession {
  readonly screen: ConsoleScreen;
  /** The logger to use: on a terminal, lines dimmed above the prompt on stderr; else the one given. */
  readonly logger: Logger;
}

/** The process's terminal as Herald's console: a prompt and colours where they belong. */
export function openConsole(
  logger: Logger,
  level: string,
  env: NodeJS.ProcessEnv = process.env,
): ConsoleSession {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const screen = new ConsoleScreen({
    input: process.stdin,
    output: process.stdout,
    logs: process.stderr,
    interactive,
    prompt: 'herald> ',
    colour: colourFor(env, process.stdout),
  });
  // JSON lines stay JSON where no one reads them on a terminal (a service, a pipe).
  const readable = process.stderr.isTTY === true;
  return {
    screen,
    logger: readable ? createLogger({ level, destination: screen.logStream(), human: true }) : logger,
  };
}

/**
 * The console adapters: the console chat, and in a rehearsal one per platform standing in
 * for it (they print; only the console chat reads what is typed).
 */
export function consoleAdapters(opts: {
  readonly screen: ConsoleScreen;
  readonly clock: Clock;
  readonly zone: string;
  readonly rehearsal: boolean;
  readonly lang?: Locale;
  readonly onEnd: (why: ConsoleEnd) => void;
}): ConsoleAdapter[] {
  const { screen, clock, zone } = opts;
  const platforms = opts.rehearsal ? PLATFORMS : (['console'] as const);
  return platforms.map(
    (platform) =>
      new ConsoleAdapter({
        screen,
        clock,
        zone,
        platform,
        ...(platform === 'console' ? { onEnd: opts.onEnd } : {}),
        ...(opts.lang ? { userLocale: opts.lang } : {}),
      }),
  );
}

/** The config with the console chat speaking `lang` (as if its targets said `locale: lang`). */
export function withConsoleLanguage(config: HeraldConfig, lang: Locale | undefined): HeraldConfig {
  if (!lang) return config;
  return {
    ...config,
    targets: config.targets.map((t) => (t.platform === 'console' ? { ...t, locale: lang } : t)),
  };
}

/** The first lines on the console: what runs, and how to leave. */
export function banner(opts: {
  readonly rehearse?: string;
  readonly speed: number;
  readonly until?: string;
}): string {
  const leave = 'Type /help for commands; quit, exit or Ctrl-D to leave.';
  if (opts.rehearse === undefined) return `Herald is running on the console. ${leave}`;
  const hour = 3_600_000 / opts.speed;
  const pace = hour >= 1000 ? `${(hour / 1000).toFixed(1)} s` : `${Math.round(hour)} ms`;
  return [
    `Rehearsal from ${opts.rehearse} at ${opts.speed}× speed (a virtual hour every ${pace}${opts.until ? `, until ${opts.until}` : ''}).`,
    leave,
  ].join('\n');
}
