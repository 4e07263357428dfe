import { ProviderError } from '../errors/provider-error.js';

/** Which of the request's time limits the client set itself, shorter than the gateway's own. */
export interface ClientLimits {
  attempt: boolean;
  deadline: boolean;
}

const NONE: ClientLimits = Object.freeze({ attempt: false, deadline: false });

/** The limits of a request: the client's own where it asked for less time than the configuration gives. */
export function clientLimits(asked: { timeoutMs?: number | undefined; deadlineMs?: number | undefined }, configured: { attemptMs: number; deadlineMs: number }): ClientLimits {
  // The usual request sets neither: one shared answer.
  if (asked.timeoutMs === undefined && asked.deadlineMs === undefined) return NONE;
  return {
    attempt: asked.timeoutMs !== undefined && asked.timeoutMs < configured.attemptMs,
    deadline: asked.deadlineMs !== undefined && asked.deadlineMs < configured.deadlineMs,
  };
}

/**
 * An attempt cut by a limit the client chose is the client's outcome, not the provider's failure: it becomes a
 * `client_timeout`, which no breaker counts and no retry repeats. A provider slower than the gateway's own
 * limits is still blamed.
 */
export function blameClientLimit(error: ProviderError, limits: ClientLimits): ProviderError {
  const cutByClient = (error.code === 'attempt_timeout' && limits.attempt) || (error.code === 'deadline_exceeded' && limits.deadline);
  if (!cutByClient) return error;
  return new ProviderError({
    errorClass: error.errorClass,
    provider: error.provider,
    model: error.model,
    code: 'client_timeout',
    message: `${error.message} (the time limit the caller set)`,
    cause: error,
  });
}
