import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptContext } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyHttpError, readUpstreamError } from '../../errors/classify.js';

/**
 * The Llama API's HTTP failures. Its error body is not documented publicly (unconfirmed); the common reader
 * understands every usual shape (`{error:{message,code}}`, `{detail}`, `{title,detail,status}`), and the
 * status decides the class: 401/403 auth, 402 quota, 404 model_unavailable, 429 rate_limited, 400/422
 * invalid_request (or context_length by its text), 5xx transient.
 */
export function classifyLlamaError(status: number, headers: IncomingHttpHeaders, body: string, ctx: AttemptContext): ProviderError {
  return classifyHttpError(status, headers, body, ctx.provider.id, ctx.upstreamModel, ctx.clock.now());
}

/** An error object inside a 200 body or a stream event: transient unless it names a client status. */
export function llamaInBodyError(payload: Record<string, unknown>, ctx: AttemptContext): ProviderError {
  const info = readUpstreamError(JSON.stringify(payload));
  const inner = payload.error as Record<string, unknown> | undefined;
  const status = typeof inner?.status === 'number' ? inner.status : typeof inner?.code === 'number' ? inner.code : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    return classifyHttpError(status, {}, JSON.stringify(payload), ctx.provider.id, ctx.upstreamModel, ctx.clock.now());
  }
  return new ProviderError({
    errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: info.code ?? 'stream_error',
    message: info.message, upstreamBody: info.body,
  });
}
