/**
 * Anthropic's error replies: `{"type":"error","error":{"type","message"[,"details"]},"request_id"}` with a
 * `request-id` header, and on a 429 `retry-after` plus the `anthropic-ratelimit-*` headers.
 * Statuses and types from docs.claude.com/en/api/errors; messages marked (U) in README.md are unconfirmed wording.
 */

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Sem { status: number; type: string; message: string; details?: Record<string, unknown> }

const CREDIT = 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.';

/** Flavour (the `errorCode` of a fault) -> the reply Anthropic gives for it. */
function semantics(flavour: string, model: string, message?: string): Sem {
  switch (flavour) {
    case 'invalid_api_key': return { status: 401, type: 'authentication_error', message: 'invalid x-api-key' };
    case 'missing_api_key': return { status: 401, type: 'authentication_error', message: 'x-api-key header is required' };
    // A low credit balance is a 400, not a 402: the message is the only sign (seen in many public reports).
    case 'insufficient_quota':
    case 'credit_balance': return { status: 400, type: 'invalid_request_error', message: CREDIT };
    case 'billing_error': return { status: 402, type: 'billing_error', message: 'Your organization has a billing issue. Please visit Plans & Billing in the Console.' };
    case 'spend_limit': return {
      status: 429, type: 'rate_limit_error',
      message: "You have reached your organization's monthly usage limit for this API tier. Access resumes at the start of next month.",
      details: { error_code: 'enforced_spend_limit_reached' },
    };
    case 'rate_limit_exceeded': return {
      status: 429, type: 'rate_limit_error',
      message: 'This request would exceed the rate limit for your organization (sim-org) of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later.',
    };
    case 'model_not_found': return { status: 404, type: 'not_found_error', message: `model: ${model}` };
    case 'permission_denied': return { status: 403, type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' };
    case 'request_too_large': return { status: 413, type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' };
    case 'context_length_exceeded': return { status: 400, type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' };
    case 'overloaded': return { status: 529, type: 'overloaded_error', message: 'Overloaded' };
    case 'timeout': return { status: 504, type: 'timeout_error', message: 'Request timeout' };
    case 'server_error': return { status: 500, type: 'api_error', message: 'Internal server error' };
    default: return { status: 400, type: 'invalid_request_error', message: message ?? 'Invalid request.' };
  }
}

function flavourOf(status: number): string {
  switch (status) {
    case 401: return 'invalid_api_key';
    case 402: return 'billing_error';
    case 403: return 'permission_denied';
    case 404: return 'model_not_found';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_exceeded';
    case 504: return 'timeout';
    case 529: return 'overloaded';
    default: return status >= 500 ? 'server_error' : 'invalid_request';
  }
}

let requestCounter = 0;
/** `req_011C…` ids, as Anthropic's look. */
export function requestId(): string {
  requestCounter = (requestCounter + 1) % 1e9;
  return `req_011CSim${requestCounter.toString(36).padStart(15, '0')}`;
}

/** The rate-limit headers of a 429 (resets are RFC 3339 times, as Anthropic sends them). */
export function rateLimitHeaders(withRetryAfter: boolean): Record<string, string> {
  const reset = new Date(Date.now() + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    ...(withRetryAfter ? { 'retry-after': '1' } : {}),
    'anthropic-ratelimit-requests-limit': '50',
    'anthropic-ratelimit-requests-remaining': '0',
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': '30000',
    'anthropic-ratelimit-input-tokens-remaining': '0',
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': '8000',
    'anthropic-ratelimit-output-tokens-remaining': '8000',
    'anthropic-ratelimit-output-tokens-reset': reset,
    'anthropic-ratelimit-tokens-limit': '38000',
    'anthropic-ratelimit-tokens-remaining': '0',
    'anthropic-ratelimit-tokens-reset': reset,
  };
}

/** The body of an error, whole or as the data of an in-stream `event: error`. */
export function errorBody(type: string, message: string, details?: Record<string, unknown>, id?: string): string {
  return JSON.stringify({ type: 'error', error: { type, message, ...(details ? { details } : {}) }, ...(id ? { request_id: id } : {}) });
}

/** The reply for a status and/or flavour. With only a flavour, the status is Anthropic's usual one for it. */
export function errorReply(status: number | undefined, flavour: string | undefined, model: string, message?: string): Reply {
  const sem = semantics(flavour ?? flavourOf(status ?? 500), model, message);
  const st = status ?? sem.status;
  const id = requestId();
  // The spend-limit 429 does not clear by waiting, so it carries no retry-after.
  const headers: Record<string, string> = st === 429 ? rateLimitHeaders(sem.details === undefined) : {};
  headers['content-type'] = 'application/json';
  headers['request-id'] = id;
  return { status: st, headers, body: errorBody(sem.type, sem.message, sem.details, id) };
}

export const badRequest = (message: string, model: string): Reply => errorReply(400, 'invalid_request', model, message);

/** The error type a stream error carries for a fault's numeric code (overloaded by default, as most often seen). */
export function streamErrorType(code: number | undefined): string {
  if (code === 429) return 'rate_limit_error';
  if (code === 500) return 'api_error';
  if (code === 401) return 'authentication_error';
  if (code === 400) return 'invalid_request_error';
  return 'overloaded_error';
}
