import type { ProviderError } from '../errors/provider-error.js';
import type { BreakerState } from './breaker-state.js';
import { closedState } from './breaker-state.js';
import type { HealthPolicy } from './health-policy.js';

/**
 * Pure breaker transitions: each takes a state and the time and returns the next state.
 * No clock, no store: the health tracker supplies both, so tests are exact.
 */

/** Whether a request may go now, without claiming anything. */
export function peek(state: BreakerState | undefined, now: number, policy: HealthPolicy): 'closed' | 'open' | 'probe' {
  if (!state || state.state === 'closed') return 'closed';
  if (state.state === 'open') return now < state.openUntil ? 'open' : 'probe';
  // half-open: one probe at a time; a probe that never reported back is given up on.
  return state.probeStartedAt && now - state.probeStartedAt < policy.probeTimeoutMs ? 'open' : 'probe';
}

/** Claims the right to send: always granted when closed; once per cool-down when open (the probe). */
export function acquire(state: BreakerState | undefined, now: number, policy: HealthPolicy): { allowed: boolean; next: BreakerState | undefined } {
  const verdict = peek(state, now, policy);
  if (verdict === 'closed') return { allowed: true, next: state };
  if (verdict === 'open') return { allowed: false, next: state };
  return { allowed: true, next: { ...state!, state: 'half_open', probeStartedAt: now } };
}

export function onSuccess(state: BreakerState | undefined, now: number, policy: HealthPolicy): BreakerState {
  const base = rollWindow(state ?? closedState(now), now, policy);
  return {
    ...base,
    state: 'closed', openUntil: 0, opens: 0, consecutiveFailures: 0, probeStartedAt: 0,
    windowTotal: base.windowTotal + 1, lastSuccessAt: now,
  };
}

/** Cool-down an error class asks for, before growth; undefined when the class does not open breakers. */
export function cooldownFor(error: ProviderError, policy: HealthPolicy): number | undefined {
  switch (error.errorClass) {
    case 'auth': return policy.authCooldownMs;
    case 'quota': return Math.max(policy.quotaCooldownMs, error.retryAfterMs ?? 0);
    case 'rate_limited': return error.retryAfterMs ?? policy.rateLimitCooldownMs;
    case 'model_unavailable': return policy.modelUnavailableCooldownMs;
    case 'unsupported': return policy.unsupportedCooldownMs;
    case 'transient': return policy.transientCooldownMs;
    default: return undefined;
  }
}

/** Records a failure; opens the breaker when the class or the count says so. */
export function onFailure(state: BreakerState | undefined, error: ProviderError, now: number, policy: HealthPolicy, message = error.message): BreakerState {
  const base = rollWindow(state ?? closedState(now), now, policy);
  const next: BreakerState = {
    ...base,
    windowTotal: base.windowTotal + 1,
    windowFailures: base.windowFailures + 1,
    consecutiveFailures: error.errorClass === 'transient' ? base.consecutiveFailures + 1 : base.consecutiveFailures,
    lastFailureAt: now,
    lastMessage: message,
    ...(error.status !== undefined ? { lastStatus: error.status } : {}),
  };
  const cooldown = cooldownFor(error, policy);
  if (cooldown === undefined) return next;
  const trips = error.errorClass !== 'transient'
    || base.state === 'half_open'
    || next.consecutiveFailures >= policy.consecutiveFailures
    || (next.windowTotal >= policy.minRequests && next.windowFailures / next.windowTotal >= policy.failureRate);
  if (!trips) return next;
  const opens = base.opens + 1;
  // Grows on repeated opens; never shorter than what the provider asked for, nor than a cool-down already running.
  const grown = error.errorClass === 'rate_limited' && error.retryAfterMs !== undefined
    ? cooldown
    // The cap limits growth only: a class whose base cool-down is longer (auth, quota) keeps its base.
    : Math.max(cooldown, Math.min(policy.maxCooldownMs, cooldown * 2 ** (opens - 1)));
  const until = Math.max(now + Math.max(grown, error.retryAfterMs ?? 0), base.state === 'open' ? base.openUntil : 0);
  return { ...next, state: 'open', openUntil: until, opens, probeStartedAt: 0, reason: error.errorClass };
}

function rollWindow(state: BreakerState, now: number, policy: HealthPolicy): BreakerState {
  if (now - state.windowStart < policy.windowMs) return state;
  return { ...state, windowStart: now, windowTotal: 0, windowFailures: 0 };
}
