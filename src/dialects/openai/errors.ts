import type { IncomingHttpHeaders } from 'node:http';
import type { FailureContext } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyHttpError } from '../../errors/classify.js';
import { isRecord } from '../../internal/json.js';

export function classifyOpenAIError(status: number, headers: IncomingHttpHeaders, body: string, ctx: FailureContext): ProviderError {
  const quirks = ctx.provider.entry.quirks;
  return classifyHttpError(status, headers, body, ctx.provider.id, ctx.upstreamModel, ctx.clock.now(), {
    badKeyAs400: quirks?.badKeyAs400,
  });
}

/**
 * An error object that arrived with HTTP 200, in a whole body or inside a stream
 * (OpenRouter: `{error:{code,message,metadata}}`; Groq: `x_groq.error`). A numeric code is the
 * status the failure would have had; without one it counts as transient.
 */
export function inBodyError(payload: Record<string, unknown>, ctx: FailureContext): ProviderError {
  const error = isRecord(payload.error) ? payload.error : isRecord(payload.x_groq) && isRecord(payload.x_groq.error) ? payload.x_groq.error : undefined;
  const message = error && typeof error.message === 'string' ? error.message : typeof payload.error === 'string' ? payload.error : 'error inside a successful response';
  const code = error?.code;
  const status = typeof code === 'number' ? code : typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : undefined;
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return classifyHttpError(status, {}, JSON.stringify({ error }), ctx.provider.id, ctx.upstreamModel, ctx.clock.now(), {
      badKeyAs400: ctx.provider.entry.quirks?.badKeyAs400,
    });
  }
  return new ProviderError({
    errorClass: status === 429 ? 'rate_limited' : 'transient',
    provider: ctx.provider.id,
    model: ctx.upstreamModel,
    status,
    code: typeof code === 'string' ? code : 'stream_error',
    message,
    upstreamBody: error,
  });
}
