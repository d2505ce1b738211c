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

/**
 * A clock whose time starts at `origin` and runs `speed` times faster than real time.
 * Used by `herald start --rehearse`: the real scheduler runs against it.
 */
export function virtualClock(origin: number, speed: number, real: Clock = systemClock): Clock {
  const realStart = real.now();
  return {
    now: () => origin + (real.now() - realStart) * speed,
    setTimer: (fn, ms) => real.setTimer(fn, Math.max(0, ms) / speed),
    clearTimer: (h) => real.clearTimer(h),
  };
}
