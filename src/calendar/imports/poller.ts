import type { Clock, TimerHandle } from '../../core/clock.js';
import { formatIssue } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { CalendarService } from '../calendar-service.js';
import type { IcsIssue } from '../ics/scan.js';
import { type Fetch, ImportSourceError, readSource, type SourceValidators } from './read-source.js';
import { applyRefresh, planCalendarRefresh, type RefreshReport, type RefreshStores } from './refresh.js';
import type { ImportSource } from './sources.js';

export interface ImportPollerOptions {
  readonly sources: readonly ImportSource[];
  readonly calendar: CalendarService;
  readonly stores: RefreshStores;
  readonly clock: Clock;
  readonly logger: Logger;
  /** `defaults.zone`: floating times and all-day events, when neither the import nor the calendar says. */
  readonly defaultZone: string;
  readonly fetch?: Fetch;
}

/** What one reading of a source came to. */
export type PollOutcome =
  | { readonly status: 'unchanged' }
  /** Nothing was changed in the store: the reason says why (the source, the text, an empty calendar). */
  | { readonly status: 'failed'; readonly reason: string; readonly issues?: readonly string[] }
  | { readonly status: 'refreshed'; readonly report: RefreshReport };

interface SourceState {
  validators: SourceValidators;
  /** The last text that was read without problems, to expand again as the window moves on. */
  text?: string;
  /** The day (UTC) that text was last expanded on. */
  day?: string;
}

/**
 * Reads each configured calendar at start and then every `every`, one reading at a time per
 * source, and applies it to the store (refresh.ts): upserts by UID, cancels what disappeared.
 * A source that fails (unreachable, HTTP 500, a file with problems, an empty calendar) is
 * logged with the reason and leaves its events as they were. An unchanged source (304, same
 * file) costs nothing, except once a day, when the kept text is expanded again so that the
 * window of recurring events moves on.
 */
export class ImportPoller {
  private readonly states = new Map<string, SourceState>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly queue = new Map<string, Promise<PollOutcome>>();
  private stopped = true;

  constructor(private readonly options: ImportPollerOptions) {}

  get sources(): readonly ImportSource[] {
    return this.options.sources;
  }

