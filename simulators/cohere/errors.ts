/**
 * Cohere's error answers: a flat JSON body `{id, message}` (no code, no type) with the HTTP status.
 * Messages are Cohere's documented examples (docs.cohere.com/reference/errors) where one exists; the ones
 * marked (U) are plausible stand-ins for statuses Cohere documents without an example message.
 */
import { randomUUID } from 'node:crypto';

export interface CohereErrorReply {
  status: number;
  body: string;
}

const DOCS = 'https://docs.cohere.com/reference/chat';

export function errorReply(status: number, message: string): CohereErrorReply {
  return { status, body: JSON.stringify({ id: randomUUID(), message }) };
}

export const missingKey = (): CohereErrorReply => errorReply(401, 'no api key supplied');
export const badKey = (): CohereErrorReply => errorReply(401, 'invalid api token');

export const modelNotFound = (model: string): CohereErrorReply =>
  errorReply(404, `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.`);

/** Cohere's answer to a field outside its schema (seen in real traffic for a tool's `strict`). */
export const unknownField = (name: string): CohereErrorReply =>
  errorReply(422, `unknown field: parameter '${name}' is not a valid field. For proper usage, please refer to ${DOCS}`);

export const invalidRequest = (detail: string): CohereErrorReply => errorReply(400, `invalid request: ${detail}`);

/** Default message per status. */
function messageFor(status: number, model: string): string {
  switch (status) {
    case 400: return 'invalid request: message must be at least 1 token long or tool results must be specified.';
    case 401: return 'invalid api token';
    case 402: return 'Please add or update your payment method at https://dashboard.cohere.com/billing?tab=payment to continue';
    case 403: return 'You do not have permission to access this resource.'; // (U)
    case 404: return `model '${model}' not found, make sure the correct model ID was used and that you have access to the model.`;
    case 422: return `unknown field: parameter 'foo' is not a valid field. For proper usage, please refer to ${DOCS}`;
    case 429: return 'You are past the per minute request limit, please wait and try again later.';
    case 498: return 'blocked input: the request contains a deny-listed token'; // (U) status described in the API reference, no example
    case 499: return 'request cancelled';
    case 500: return 'internal server error'; // (U)
    case 501: return 'not implemented'; // (U)
    case 503: return 'service unavailable'; // (U)
    case 504: return 'gateway timeout'; // (U)
    default: return `error ${status}`;
  }
}

/** `errorCode` flavours of the shared Fault type, as Cohere would answer them. */
const BY_CODE: Record<string, { status: number; message?: (model: string) => string }> = {
  invalid_api_key: { status: 401 },
  missing_api_key: { status: 401, message: () => 'no api key supplied' },
  insufficient_quota: { status: 402 },
  monthly_limit: {
    status: 429,
    message: () => "You are using a Trial key, which is limited to 1000 API calls / month. You can continue to use the Trial key for free or upgrade to a Production key with higher rate limits at 'https://dashboard.cohere.com/api-keys'.",
  },
  model_not_found: { status: 404 },
  rate_limit_exceeded: { status: 429 },
  overloaded: { status: 503 },
  server_error: { status: 500 },
  context_length_exceeded: {
    status: 400,
    message: () => 'too many tokens: total number of tokens in the prompt cannot exceed 4081 - received 4292. Try using a shorter prompt, or enabling prompt truncating. See https://docs.cohere.com/reference/generate for more details.',
  },
  request_too_large: { status: 400, message: () => "too many tokens: size limit exceeded by 11326 tokens. Try using shorter or fewer inputs, or setting prompt_truncation='AUTO'." },
  permission_denied: { status: 403 },
  timeout: { status: 504 },
  bad_gateway: { status: 502, message: () => 'upstream connect error or disconnect/reset before headers' }, // (U) the proxy in front
  invalid_request: { status: 400 },
  blocked_token: { status: 498 },
  cancelled: { status: 499 },
};

/** The reply for a `status` / `errorCode` fault. */
export function faultReply(status: number | undefined, errorCode: string | undefined, model: string): CohereErrorReply {
  const flavour = errorCode ? BY_CODE[errorCode] : undefined;
  const finalStatus = status ?? flavour?.status ?? 500;
  const message = flavour?.message && (status === undefined || status === flavour.status) ? flavour.message(model) : messageFor(finalStatus, model);
  return errorReply(finalStatus, message);
}
