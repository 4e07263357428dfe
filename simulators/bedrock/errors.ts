/**
 * Bedrock's error answers: `{"message": ...}` with the exception name in `x-amzn-ErrorType`
 * (`<Name>:http://internal.amazon.com/coral/<namespace>/`), as the AWS SDK reads them.
 */
import { randomUUID } from 'node:crypto';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const BEDROCK_NS = 'http://internal.amazon.com/coral/com.amazon.bedrock/';
/** Authentication failures come from the shared AWS front end, under its own namespace. */
const CORAL_NS = 'http://internal.amazon.com/coral/com.amazon.coral.service/';
const AUTH_TYPES = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignatureException', 'MissingAuthenticationTokenException']);

export function awsError(status: number, type: string, message: string): Reply {
  const ns = AUTH_TYPES.has(type) ? CORAL_NS : BEDROCK_NS;
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), 'x-amzn-errortype': `${type}:${ns}` },
    body: JSON.stringify({ message }),
  };
}

/**
 * A rejected Bedrock API key: Bedrock answers 403 with `{"Message": ...}` (capital M, as reported by users).
 * Whether it also sends x-amzn-ErrorType is unconfirmed, so none is sent.
 */
export function badApiKey(): Reply {
  return {
    status: 403,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify({ Message: 'Authentication failed: Please make sure your API Key is valid.' }),
  };
}

export const validation = (message: string): Reply => awsError(400, 'ValidationException', message);

/** The exception a status maps to, with a message in AWS's words. */
const BY_STATUS: Record<number, [string, string]> = {
  400: ['ValidationException', 'Malformed input request, please reformat your input and try again.'],
  403: ['AccessDeniedException', 'You don\'t have access to the model with the specified model ID.'],
  404: ['ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.'],
  408: ['ModelTimeoutException', 'Model has timed out in processing the request. Try your request again.'],
  424: ['ModelErrorException', 'The system encountered an unexpected error during processing. Try your request again.'],
  429: ['ThrottlingException', 'Too many requests, please wait before trying again.'],
  500: ['InternalServerException', 'The server encountered an error processing your request. Try your request again.'],
  503: ['ServiceUnavailableException', 'Bedrock is unable to process your request.'],
};

/** `errorCode` flavours shared with the OpenAI-dialect simulator, in Bedrock's exceptions. */
const BY_CODE: Record<string, [number, string, string]> = {
  invalid_api_key: [403, 'UnrecognizedClientException', 'The security token included in the request is invalid.'],
  missing_api_key: [403, 'MissingAuthenticationTokenException', 'Missing Authentication Token'],
  permission_denied: [403, 'AccessDeniedException', 'You don\'t have access to the model with the specified model ID.'],
  insufficient_quota: [400, 'ServiceQuotaExceededException', 'Your request exceeds the service quota for your account. You can view your quotas at Viewing service quotas. You can resubmit your request later.'],
  model_not_found: [400, 'ValidationException', 'The provided model identifier is invalid.'],
  rate_limit_exceeded: [429, 'ThrottlingException', 'Too many tokens, please wait before trying again.'],
  overloaded: [503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.'],
  server_error: [500, 'InternalServerException', 'The server encountered an error processing your request. Try your request again.'],
  context_length_exceeded: [400, 'ValidationException', 'Input is too long for requested model.'],
  timeout: [408, 'ModelTimeoutException', 'Model has timed out in processing the request. Try your request again.'],
  bad_gateway: [424, 'ModelErrorException', 'The model returned an error. Try your request again.'],
  request_too_large: [400, 'ValidationException', 'Input is too long for requested model.'],
  invalid_request: [400, 'ValidationException', 'Malformed input request, please reformat your input and try again.'],
  model_not_ready: [429, 'ModelNotReadyException', 'The model is not ready to serve inference requests. Try your request again.'],
};

/** The error for a `status` / `errorCode` fault. An explicit status wins over the flavour's own. */
export function faultError(status: number | undefined, errorCode: string | undefined): Reply {
  const flavour = errorCode ? BY_CODE[errorCode] : undefined;
  if (flavour) return awsError(status ?? flavour[0], flavour[1], flavour[2]);
  const code = status ?? 500;
  const [type, message] = BY_STATUS[code] ?? ['InternalServerException', `The service answered ${code}.`];
  return awsError(code, type, message);
}

/** In-stream exception frame names (`:exception-type`) for a streamError fault's numeric code. */
export function streamExceptionType(code: number | undefined): string {
  switch (code) {
    case 429: return 'throttlingException';
    case 400: return 'validationException';
    case 500: return 'internalServerException';
    case 503: return 'serviceUnavailableException';
    default: return 'modelStreamErrorException';
  }
}
