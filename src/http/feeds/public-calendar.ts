import type { CalendarChange } from '../../calendar/changes.js';
import type { EventStore } from '../../calendar/stores.js';
import { bySoonest } from '../../calendar/upcoming.js';
import type { Clock } from '../../core/clock.js';
import { type LaunchEvent, OPERATORS, ownerOf } from '../../core/types.js';

/**
 * Whether anyone may see a launch on the web: the operators' launches and those an operator made
 * public; never a community's own (docs/tenancy.md), never one the config removed.
 */
export function isPublic(event: LaunchEvent): boolean {
  return event.removed !== true && (ownerOf(event) === OPERATORS || event.public === true);
}

/** The public launches as the web serves them at one version of the calendar. */
export interface PublicSnapshot {
  /** Grows by one each time what is public changed; rendered artifacts are keyed by it. */
  readonly version: number;
  /** Soonest first. */
  readonly events: readonly LaunchEvent[];
  readonly byId: ReadonlyMap<string, LaunchEvent>;
  /** Tags of the public launches. */
  readonly tags: ReadonlySet<string>;
  /** When each launch last changed, as far as this process saw (ms; its first read at start-up). */
  readonly modified: ReadonlyMap<string, number>;
  /** When what is public last changed (a launch added, edited or gone). */
  readonly changedAt: number;
}

export interface PublicCalendarOptions {
  readonly events: Pick<EventStore, 'list'>;
  readonly clock: Clock;
  /**
   * Longest a snapshot is trusted without a change announced (default 60 s): another process
   * (`herald events add`, another instance on the same database) writes without telling this one.
   */
  readonly maxAgeMs?: number;
}

/**
 * The cache the web serves from: the public launches, read from the store once, then again only
 * on the next request after a calendar change (`invalidate`, wired to `CalendarService.listen`)
 * or after `maxAgeMs`. Never a query per request. Concurrent requests share one read.
 */
export class PublicCalendar {
  private wanted = 0;
  private snapshot: PublicSnapshot | undefined;
  private builtFor = -1;
  private builtAt = 0;
  private loading: Promise<PublicSnapshot> | undefined;
  private texts = new Map<string, string>();
  private readonly maxAgeMs: number;

  constructor(private readonly opts: PublicCalendarOptions) {
    this.maxAgeMs = opts.maxAgeMs ?? 60_000;
  }

  /** The calendar changed: the next request reads it again. */
  invalidate(): void {
    this.wanted++;
  }

  /** For `CalendarService.listen`: every change invalidates (cheap; the read is lazy). */
  readonly onChange = (_change: CalendarChange): void => this.invalidate();

  async current(): Promise<PublicSnapshot> {
    const now = this.opts.clock.now();
    const fresh = this.builtFor === this.wanted && now - this.builtAt < this.maxAgeMs && now >= this.builtAt;
    if (this.snapshot && fresh) return this.snapshot;
    if (!this.loading) {
      const wanted = this.wanted;
      this.loading = this.load(now, wanted).finally(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async load(now: number, wanted: number): Promise<PublicSnapshot> {
    const events = (await this.opts.events.list()).filter(isPublic).sort(bySoonest);
    const previous = this.snapshot;
    const texts = new Map<string, string>();
    const modified = new Map<string, number>();
    let changed = previous === undefined || previous.events.length !== events.length;
    for (const event of events) {
      const text = JSON.stringify(event);
      texts.set(event.id, text);
      const same = this.texts.get(event.id) === text;
      if (!same) changed = true;
      modified.set(event.id, same ? (previous?.modified.get(event.id) ?? now) : now);
    }
    this.texts = texts;
    this.builtFor = wanted;
    this.builtAt = now;
    if (previous && !changed) return previous;
    const tags = new Set<string>();
    for (const event of events) for (const tag of event.tags) tags.add(tag);
    this.snapshot = {
      version: (previous?.version ?? 0) + 1,
      events,
      byId: new Map(events.map((e) => [e.id, e])),
      tags,
      modified,
      changedAt: now,
    };
    return this.snapshot;
  }
}
