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
  const stream = {
    write(line: string) {
      destination.write(redact(line));
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
