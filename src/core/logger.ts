import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * Secrets registered here are replaced by `[redacted]` in every log line, whatever field
 * or message they appear in (grammY puts the token in request URLs, errors repeat it).
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go; defaults to stderr so stdout stays for posts and `--json`. */
  readonly destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const human = options.destination === undefined && process.stderr.isTTY === true;
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
