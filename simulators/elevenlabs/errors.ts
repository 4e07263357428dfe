/**
 * ElevenLabs' error bodies. Two shapes are live at once (both seen in 2025–26 traffic):
 *   current {detail:{type, code, message, status, request_id}}  (`status` mirrors the legacy name)
 *   legacy  {detail:{status, message}}                           (quota_exceeded, max_character_limit_exceeded …)
 * and FastAPI's validation array {detail:[{type, loc, msg, input}]} with 422.
 * Messages marked (U) in README.md are our wording, not captured text.
 */
export interface ElevenLabsErrorReply {
  status: number;
  body: string;
}

interface ErrorSpec {
  status: number;
  /** `type` and `code` of the current shape; absent for the legacy-only errors. */
  type?: string;
  code?: string;
  /** The `status` field (legacy name). */
  legacy: string;
  message: string;
}

/** Every error a fault's `errorCode` may name, with its real status. */
const ERRORS: Record<string, ErrorSpec> = {
  invalid_api_key: { status: 401, type: 'authentication_error', code: 'unauthorized', legacy: 'invalid_api_key', message: 'Invalid API key' },
  needs_authorization: {
    status: 401, type: 'authentication_error', code: 'unauthorized', legacy: 'needs_authorization',
    message: 'Neither authorization header nor xi-api-key received, please provide one.',
  },
  quota_exceeded: { status: 401, legacy: 'quota_exceeded', message: 'This request exceeds your quota of 10000. You have 12 credits remaining, while 64 credits are required for this request.' },
  insufficient_credits: { status: 402, type: 'payment_required', code: 'insufficient_credits', legacy: 'insufficient_credits', message: 'Your account does not have enough credits for this request.' },
  forbidden: { status: 403, type: 'authorization_error', code: 'forbidden', legacy: 'forbidden', message: 'This API key is not allowed to use this endpoint.' },
  subscription_required: { status: 403, type: 'authorization_error', code: 'subscription_required', legacy: 'subscription_required', message: 'This feature requires a paid subscription.' },
  max_character_limit_exceeded: { status: 400, legacy: 'max_character_limit_exceeded', message: "This request's text exceeds the character limit of the model." },
  voice_not_found: { status: 404, type: 'not_found', code: 'voice_not_found', legacy: 'voice_not_found', message: 'A voice with the requested voice_id was not found.' },
  model_not_found: { status: 404, type: 'not_found', code: 'model_not_found', legacy: 'model_not_found', message: 'A model with the requested model_id does not exist.' },
  invalid_output_format: { status: 400, type: 'validation_error', code: 'invalid_output_format', legacy: 'invalid_output_format', message: 'The requested output format is not supported by this endpoint.' },
  invalid_voice_settings: { status: 400, type: 'validation_error', code: 'invalid_voice_settings', legacy: 'invalid_voice_settings', message: 'Voice settings are out of range.' },
  empty_text: { status: 400, type: 'validation_error', code: 'empty_text', legacy: 'empty_text', message: 'The text is empty.' },
  invalid_parameters: { status: 400, type: 'invalid_request', code: 'invalid_parameters', legacy: 'invalid_parameters', message: 'Invalid parameters.' },
  too_many_concurrent_requests: { status: 429, legacy: 'too_many_concurrent_requests', message: 'Too many concurrent requests. Your current subscription allows 5 concurrent requests.' },
  concurrent_limit_exceeded: {
    status: 429, type: 'rate_limit_error', code: 'concurrent_limit_exceeded', legacy: 'too_many_concurrent_requests',
    message: 'Too many concurrent requests. Your current subscription allows 5 concurrent requests.',
  },
  rate_limit_exceeded: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', legacy: 'rate_limit_exceeded', message: 'Rate limit exceeded.' },
  system_busy: { status: 429, type: 'rate_limit_error', code: 'system_busy', legacy: 'system_busy', message: 'We are experiencing heavy traffic. Please try again later.' },
  internal_error: { status: 500, type: 'internal_error', code: 'internal_error', legacy: 'internal_error', message: 'An internal error occurred.' },
  service_unavailable: { status: 503, type: 'service_unavailable', code: 'service_unavailable', legacy: 'service_unavailable', message: 'The service is temporarily unavailable.' },
};

/** The error a bare status stands for. */
function codeFor(status: number): string {
  switch (status) {
    case 401: return 'invalid_api_key';
    case 402: return 'insufficient_credits';
    case 403: return 'forbidden';
    case 404: return 'model_not_found';
    case 429: return 'concurrent_limit_exceeded';
    case 500: return 'internal_error';
    default: return status > 500 ? 'service_unavailable' : 'invalid_parameters';
  }
}

/**
 * The reply for a fault or a refused request: `code` picks the error (its own status unless `status` is given),
 * a bare `status` picks the usual error for it; 422 is always the validation array.
 */
export function errorReply(status: number | undefined, code: string | undefined, requestId: string, message?: string): ElevenLabsErrorReply {
  if (status === 422) return validationError(['body', 'text'], 'missing', 'Field required');
  const spec = ERRORS[code ?? codeFor(status ?? 500)] ?? { ...ERRORS.invalid_parameters!, code, legacy: code ?? 'invalid_parameters' };
  const text = message ?? spec.message;
  const detail = spec.type
    ? { type: spec.type, code: spec.code, message: text, status: spec.legacy, request_id: requestId }
    : { status: spec.legacy, message: text };
  return { status: status ?? spec.status, body: JSON.stringify({ detail }) };
}

/** FastAPI's 422, checked before the key. */
export function validationError(loc: readonly (string | number)[], type: string, msg: string, input: unknown = null): ElevenLabsErrorReply {
  return { status: 422, body: JSON.stringify({ detail: [{ type, loc, msg, input }] }) };
}
