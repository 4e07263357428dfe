import type { RetryPolicy } from '../config/config.js';
import type { ProviderError } from '../errors/provider-error.js';

/**
 * How long to wait before retrying the same target, or undefined to move on.
 * Only transient failures are retried; a rate limit never is (the next level gets the request at once,
 * and no burst follows it). A provider's own short Retry-After is honoured; a long one means move on.
 */
export function retryDelay(error: ProviderError, retriesSoFar: number, policy: RetryPolicy, random: () => number, remainingMs: number): number | undefined {
  if (error.errorClass !== 'transient' || retriesSoFar >= policy.maxRetries) return undefined;
  // A caller-side abort, our own deadline, our own queue or our own answer budget is not the provider's fault and
  // not worth a retry.
  if (error.code === 'aborted' || error.code === 'deadline_exceeded' || error.code === 'connection_wait_timeout' || error.code === 'answer_budget_full') return undefined;
  // The caller's own limit would cut the retry just the same.
  if (error.code === 'client_timeout') return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retriesSoFar);
  const delay = error.retryAfterMs !== undefined ? error.retryAfterMs : Math.floor(random() * ceiling);
  if (delay > policy.maxDelayMs || delay >= remainingMs) return undefined;
  return delay;
}
