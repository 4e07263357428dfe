/**
 * The two rate algorithms, as plain functions of their state and the time, so that the per-process limiter
 * runs them directly and the Redis one runs the same steps in Lua (redis-scripts.ts); tests hold both to the
 * same answers.
 *
 * Requests per minute: GCRA (the generic cell rate algorithm, as in ATM networks and redis-cell). One request is
 * let through every `interval = 60 s / rpm`, with a burst tolerance of `burst` requests: at most `burst` at once,
 * and over any span of D ms at most `burst + D / interval` requests. The state is one number, the theoretical
 * arrival time (TAT), so an update is one atomic read-modify-write.
 *
 * Tokens per minute: the sliding window counter (as Cloudflare and others describe it). Tokens are counted in
 * fixed one-minute windows; the tokens "in the last minute" are the current window's plus the previous window's
 * weighted by how much of it still overlaps the last minute. A request is let in while that estimate is under
 * the limit; its tokens are known only at its end and are added then (a request in flight is not counted, so
 * concurrent requests can overshoot by what they use).
 */

export const MINUTE_MS = 60_000;

export interface GcraResult {
  ok: boolean;
  /** The new TAT to store (only when ok). */
  tat: number;
  remaining: number;
  /** ms until the next request would be let through (0 when ok). */
  retryAfterMs: number;
  /** ms until the bucket is back to its full burst. */
  resetMs: number;
}

/** One request against a TAT (ms; 0 when none is stored). */
export function gcra(storedTat: number, now: number, rpm: number, burst: number): GcraResult {
  const interval = MINUTE_MS / rpm;
  const start = Math.max(storedTat, now);
  const tat = start + interval;
  const allowAt = tat - burst * interval;
  if (now < allowAt) return { ok: false, tat: storedTat, remaining: 0, retryAfterMs: allowAt - now, resetMs: start - now };
  return { ok: true, tat, remaining: gcraRemaining(storedTat, now, rpm, burst), retryAfterMs: 0, resetMs: tat - now };
}

/**
 * gcra()'s `remaining` alone, for the hot path that only asks how much room is left (no result object): requests
 * still let in after this one, or a negative number when this one would not be.
 */
export function gcraRemaining(storedTat: number, now: number, rpm: number, burst: number): number {
  const interval = MINUTE_MS / rpm;
  return Math.floor((now - (Math.max(storedTat, now) + interval - burst * interval)) / interval);
}

export interface WindowCounts {
  /** Tokens in the current and the previous one-minute window. */
  current: number;
  previous: number;
}

export interface WindowResult {
  ok: boolean;
  used: number;
  remaining: number;
  retryAfterMs: number;
  /** ms until the estimate falls to zero (nothing counted any more). */
  resetMs: number;
}

/** The window a time falls in (its index: whole minutes since the epoch). */
export function windowIndex(now: number): number {
  return Math.floor(now / MINUTE_MS);
}

/** The tokens "in the last minute": the current window's and the overlapping share of the previous one's. */
export function windowUsed(current: number, previous: number, now: number): number {
  const left = MINUTE_MS - (now - windowIndex(now) * MINUTE_MS);
  return (previous * left) / MINUTE_MS + current;
}

/** Whether `limit` tokens a minute allows one more request now, given the two windows' counts. */
export function slidingWindow(counts: WindowCounts, now: number, limit: number): WindowResult {
  const elapsed = now - windowIndex(now) * MINUTE_MS;
  const left = MINUTE_MS - elapsed;
  const used = windowUsed(counts.current, counts.previous, now);
  const resetMs = counts.current > 0 ? left + MINUTE_MS : counts.previous > 0 ? left : 0;
  if (used < limit) return { ok: true, used, remaining: Math.floor(limit - used), retryAfterMs: 0, resetMs };
  // When does the estimate drop under the limit? In this window, as the previous one slides out…
  if (counts.current < limit && counts.previous > 0) {
    const t = ((used - limit) * MINUTE_MS) / counts.previous;
    if (t < left) return { ok: false, used, remaining: 0, retryAfterMs: Math.ceil(t) + 1, resetMs };
  }
  // …or in the next one, as this one slides out.
  const next = counts.current > limit ? MINUTE_MS * (1 - limit / counts.current) : 0;
  return { ok: false, used, remaining: 0, retryAfterMs: Math.ceil(left + next) + 1, resetMs };
}
