/**
 * The only source of "now" and of timers. Production uses the system clock;
 * tests use FakeClock; rehearsals use a virtual clock that runs faster than real time.
 */
export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}
export interface TimerHandle {
  readonly id: number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    return { id: Number(t[Symbol.toPrimitive]()) };
  },
  clearTimer(handle) {
    clearTimeout(handle.id);
  },
};

/** A rehearsal's clock: it stands still at its origin until `run()`, then runs `speed` times real time. */
export interface VirtualClock extends Clock {
  /** Starts the clock; timers set while it stood still count from now. Later calls do nothing. */
  run(): void;
}

/**
 * A clock whose time starts at `origin` and runs `speed` times faster than real time.
 * Used by `herald start --rehearse`: the real scheduler runs against it. With `held`, it
 * stands still until `run()`: a start-up that takes 150 ms would otherwise cost the
 * rehearsal 18 virtual minutes at 7200× (a 09:00 digest missed by a start at 08:55).
 */
export function virtualClock(
  origin: number,
  speed: number,
  real: Clock = systemClock,
  opts: { readonly held?: boolean } = {},
): VirtualClock {
  let realStart: number | undefined = opts.held ? undefined : real.now();
  let nextId = 1;
  /** Timers set while the clock stood still: armed by `run()`. */
  const waiting = new Map<number, { readonly fn: () => void; readonly ms: number }>();
  const armed = new Map<number, TimerHandle>();
  const arm = (id: number, fn: () => void, ms: number) => {
    armed.set(
      id,
      real.setTimer(() => {
        armed.delete(id);
        fn();
      }, Math.max(0, ms) / speed),
    );
  };
  return {
    now: () => (realStart === undefined ? origin : origin + (real.now() - realStart) * speed),
    setTimer(fn, ms) {
      const id = nextId++;
      if (realStart === undefined) waiting.set(id, { fn, ms });
      else arm(id, fn, ms);
      return { id };
    },
    clearTimer(handle) {
      waiting.delete(handle.id);
      const timer = armed.get(handle.id);
      if (timer) real.clearTimer(timer);
      armed.delete(handle.id);
    },
    run() {
      if (realStart !== undefined) return;
      realStart = real.now();
      for (const [id, { fn, ms }] of waiting) arm(id, fn, ms);
      waiting.clear();
    },
  };
}
