import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptContext } from '../types.js';
import type { Prediction } from './wire-types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyHttpError } from '../../errors/classify.js';
import { isRecord, parseJson } from '../../internal/json.js';

/**
 * Replicate answers failures with problem details, `{title, detail, status}` (422 adds `invalid_fields`).
 * The common rules give the classes: 401 auth, 402 quota (no credit), 404 model_unavailable, 422 invalid_request
 * (model_unavailable for "Invalid version or not permitted", whose detail says the version does not exist),
 * 429 rate_limited with retry-after, 5xx transient. The title becomes the code, since there is no other.
 */
export function classifyReplicateError(status: number, headers: IncomingHttpHeaders, body: string, ctx: AttemptContext): ProviderError {
  const error = classifyHttpError(status, headers, body, ctx.provider.id, ctx.upstreamModel, ctx.clock.now());
  if (error.code !== undefined) return error;
  const parsed = parseJson(body);
  const title = parsed.ok && isRecord(parsed.value) && typeof parsed.value.title === 'string' ? parsed.value.title : undefined;
  if (!title) return error;
  return new ProviderError({
    errorClass: error.errorClass, provider: error.provider, model: error.model, status: error.status, code: title,
    message: error.message, retryAfterMs: error.retryAfterMs, upstreamBody: error.upstreamBody,
  });
}

/** Text in a failed prediction's error that puts the blame on the request rather than on Replicate. */
const REQUEST_FAULT = /invalid|validation|must be|out of range|not allowed|too long|too many tokens|exceeds?|maximum context|context (?:length|window)|prompt is required|unsupported/i;

/**
 * A prediction that ended without success. Never a success: `failed` is invalid_request when its error text
 * blames the input, transient otherwise (a crashed or interrupted worker); `canceled` (and `aborted`) is transient.
 */
export function predictionFailure(prediction: Pick<Prediction, 'status' | 'error' | 'id'>, ctx: AttemptContext): ProviderError {
  const text = errorText(prediction.error);
  if (prediction.status === 'failed') return failedPrediction(text ?? 'the prediction failed', ctx, prediction.error);
  return new ProviderError({
    errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'prediction_canceled',
    message: `Replicate prediction ${prediction.id} ended as ${prediction.status}${text ? `: ${text}` : ''}`, upstreamBody: prediction.error,
  });
}

/** A failure reported by text (a failed prediction's `error`, or the `detail` of a stream's error event). */
export function failedPrediction(text: string, ctx: AttemptContext, upstreamBody?: unknown): ProviderError {
  return new ProviderError({
    errorClass: REQUEST_FAULT.test(text) ? 'invalid_request' : 'transient',
    provider: ctx.provider.id, model: ctx.upstreamModel, code: 'prediction_failed',
    message: `Replicate prediction failed: ${text}`, upstreamBody,
  });
}

function errorText(error: unknown): string | undefined {
  if (typeof error === 'string' && error !== '') return error;
  if (isRecord(error)) {
    const detail = error.detail ?? error.message;
    if (typeof detail === 'string') return detail;
  }
  return error == null ? undefined : JSON.stringify(error);
}
