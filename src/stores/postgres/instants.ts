/**
 * Instants are whole milliseconds in `bigint` columns, but callers may compute fractions (a
 * rate limiter spacing posts 1000/29.4 ms apart). Each is rounded the way that keeps the
 * answers of the SQLite store (which keeps the fraction): comparisons with whole numbers stay
 * exact, and a time something may happen at is never made earlier.
 */

/** A time something may happen at (a next try, a slot, a lease's end): rounded up. */
export function notBefore(ms: number): number {
  return Math.ceil(ms);
}

/** A time something happened (a send, a beat), or `x` in `column <= x` / `column > x`: rounded down. */
export function asOf(ms: number): number {
  return Math.floor(ms);
}

/** `x` in `column >= x` / `column < x`: rounded up. */
export function from(ms: number): number {
  return Math.ceil(ms);
}
