import type { BudgetPeriod } from '../client-key.js';
import { gcra, gcraRemaining, MINUTE_MS, slidingWindow, windowIndex, windowUsed, type GcraResult, type WindowResult } from './algorithms.js';
import { NANO, periodOf } from './budget-period.js';

/** A key's limits, as the limiter needs them. */
export interface LimitSpec {
  keyId: string;
  keyName: string;
  rpm: number | null;
  tpm: number | null;
  budgetNano: number | null;
  period: BudgetPeriod;
}

/** The stored state a decision was made on (what the Redis script returns, or the process's own maps). */
export interface LimitState {
  /** Which check refused: none, requests, tokens, budget. */
  refused: 'rpm' | 'tpm' | 'budget' | null;
  tat: number;
  tokensCurrent: number;
  tokensPrevious: number;
  spentNano: number;
}

/**
 * A decision and its headers. Granted: a flat `[name, value, …]` list, added to the answer as it is (the hot path:
 * no object to build and walk); refused: a record, carried by the 429.
 */
export type Verdict =
  | { ok: true; headers: string[] }
  | { ok: false; reason: 'rpm' | 'tpm' | 'budget'; message: string; retryAfterMs: number | null; headers: Record<string, string> };

/** GCRA's burst: a key may send its whole minute's requests at once (then one every 60 s / rpm). */
export function burstOf(rpm: number): number {
  return rpm;
}

/**
 * The answer for a decision, with OpenAI's rate-limit headers. The numbers come from the same algorithm
 * functions both stores run, on the state the decision was made on.
 */
export function verdictOf(spec: LimitSpec, state: LimitState, now: number): Verdict {
  if (state.refused === null) return { ok: true, headers: grantedHeaders(spec, state.tat, state.tokensCurrent, state.tokensPrevious, now) };
  const headers: Record<string, string> = {};
  let rpm: GcraResult | undefined;
  let tpm: WindowResult | undefined;
  if (spec.rpm !== null) {
    rpm = gcra(state.tat, now, spec.rpm, burstOf(spec.rpm));
    headers['x-ratelimit-limit-requests'] = String(spec.rpm);
    headers['x-ratelimit-remaining-requests'] = String(rpm.remaining);
    headers['x-ratelimit-reset-requests'] = duration(rpm.resetMs);
  }
  if (spec.tpm !== null) {
    tpm = slidingWindow({ current: state.tokensCurrent, previous: state.tokensPrevious }, now, spec.tpm);
    headers['x-ratelimit-limit-tokens'] = String(spec.tpm);
    headers['x-ratelimit-remaining-tokens'] = String(tpm.remaining);
    headers['x-ratelimit-reset-tokens'] = duration(tpm.resetMs);
  }
  if (state.refused === 'budget') {
    const span = periodOf(spec.period, now);
    const budget = (spec.budgetNano ?? 0) / NANO;
    const spent = state.spentNano / NANO;
    const when = span.end === null ? 'This budget does not reset; an operator can raise it (wai keys update).' : `It resets at ${new Date(span.end).toISOString()}.`;
    const retryAfterMs = span.end === null ? null : span.end - now;
    if (retryAfterMs !== null) headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    return {
      ok: false, reason: 'budget', retryAfterMs, headers,
      message: `This API key's ${spec.period === 'total' ? 'total' : `${spec.period === 'day' ? 'daily' : 'monthly'}`} budget of ${usd(budget)} is spent (${usd(spent)} used). ${when}`,
    };
  }
  const waitMs = state.refused === 'rpm' ? rpm!.retryAfterMs : tpm!.retryAfterMs;
  headers['retry-after'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
  headers['retry-after-ms'] = String(Math.ceil(waitMs));
  const what = state.refused === 'rpm' ? `requests per minute (limit ${spec.rpm})` : `tokens per minute (limit ${spec.tpm}, used ${Math.ceil(tpm!.used)})`;
  return { ok: false, reason: state.refused, retryAfterMs: waitMs, headers, message: `Rate limit reached for ${what} on API key "${spec.keyName}". Please try again in ${duration(waitMs)}.` };
}

/**
 * The headers of a request let in on a state (its TAT before this request, its token windows): the numbers
 * verdictOf's gcra() and slidingWindow() give, worked out without their result objects (every granted request
 * of a key with limits builds this list).
 */
export function grantedHeaders(spec: LimitSpec, tat: number, tokensCurrent: number, tokensPrevious: number, now: number): string[] {
  const list: string[] = [];
  if (spec.rpm !== null) {
    // As gcra(): let in, the TAT moves one interval on from max(tat, now); else (a TAT read back rounded) nothing is left.
    const remaining = gcraRemaining(tat, now, spec.rpm, burstOf(spec.rpm));
    const start = Math.max(tat, now);
    list.push(
      'x-ratelimit-limit-requests', String(spec.rpm),
      'x-ratelimit-remaining-requests', remaining >= 0 ? String(remaining) : '0',
      'x-ratelimit-reset-requests', duration(remaining >= 0 ? start + MINUTE_MS / spec.rpm - now : start - now),
    );
  }
  if (spec.tpm !== null) {
    const used = windowUsed(tokensCurrent, tokensPrevious, now);
    const left = MINUTE_MS - (now - windowIndex(now) * MINUTE_MS);
    const resetMs = tokensCurrent > 0 ? left + MINUTE_MS : tokensPrevious > 0 ? left : 0;
    list.push(
      'x-ratelimit-limit-tokens', String(spec.tpm),
      'x-ratelimit-remaining-tokens', String(Math.max(0, Math.floor(spec.tpm - used))),
      'x-ratelimit-reset-tokens', duration(resetMs),
    );
  }
  return list;
}

/** Dollars to the cent, or to three significant digits below a cent (budgets for tests and trials are tiny). */
export function usd(value: number): string {
  return value >= 0.01 || value === 0 ? `$${value.toFixed(2)}` : `$${Number(value.toPrecision(3))}`;
}

/** `0ms` to `1000ms` (what 999.x ms rounds up to), written once: most reset times of a busy key are under a second. */
const MILLISECONDS = Array.from({ length: 1001 }, (_, ms) => `${ms}ms`);

/** OpenAI's way of writing the reset times: `20ms`, `12s`, `1m30s`. */
export function duration(ms: number): string {
  if (ms < 1000) return MILLISECONDS[Math.max(0, Math.ceil(ms))]!;
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes}m${seconds % 60}s` : `${seconds}s`;
}
