import { type Logger, pino } from 'pino';

import { redact } from './redact.js';

export type { Logger } from 'pino';
/** The redaction lives in ./redact.ts (one for logs, replies, stores and the CLI); re-exported here. */
export { redact, registerSecret, registerSecrets } from './redact.js';

export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go; defaults to stderr so stdout stays for posts and `--json`. */
  readonly destination?: NodeJS.WritableStream | { write(line: string): void };
  /** One readable line per entry instead of JSON (default: when stderr, the default destination, is a terminal). */
  readonly human?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const human = options.human ?? (options.destination === undefined && process.stderr.isTTY === true);
  const stream = {
    write(line: string) {
      destination.write(redact(human ? humanLine(line) : line));
    },
  };
  return pino(
    {
      level: options.level ?? 'info',
      base: null,
      redact: { paths: ['token', '*.token', 'config.token', 'headers.authorization'], censor: '[redacted]' },
    },
    stream,
  );
}

/** A logger that writes nothing, for tests and `--json` output. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** On a terminal, one readable line per entry instead of JSON: `14:02:11 WARN message key=value`. */
function humanLine(line: string): string {
  try {
    const { level, time, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const at = new Date(Number(time)).toISOString().slice(11, 19);
    const extra = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${at} ${LEVELS[Number(level)] ?? level} ${String(msg ?? '')}${extra ? `  ${extra}` : ''}\n`;
  } catch {
    return line;
  }
}
