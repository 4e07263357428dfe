import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptContext, FailureContext } from '../types.js';
import type { ErrorClass } from '../../errors/error-class.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyHttpError } from '../../errors/classify.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { retryAfterMs } from '../../internal/retry-after.js';

/**
 * Bedrock errors are `{message}` (the Bearer-key failure says `Message`) with the exception name in the
 * `x-amzn-ErrorType` header (`ValidationException:http://internal.amazon.com/coral/...`). The name decides
 * the class; the status is only the fallback, because AWS reuses statuses: ServiceQuotaExceededException is a
 * 400 like ValidationException, ModelNotReadyException a 429 like ThrottlingException.
 */
const CONTEXT_LENGTH = /input is too long|prompt is too long|too many (?:input )?tokens|input tokens exceed|context (?:length|window)|exceeds? (?:the )?(?:maximum|max) (?:context|input|length|number of (?:input )?tokens)/i;
/** A model id Bedrock does not know, or that cannot be called this way (needs an inference profile). */
const MODEL_UNAVAILABLE = /model identifier is invalid|on-demand throughput isn.t supported|model (?:is )?not found|end of its life|don.t have access to the model|not authorized to (?:invoke|access) (?:this|the) model/i;

const BY_TYPE: Record<string, ErrorClass> = {
  AccessDeniedException: 'auth',
  UnrecognizedClientException: 'auth',
  InvalidSignatureException: 'auth',
  MissingAuthenticationTokenException: 'auth',
  IncompleteSignatureException: 'auth',
  ExpiredTokenException: 'auth',
  ResourceNotFoundException: 'model_unavailable',
  ThrottlingException: 'rate_limited',
  ServiceQuotaExceededException: 'quota',
  ModelTimeoutException: 'transient',
  ModelErrorException: 'transient',
  ModelNotReadyException: 'transient',
  ModelStreamErrorException: 'transient',
  InternalServerException: 'transient',
  ServiceUnavailableException: 'transient',
  ValidationException: 'invalid_request',
  ConflictException: 'invalid_request',
};

export interface BedrockErrorInfo {
  type: string | undefined;
  message: string;
  body: unknown;
}

/** The exception name (without namespace or URL) and message of a Bedrock error answer. */
export function readBedrockError(headers: IncomingHttpHeaders, text: string): BedrockErrorInfo {
  const parsed = parseJson(text);
  const body = parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
  const header = headers['x-amzn-errortype'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? str(body?.__type) ?? str(body?.code);
  const message = str(body?.message) ?? str(body?.Message) ?? (text.trim().slice(0, 500) || 'no error body');
  return { type: raw ? cleanType(raw) : undefined, message, body: body ?? text.slice(0, 2000) };
}

/** `ValidationException:http://...` or `com.amazon.coral#ValidationException` to `ValidationException`. */
function cleanType(raw: string): string {
  let value = raw.split(',')[0]!.split(':')[0]!;
  if (value.includes('#')) value = value.slice(value.indexOf('#') + 1);
  return value.trim();
}

/** The class of a named Bedrock exception, refined by its message. */
export function classForException(type: string | undefined, message: string, status: number | undefined): ErrorClass | undefined {
  const byType = type ? BY_TYPE[type] : undefined;
  if (byType === 'invalid_request' || (byType === undefined && status === 400)) {
    if (CONTEXT_LENGTH.test(message)) return 'context_length';
    if (MODEL_UNAVAILABLE.test(message)) return 'model_unavailable';
  }
  // Per-model access is denied with a 403 too; that model is out, not the whole key.
  if (byType === 'auth' && type === 'AccessDeniedException' && MODEL_UNAVAILABLE.test(message)) return 'model_unavailable';
  return byType;
}

export function classifyBedrockError(status: number, headers: IncomingHttpHeaders, text: string, ctx: FailureContext): ProviderError {
  const info = readBedrockError(headers, text);
  const errorClass = classForException(info.type, info.message, status);
  if (!errorClass) {
    // Not a known exception name: the status decides, as for any provider.
    return classifyHttpError(status, headers, JSON.stringify({ message: info.message }), ctx.provider.id, ctx.upstreamModel, ctx.clock.now());
  }
  return new ProviderError({
    errorClass,
    provider: ctx.provider.id,
    model: ctx.upstreamModel,
    status,
    code: info.type,
    message: info.message,
    retryAfterMs: retryAfterMs(headers as Record<string, string | string[] | undefined>, ctx.clock.now()),
    upstreamBody: info.body,
  });
}

/** The HTTP status each in-stream exception would have had (from the service model), reported to the caller. */
const STREAM_EXCEPTION_STATUS: Record<string, number> = {
  throttlingException: 429,
  validationException: 400,
  modelStreamErrorException: 424,
  internalServerException: 500,
  serviceUnavailableException: 503,
};

/** An exception frame inside a 200 ConverseStream (`:exception-type: throttlingException` and a `{message}` payload). */
export function streamException(exceptionType: string, payloadText: string, ctx: AttemptContext): ProviderError {
  const parsed = parseJson(payloadText);
  const payload = parsed.ok && isRecord(parsed.value) ? parsed.value : undefined;
  const message = str(payload?.message) ?? str(payload?.Message) ?? (payloadText.slice(0, 500) || exceptionType);
  // Frame names are lowerCamel members of the stream union; the exception classes are UpperCamel.
  const type = exceptionType.charAt(0).toUpperCase() + exceptionType.slice(1);
  const status = STREAM_EXCEPTION_STATUS[exceptionType];
  const errorClass = classForException(type, message, status) ?? 'transient';
  return new ProviderError({
    errorClass, provider: ctx.provider.id, model: ctx.upstreamModel, status, code: type,
    message: `${ctx.provider.entry.name} stream failed (${type}): ${message}`, upstreamBody: payload ?? payloadText.slice(0, 2000),
  });
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
