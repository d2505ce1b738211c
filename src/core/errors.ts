/**
 * Errors typed by where they happen. Each carries the fix, and a stable `code`
 * that doubles as an i18n key where a user sees it.
 */
export abstract class HeraldError extends Error {
  abstract readonly code: string;
  readonly fix: string | undefined;
  constructor(message: string, fix?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.fix = fix;
  }
  /** One line for an operator: what went wrong and how to fix it. */
  describe(): string {
    return this.fix ? `${this.message}\n  fix: ${this.fix}` : this.message;
  }
}

export interface ConfigIssue {
  readonly file: string;
  readonly line?: number;
  readonly path: string;
  readonly value?: unknown;
  readonly message: string;
  readonly fix?: string;
}

/** The configuration (files or environment) is invalid; the bot refuses to start. */
export class ConfigError extends HeraldError {
  readonly code = 'config_invalid';
  readonly issues: readonly ConfigIssue[];
  /** `subject` names what is invalid in the heading: the configuration, or a calendar file being imported. */
  constructor(issues: readonly ConfigIssue[], subject = 'configuration') {
    super(
      `Invalid ${subject} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.map(formatIssue).join('\n')}`,
    );
    this.issues = issues;
  }
}

export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}${issue.line === undefined ? '' : `:${issue.line}`}`;
  const value = issue.value === undefined ? '' : ` (got ${JSON.stringify(issue.value)})`;
  const fix = issue.fix ? `\n    fix: ${issue.fix}` : '';
  return `  - ${where} ${issue.path || '(root)'}: ${issue.message}${value}${fix}`;
}

/** Time input that cannot be turned into an instant. `code` is an i18n key. */
export class TimeInputError extends HeraldError {
  readonly code: TimeErrorCode;
  readonly params: Readonly<Record<string, string>>;
  constructor(code: TimeErrorCode, message: string, params: Record<string, string> = {}, fix?: string) {
    super(message, fix);
    this.code = code;
    this.params = params;
  }
}
export type TimeErrorCode =
  | 'time_unknown_zone'
  | 'time_invalid_date'
  | 'time_in_gap'
  | 'time_unparsed'
  | 'time_ambiguous'
  | 'time_past'
  | 'time_no_date'
  | 'duration_invalid';

/** The store failed or holds something it should not. */
export class StoreError extends HeraldError {
  readonly code = 'store_failed';
}

/**
 * Whether an error says the database is away or busy rather than that Herald asked something
 * wrong: a StoreError, or a driver's error of that kind (PostgreSQL's SQLSTATE classes 08
 * connection, 40 rollback, 53 resources, 55 lock not available, 57 operator intervention, 58
 * system; a socket's errno; SQLite busy, locked, I/O, full; a session the server ended). Such a
 * failure passes when the database is back, so it is never counted against a post's attempts.
 */
export function isStoreFailure(error: unknown): boolean {
  if (error instanceof StoreError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    /^((08|40|53|55|57|58)[0-9A-Z]{3}|E[A-Z]+|SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)\w*)$/.test(
      code,
    )
  )
    return true;
  return /^Connection terminated|^Client has encountered a connection error|^timeout exceeded when trying to connect/.test(
    error.message,
  );
}

/** A delivery failed; `kind` tells the dispatcher what to do with the ledger row. */
export type DeliveryFailureKind = 'rate_limited' | 'transient' | 'permanent';
export class DeliveryError extends HeraldError {
  readonly code = 'delivery_failed';
  readonly kind: DeliveryFailureKind;
  readonly retryAfterMs: number | undefined;
  /** For permanent errors: whether the whole target (chat) is gone, or only this message failed. */
  readonly scope: 'target' | 'message';
  /** A chat that moved (Telegram group → supergroup). */
  readonly migrateTo: string | undefined;
  /** A rate limit on everything the bot sends, not only this chat. */
  readonly global: boolean;
  constructor(
    kind: DeliveryFailureKind,
    message: string,
    opts: {
      retryAfterMs?: number;
      scope?: 'target' | 'message';
      migrateTo?: string;
      global?: boolean;
      cause?: unknown;
    } = {},
  ) {
    super(message, undefined, { cause: opts.cause });
    this.kind = kind;
    this.retryAfterMs = opts.retryAfterMs;
    this.scope = opts.scope ?? 'message';
    this.migrateTo = opts.migrateTo;
    this.global = opts.global ?? false;
  }
}

/** An adapter was asked for a capability it does not have. */
export class NotImplementedError extends HeraldError {
  readonly code = 'not_implemented';
  constructor(feature: string, platform: string) {
    super(`${platform} does not support ${feature}`);
  }
}
