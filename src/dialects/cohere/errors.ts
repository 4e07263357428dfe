import type { IncomingHttpHeaders } from 'node:http';
import type { FailureContext } from '../types.js';
import type { ErrorClass } from '../../errors/error-class.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyHttpError } from '../../errors/classify.js';

/** Cohere's trial keys answer 429 when their monthly allowance is spent: that is a quota, not a rate limit. */
const MONTHLY_LIMIT = /calls\s*\/\s*month|per month|monthly/i;

/**
 * Classifies a non-2xx Cohere answer. The body is `{id, message}` with no error code, so the status decides,
 * with the shared classifier reading the message for context-length ("too many tokens: …") and quota hints.
 * Cohere-specific statuses:
 * - 498: Cohere's API reference describes it as "a request or response contains a deny-listed token" (the
 *   SDK names it InvalidTokenError, but the token is a text token, not the API key). It says nothing about the
 *   key, so it is `invalid_request` (try the next level once), not `auth` (which would bench a working key).
 * - 499: "the request was cancelled by the user". The gateway did not cancel it, so something on the way
 *   did: transient, worth retrying.
 * - 429 saying "… API calls / month": the trial key's monthly allowance is gone → quota.
 * 401 and 403 (auth), 402 (quota: billing limit), 404 (model not found or no access), 400/422
 * (invalid_request), 501 (unsupported) and 500/503/504 (transient) are the shared classifier's defaults.
 */
export function classifyCohereError(status: number, headers: IncomingHttpHeaders, body: string, ctx: FailureContext): ProviderError {
  const error = classifyHttpError(status, headers, body, ctx.provider.id, ctx.upstreamModel, ctx.clock.now());
  if (status === 498) return reclassify(error, 'invalid_request', 'blocked_token');
  if (status === 499) return reclassify(error, 'transient', 'request_cancelled');
  if (status === 429 && MONTHLY_LIMIT.test(error.message)) return reclassify(error, 'quota', 'monthly_limit');
  return error;
}

function reclassify(error: ProviderError, errorClass: ErrorClass, code: string): ProviderError {
  return new ProviderError({
    errorClass,
    provider: error.provider,
    model: error.model,
    status: error.status,
    code: error.code ?? code,
    message: error.message,
    retryAfterMs: error.retryAfterMs,
    upstreamBody: error.upstreamBody,
  });
}
