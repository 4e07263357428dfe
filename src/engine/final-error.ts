import { GatewayError } from '../errors/gateway-error.js';
import type { ProviderError } from '../errors/provider-error.js';
import type { Route } from '../routing/route.js';
import type { AttemptRecord } from './attempt-record.js';

/**
 * The answer when no attempt served the request:
 * - every attempt was rejected as invalid by the provider: the first such error, status and all;
 * - only one provider and model was tried (retries included): its last upstream status, the provider named;
 * - otherwise (or nothing could be attempted): 503 listing every attempt and every skipped candidate.
 */
export function finalError(route: Route, attempts: AttemptRecord[], errors: ProviderError[], redact: (text: string) => string): GatewayError {
  const details = {
    attempts: attempts.map((a) => ({ ...a, message: a.message === undefined ? undefined : redact(a.message) })),
    skipped: route.skipped,
  };
  const first = errors.every((e) => e.errorClass === 'invalid_request') ? errors[0] : singleTarget(attempts) ? errors[errors.length - 1] : undefined;
  if (first) {
    const status = first.status ?? localStatus(first);
    const headers = first.retryAfterMs !== undefined ? { 'retry-after': String(Math.ceil(first.retryAfterMs / 1000)) } : undefined;
    return new GatewayError(status, `${providerLabel(first)}: ${redact(first.message)}`, {
      code: first.code ?? first.errorClass,
      param: upstreamParam(first.upstreamBody),
      details: { provider: first.provider, error_class: first.errorClass, upstream_status: first.status ?? null, ...details },
      ...(headers ? { headers } : {}),
    });
  }
  const limited = rateLimitedEverywhere(errors, redact);
  if (limited) return limited(route, details);
  const parts = [
    ...attempts.map((a) => `${a.provider} (${a.model}) at level ${a.level}: ${a.errorClass}${a.status ? ` ${a.status}` : ''}`),
    ...route.skipped.map((s) => `${s.provider} (${s.upstreamModel}) skipped: ${s.reason.replace(/_/g, ' ')}, ${s.detail}`),
  ];
  const message = attempts.length
    ? `No provider could serve "${route.requested}". ${parts.join('; ')}.`
    : `No provider is available for "${route.requested}": ${parts.join('; ') || 'no candidate'}.`;
  return new GatewayError(503, message, { type: 'service_unavailable', code: 'no_provider_available', details });
}

/** The status for a failure no upstream answered: a request the dialect refused, a timeout, a broken connection. */
function localStatus(error: ProviderError): number {
  if (error.errorClass === 'invalid_request' || error.errorClass === 'context_length') return 400;
  if (error.errorClass === 'unsupported') return 501;
  if (error.code?.endsWith('timeout') || error.code === 'deadline_exceeded') return 504;
  // The gateway's own room for answers was full: it is unavailable for a moment, no upstream failed.
  if (error.code === 'answer_budget_full') return 503;
  return 502;
}

/** The field an upstream 400 blamed (`{error:{param}}`), passed on so clients can point at it. */
function upstreamParam(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const inner = (body as { error?: unknown }).error;
  const param = typeof inner === 'object' && inner !== null ? (inner as { param?: unknown }).param : undefined;
  return typeof param === 'string' ? param : null;
}

/** Every attempt went to the same provider and model (retries included): its own answer is the honest one. */
function singleTarget(attempts: AttemptRecord[]): boolean {
  const first = attempts[0];
  return first !== undefined && attempts.every((a) => a.provider === first.provider && a.model === first.model);
}

function providerLabel(error: ProviderError): string {
  return error.status ? `${error.provider} answered ${error.status}` : error.provider;
}

/**
 * Every attempt was refused for a rate limit (several providers or models): a 429 with the soonest Retry-After among
 * them, so the caller waits the least it has to, rather than a 503 that reads like an outage. The provider is named
 * when only one was tried.
 */
function rateLimitedEverywhere(errors: ProviderError[], redact: (text: string) => string) {
  if (errors.length === 0 || !errors.every((e) => e.errorClass === 'rate_limited')) return undefined;
  const waits = errors.map((e) => e.retryAfterMs).filter((ms): ms is number => ms !== undefined);
  const seconds = waits.length ? Math.max(1, Math.ceil(Math.min(...waits) / 1000)) : undefined;
  const providers = [...new Set(errors.map((e) => e.provider))];
  const first = errors[0]!;
  return (route: Route, details: Record<string, unknown>) => new GatewayError(429,
    providers.length === 1
      ? `${providerLabel(first)}: ${redact(first.message)}`
      : `Every provider tried for "${route.requested}" is rate-limiting it (${providers.join(', ')})${seconds ? `; retry after ${seconds} s` : ''}.`,
    {
      type: 'rate_limit_error', code: first.code ?? 'rate_limited',
      details: { provider: providers.length === 1 ? first.provider : null, error_class: 'rate_limited', upstream_status: 429, ...details },
      ...(seconds ? { headers: { 'retry-after': String(seconds) } } : {}),
    });
}
