/**
 * Failures on /v1/messages in Anthropic's error shape, `{"type":"error","error":{"type","message"},"request_id"}`,
 * with the status Anthropic uses for each type (docs.claude.com/en/api/errors, read 2026-05), so the Anthropic SDK
 * raises the matching class (BadRequestError, NotFoundError, RateLimitError, InternalServerError …).
 * WAI's own account of the attempts travels under `error.wai`.
 */
import { GatewayError, type OpenAIErrorBody } from '../../errors/gateway-error.js';

export interface MessagesErrorBody {
  type: 'error';
  error: { type: string; message: string; [extra: string]: unknown };
  request_id: string;
}

function typeOfStatus(status: number): string {
  switch (status) {
    case 400: case 422: return 'invalid_request_error';
    case 401: return 'authentication_error';
    case 402: return 'billing_error';
    case 403: return 'permission_error';
    case 404: return 'not_found_error';
    case 409: return 'conflict_error';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit_error';
    case 504: return 'timeout_error';
    case 529: return 'overloaded_error';
    default: return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

/** Any failure as Anthropic's error: its status, headers and body. Unknown errors are a 500 without internals. */
export function toMessagesError(error: unknown, requestId: string): { status: number; headers: Record<string, string>; body: MessagesErrorBody } {
  const known = GatewayError.is(error)
    ? error
    : new GatewayError(500, 'The gateway failed unexpectedly; the request id identifies it in the log.', { type: 'server_error', code: 'internal_error' });
  return { status: known.status, headers: { ...known.headers }, body: fromOpenAIBody(known.toBody(), known.status, requestId) };
}

/** An OpenAI-format error body (a stream that broke late) in Anthropic's shape. */
export function fromOpenAIBody(body: OpenAIErrorBody, status: number, requestId: string): MessagesErrorBody {
  const { message, type: _type, param: _param, code, ...details } = body.error;
  const wai = code || Object.keys(details).length ? { code, ...details } : undefined;
  return { type: 'error', error: { type: typeOfStatus(status), message, ...(wai ? { wai } : {}) }, request_id: requestId };
}
