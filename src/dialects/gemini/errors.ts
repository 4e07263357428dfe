import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptContext, FailureContext } from '../types.js';
import type { ErrorClass } from '../../errors/error-class.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyHttpError, readUpstreamError } from '../../errors/classify.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { retryAfterMs } from '../../internal/retry-after.js';

/**
 * Gemini failures are google.rpc statuses: `{error:{code, message, status, details[]}}`, where `details` holds
 * typed objects (`@type` …ErrorInfo with a `reason`, …QuotaFailure, …RetryInfo, …Help). Google's quirks:
 * - a wrong API key is `400 INVALID_ARGUMENT` with reason `API_KEY_INVALID` (not 401): auth;
 * - no key at all, a suspended key or a disabled API is `403 PERMISSION_DENIED`: auth (quota when it says
 *   billing is disabled);
 * - `400 FAILED_PRECONDITION` says the account cannot use the API from here: "free tier is not available in your
 *   country, please enable billing" is a billing problem (quota), "User location is not supported" is a key that
 *   cannot work from this region (auth). Either way retrying the same key is pointless, and both classes move on
 *   at once and keep the provider off for a long cool-down;
 * - `429 RESOURCE_EXHAUSTED` is rate_limited, retry after `RetryInfo.retryDelay` ("34.4s"), unless the
 *   `QuotaFailure` names a per-day quota or a quota whose limit is 0 (the model is not in the key's tier):
 *   waiting seconds will not help, so that is quota;
 * - `404 NOT_FOUND` is an unknown model; 500 INTERNAL, 503 UNAVAILABLE, 504 DEADLINE_EXCEEDED are transient.
 * Everything else (context length, plain invalid arguments) follows the shared classifier.
 */
export function classifyGeminiError(status: number, headers: IncomingHttpHeaders, body: string, ctx: FailureContext): ProviderError {
  const base = classifyHttpError(status, headers, body, ctx.provider.id, ctx.upstreamModel, ctx.clock.now());
  const rpc = readRpcError(body);
  const info = readUpstreamError(body);
  const errorClass = geminiClass(status, rpc, info.message) ?? base.errorClass;
  const headerDelay = retryAfterMs(headers as Record<string, string | string[] | undefined>, ctx.clock.now());
  return new ProviderError({
    errorClass,
    provider: ctx.provider.id,
    model: ctx.upstreamModel,
    status,
    code: rpc.reason ?? rpc.status ?? base.code,
    message: info.message,
    retryAfterMs: headerDelay ?? rpc.retryDelayMs,
    upstreamBody: info.body,
  });
}

/**
 * An error object inside a 200 answer: a stream that fails after it started sends `data: {"error":{…}}`.
 * Its `code` is the HTTP status the failure would have had.
 */
export function inStreamError(payload: Record<string, unknown>, ctx: AttemptContext): ProviderError {
  const error = isRecord(payload.error) ? payload.error : {};
  const status = typeof error.code === 'number' && error.code >= 400 && error.code < 600 ? error.code : 500;
  return classifyGeminiError(status, {}, JSON.stringify(payload), ctx);
}

interface RpcError {
  status: string | undefined;
  reason: string | undefined;
  retryDelayMs: number | undefined;
  /** Quota ids and metrics named by QuotaFailure / ErrorInfo, and limit values. */
  quotaIds: string[];
  zeroLimit: boolean;
}

function readRpcError(body: string): RpcError {
  const out: RpcError = { status: undefined, reason: undefined, retryDelayMs: undefined, quotaIds: [], zeroLimit: false };
  const parsed = parseJson(body);
  // Google sometimes wraps the error in a one-element array (the streaming JSON-array form).
  const root = parsed.ok ? (Array.isArray(parsed.value) ? parsed.value[0] : parsed.value) : undefined;
  const error = isRecord(root) && isRecord(root.error) ? root.error : undefined;
  if (!error) return out;
  if (typeof error.status === 'string') out.status = error.status;
  const details = Array.isArray(error.details) ? error.details : [];
  for (const detail of details) {
    if (!isRecord(detail)) continue;
    const type = typeof detail['@type'] === 'string' ? detail['@type'] : '';
    if (type.endsWith('google.rpc.ErrorInfo')) {
      if (typeof detail.reason === 'string') out.reason = detail.reason;
      const meta = isRecord(detail.metadata) ? detail.metadata : {};
      if (typeof meta.quota_limit === 'string') out.quotaIds.push(meta.quota_limit);
      if (meta.quota_limit_value === '0') out.zeroLimit = true;
    } else if (type.endsWith('google.rpc.RetryInfo')) {
      out.retryDelayMs = parseProtoDuration(detail.retryDelay);
    } else if (type.endsWith('google.rpc.QuotaFailure') && Array.isArray(detail.violations)) {
      for (const violation of detail.violations) {
        if (!isRecord(violation)) continue;
        if (typeof violation.quotaId === 'string') out.quotaIds.push(violation.quotaId);
        if (typeof violation.quotaMetric === 'string') out.quotaIds.push(violation.quotaMetric);
        if (violation.quotaValue === '0' || violation.quotaValue === 0) out.zeroLimit = true;
      }
    }
  }
  return out;
}

const BAD_KEY_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_SERVICE_BLOCKED', 'API_KEY_HTTP_REFERRER_BLOCKED', 'API_KEY_IP_ADDRESS_BLOCKED']);
const BAD_KEY_MESSAGE = /API key (?:not valid|not found|expired)|API_KEY_INVALID/i;
const BILLING = /billing|free tier is not available|payment/i;
const PER_DAY = /PerDay|per[_ ]day|daily/i;

function geminiClass(status: number, rpc: RpcError, message: string): ErrorClass | undefined {
  if (status === 400) {
    if ((rpc.reason && BAD_KEY_REASONS.has(rpc.reason)) || BAD_KEY_MESSAGE.test(message)) return 'auth';
    if (rpc.status === 'FAILED_PRECONDITION') return BILLING.test(message) ? 'quota' : 'auth';
    return undefined;
  }
  if (status === 401) return 'auth';
  if (status === 403) return rpc.reason === 'BILLING_DISABLED' || BILLING.test(message) ? 'quota' : 'auth';
  if (status === 404) return 'model_unavailable';
  if (status === 429) {
    const exhausted = rpc.zeroLimit || /\blimit: 0\b/.test(message) || rpc.quotaIds.some((id) => PER_DAY.test(id));
    return exhausted ? 'quota' : 'rate_limited';
  }
  return undefined;
}

/** A protobuf Duration in JSON: "34.4s", "1s", "0.250s". */
function parseProtoDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * 1000);
}
