/**
 * Llama API error bodies. (U) Meta documents the statuses but not the body; the simulator answers
 * `{error:{message, type, code}}` with the status's usual meaning, as the OpenAI-compatible simulator does
 * for the compat endpoint. Rate limits carry `retry-after`.
 */
export interface LlamaErrorReply { status: number; headers: Record<string, string>; body: string }

const FLAVOUR_BY_STATUS: Record<number, string> = {
  400: 'invalid_request', 401: 'invalid_api_key', 402: 'insufficient_quota', 403: 'permission_denied', 404: 'model_not_found',
  408: 'timeout', 413: 'request_too_large', 422: 'invalid_request', 429: 'rate_limit_exceeded', 500: 'server_error', 503: 'overloaded',
};

const SEM: Record<string, { status: number; message: (model: string) => string; type: string }> = {
  invalid_api_key: { status: 401, type: 'authentication_error', message: () => 'Invalid API key provided.' },
  missing_api_key: { status: 401, type: 'authentication_error', message: () => 'Missing bearer token in the Authorization header.' },
  insufficient_quota: { status: 402, type: 'insufficient_quota', message: () => 'Your team has exceeded its credit balance; add credits to continue.' },
  permission_denied: { status: 403, type: 'permission_error', message: (m) => `Your team does not have access to ${m}.` },
  model_not_found: { status: 404, type: 'not_found_error', message: (m) => `Model not found: ${m}` },
  rate_limit_exceeded: { status: 429, type: 'rate_limit_error', message: () => 'Rate limit exceeded: too many requests. Please retry after 1 second.' },
  context_length_exceeded: { status: 400, type: 'invalid_request_error', message: () => 'The input is too long: the prompt exceeds the maximum context length of 128000 tokens.' },
  timeout: { status: 408, type: 'timeout_error', message: () => 'Request timed out.' },
  request_too_large: { status: 413, type: 'invalid_request_error', message: () => 'Request too large.' },
  overloaded: { status: 503, type: 'server_error', message: () => 'The model is overloaded. Please try again later.' },
  server_error: { status: 500, type: 'server_error', message: () => 'Internal server error.' },
  invalid_request: { status: 400, type: 'invalid_request_error', message: () => 'Invalid request.' },
};

export function llamaError(status: number | undefined, flavour: string | undefined, model: string, message?: string): LlamaErrorReply {
  const kind = flavour ?? FLAVOUR_BY_STATUS[status ?? 500] ?? ((status ?? 500) >= 500 ? 'server_error' : 'invalid_request');
  const sem = SEM[kind] ?? SEM.invalid_request!;
  const finalStatus = status ?? sem.status;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (finalStatus === 429) headers['retry-after'] = '1';
  return { status: finalStatus, headers, body: JSON.stringify({ error: { message: message ?? sem.message(model), type: sem.type, code: kind } }) };
}
