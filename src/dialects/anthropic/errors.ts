/**
 * Anthropic failures, whole (`{type:"error", error:{type, message, details?}, request_id}` with an HTTP status)
 * or inside a 200 stream (`event: error` with the same body), classified into the error classes of docs/architecture.md.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptContext } from '../types.js';
import type { ErrorClass } from '../../errors/error-class.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyHttpError, readUpstreamError } from '../../errors/classify.js';

/** The HTTP status each error type comes with (docs.claude.com/en/api/errors); used for errors inside a stream. */
const STATUS_OF_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  conflict_error: 409,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * Out of money, in Anthropic's words. A low credit balance is a 400 `invalid_request_error` ("Your credit balance
 * is too low to access the Anthropic API"), a workspace spend limit is a 400 too, and the monthly tier limit is a
 * 429 whose `error.details.error_code` is `enforced_spend_limit_reached`: none clears by waiting a few seconds.
 */
const OUT_OF_FUNDS = /credit balance|spend(?:ing)?[_ ]limit|billing/i;

export function classifyAnthropicError(status: number, headers: IncomingHttpHeaders, body: string, ctx: AttemptContext): ProviderError {
  const base = classifyHttpError(status, headers, body, ctx.provider.id, ctx.upstreamModel, ctx.clock.now());
  const info = readUpstreamError(body);
  const errorClass = refine(base.errorClass, status, info.type, `${info.code ?? ''} ${info.message}`);
  if (errorClass === base.errorClass) return base;
  return new ProviderError({
    errorClass,
    provider: base.provider,
    model: base.model,
    message: base.message,
    ...(base.status !== undefined ? { status: base.status } : {}),
    ...(base.code !== undefined ? { code: base.code } : {}),
    ...(base.retryAfterMs !== undefined ? { retryAfterMs: base.retryAfterMs } : {}),
    upstreamBody: base.upstreamBody,
  });
}

function refine(generic: ErrorClass, status: number, type: string | undefined, signal: string): ErrorClass {
  if (type === 'billing_error') return 'quota';
  if (type === 'overloaded_error') return 'transient';
  // Bytes over the 32 MB request cap, not tokens over the model's window; other providers' caps differ.
  if (type === 'request_too_large') return 'invalid_request';
  if ((status === 400 || status === 429) && OUT_OF_FUNDS.test(signal)) return 'quota';
  return generic;
}

/**
 * An `event: error` inside a 200 stream. It is classified as the HTTP error of the same type would be
 * (overloaded_error as a 529, rate_limit_error as a 429 …), and carries that status so the caller learns it.
 */
export function streamEventError(payload: unknown, ctx: AttemptContext): ProviderError {
  const text = JSON.stringify(payload);
  const type = readUpstreamError(text).type;
  const status = (type !== undefined ? STATUS_OF_TYPE[type] : undefined) ?? 500;
  return classifyAnthropicError(status, {}, text, ctx);
}