  /** Reads every source now, then each on its interval. */
  start(): void {
    this.stopped = false;
    for (const source of this.options.sources) this.schedule(source, 0);
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.timers.values()) this.options.clock.clearTimer(handle);
    this.timers.clear();
  }

  /** Reads one source (by name) or all of them now, after any reading under way. */
  async pollNow(name?: string): Promise<Map<string, PollOutcome>> {
    const out = new Map<string, PollOutcome>();
    for (const source of this.options.sources) {
      if (name === undefined || source.name === name) out.set(source.name, await this.enqueue(source));
    }
    return out;
  }

  /** Resolves once every reading under way has ended. */
  async idle(): Promise<void> {
    await Promise.all(this.queue.values());
  }

  private schedule(source: ImportSource, delay: number): void {
    if (this.stopped) return;
    const handle = this.options.clock.setTimer(() => {
      this.timers.delete(source.name);
      void this.enqueue(source).finally(() => this.schedule(source, source.everyMs));
    }, delay);
    this.timers.set(source.name, handle);
  }

  private enqueue(source: ImportSource): Promise<PollOutcome> {
    const before = this.queue.get(source.name) ?? Promise.resolve<PollOutcome>({ status: 'unchanged' });
    const next = before.then(
      () => this.poll(source),
      () => this.poll(source),
    );
    this.queue.set(source.name, next);
    return next;
  }

  private async poll(source: ImportSource): Promise<PollOutcome> {
    try {
      return await this.read(source);
    } catch (error) {
      // Never let a source stop the others, or the process.
      const reason = error instanceof Error ? error.message : String(error);
      this.options.logger.error(
        { import: source.name, err: reason },
        `import ${source.name} failed: ${reason}`,
      );
      return { status: 'failed', reason };
    }
  }

  private async read(source: ImportSource): Promise<PollOutcome> {
    const { logger, clock } = this.options;
    const state = this.states.get(source.name) ?? { validators: {} };
    this.states.set(source.name, state);
    const now = clock.now();
    const day = new Date(now).toISOString().slice(0, 10);
    let text: string;
    try {
      const reading = await readSource(source, state.validators, this.options.fetch);
      if (reading.status === 'unchanged') {
        if (state.text === undefined || state.day === day) {
          logger.debug({ import: source.name }, `import ${source.name}: unchanged`);
          return { status: 'unchanged' };
        }
        text = state.text;
      } else {
        text = reading.text;
        state.validators = reading.validators;
        delete state.text;
      }
    } catch (error) {
      if (!(error instanceof ImportSourceError)) throw error;
      const reason = `${error.message}${error.fix ? ` (${error.fix})` : ''}`;
      logger.warn(
        { import: source.name, reason: error.message },
        `import ${source.name} ${error.message}: its events are kept; next try in ${source.every}`,
      );
      return { status: 'failed', reason };
    }
    // The iCalendar reader (ical.js, the Windows zone table) loads on the first reading: a start
    // without imports does not pay for it (docs/benchmarks.md).
    const { parseIcs } = await import('../ics/parse.js');
    const calendar = parseIcs(text, {
      source: source.name,
      defaultZone: this.options.defaultZone,
      ...(source.zone === undefined ? {} : { zone: source.zone }),
      now,
      until: now + source.windowMs,
      tags: source.tags,
    });
    if (calendar.issues.length > 0) {
      const issues = calendar.issues.map((issue) => describeIssue(source.name, issue));
      logger.warn(
        { import: source.name, issues },
        `import ${source.name}: the calendar has ${issues.length} problem${issues.length === 1 ? '' : 's'} (${issues[0]?.trim()}); its events are kept`,
      );
      return { status: 'failed', reason: 'the calendar has problems', issues };
    }
    const plan = await planCalendarRefresh(this.options.stores, calendar, {
      source: source.name,
      now,
      until: now + source.windowMs,
      conflict: (stored) => this.conflict(stored, source.name),
      cancelMissing: true,
      allowEmpty: source.allowEmpty,
      ownership: {
        ...(source.owner === undefined ? {} : { owner: source.owner }),
        ...(source.public === undefined ? {} : { public: source.public }),
      },
    });
    if (plan.refusal) {
      logger.warn(
        { import: source.name, reason: plan.refusal.message },
        `import ${source.name} ${plan.refusal.message} (${plan.refusal.fix})`,
      );
      return { status: 'failed', reason: plan.refusal.message };
    }
    const report = await applyRefresh(
      this.options.stores,
      this.options.calendar,
      { source: source.name, now, cancelMissing: true },
      plan,
      calendar.past,
    );
    state.text = text;
    state.day = day;
    for (const conflict of report.conflicts)
      logger.warn(
        { import: source.name, event: conflict.id },
        `import ${source.name}: ${conflict.id} ${conflict.message}; left as it is (${conflict.fix})`,
      );
    const changed = report.added.length + report.updated.length + report.cancelled.length;
    logger[changed > 0 ? 'info' : 'debug'](
      {
        import: source.name,
        added: report.added,
        updated: report.updated.map((u) => u.id),
        cancelled: report.cancelled,
        unchanged: report.unchanged,
      },
      `import ${source.name}: ${report.added.length} added, ${report.updated.length} updated, ${report.cancelled.length} cancelled, ${report.unchanged} unchanged`,
    );
    return { status: 'refreshed', report };
  }

  /** A subscription updates its own events and other imports' that no configured source claims. */
  private conflict(stored: { source: string; imported?: { from: string } }, own: string) {
    if (stored.source === 'config')
      return {
        message: 'is an event of events.yaml',
        fix: 'give the calendar event another UID, or remove the event from events.yaml',
      };
    if (stored.source === 'command')
      return {
        message: 'is an event added by a command',
        fix: 'cancel or rename the command-added event, or give the calendar event another UID',
      };
    const from = stored.imported?.from;
    if (from !== undefined && from !== own && this.options.sources.some((s) => s.name === from))
      return {
        message: `came from the import ${from}`,
        fix: 'an event belongs to one import: remove it from one of the two calendars',
      };
    return undefined;
  }
}

function describeIssue(file: string, issue: IcsIssue): string {
  return formatIssue({ file, ...issue }).replace(/^\s+- /, '');
}
