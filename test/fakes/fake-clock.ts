import type { Clock, TimerHandle } from '../../src/core/clock.js';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** A clock that moves only when the test says so; timers fire in order as it advances. */
export class FakeClock implements Clock {
  private current: number;
  private timers: Pending[] = [];
  private nextId = 1;

  /**
   * `quiet`: whether the store has no I/O under way (PostgreSQL: no statement in flight), for
   * a store whose calls are real I/O: timers fire only once the work before them has settled.
   */
  constructor(
    start: number | string,
    private readonly options: { readonly quiet?: () => boolean } = {},
  ) {
    this.current = typeof start === 'string' ? Date.parse(start) : start;
  }

  /** Lets pending work settle: promise chains, and the store's I/O when it tells (`quiet`). */
  private async settle(): Promise<void> {
    const quiet = this.options.quiet;
    await settle();
    if (!quiet) return;
    for (;;) {
      while (!quiet()) await new Promise<void>((resolve) => setTimeout(resolve, 0));
      await settle();
      if (quiet()) return;
    }
  }

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, at: this.current + Math.max(0, ms), fn });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Moves to `target`, firing each timer at its own instant and letting async work settle. */
  async advanceTo(target: number | string): Promise<void> {
    const end = typeof target === 'string' ? Date.parse(target) : target;
    for (;;) {
      await this.settle();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = Math.max(this.current, end);
    await this.settle();
  }

  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  /** Drops every timer without moving (the process was killed). */
  dropTimers(): void {
    this.timers = [];
  }

  /** Jumps without firing timers (the process was down). */
  jumpTo(target: number | string): void {
    this.current = typeof target === 'string' ? Date.parse(target) : target;
    this.timers = [];
  }
}

/** Lets pending promise chains (SQLite calls are synchronous underneath) run to completion. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
