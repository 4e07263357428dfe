import type { ErrorClass } from '../errors/error-class.js';

/** The state of one breaker (a provider, or a provider+model), as a store keeps it. Plain data, so any store can hold it. */
export interface BreakerState {
  state: 'closed' | 'open' | 'half_open';
  /** While open: no traffic before this time (ms since epoch). */
  openUntil: number;
  /** How many times it opened in a row without a success between: the cool-down grows with it. */
  opens: number;
  /** Transient failures in a row. */
  consecutiveFailures: number;
  /** Failure-rate window. */
  windowStart: number;
  windowTotal: number;
  windowFailures: number;
  /** While half-open: when the single probe was let through (0 = none yet). */
  probeStartedAt: number;
  /** What opened it, for operators and `route --explain`. */
  reason?: ErrorClass;
  lastStatus?: number;
  lastMessage?: string;
  lastFailureAt?: number;
  lastSuccessAt?: number;
}

export function closedState(now: number): BreakerState {
  return {
    state: 'closed', openUntil: 0, opens: 0, consecutiveFailures: 0,
    windowStart: now, windowTotal: 0, windowFailures: 0, probeStartedAt: 0,
  };
}
