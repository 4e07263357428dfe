import type { IncomingHttpHeaders } from 'node:http';
import type { FailureContext } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyOpenAIError } from '../openai/errors.js';

/**
 * Azure's failures in OpenAI's envelope. The common rules already give: 401 auth, 404 (DeploymentNotFound,
 * or the bare "Resource not found" of an unknown api-version) model_unavailable, 429 rate_limited with
 * `retry-after-ms`/`retry-after`, content filter 400 invalid_request with `code: content_filter` kept.
 * Azure adds one case they miss: `OperationNotSupported` (the deployment's model cannot do chat) is a
 * capability gap, not a bad request.
 */
export function classifyAzureError(status: number, headers: IncomingHttpHeaders, body: string, ctx: FailureContext): ProviderError {
  const error = classifyOpenAIError(status, headers, body, ctx);
  if (error.code === 'OperationNotSupported' && error.errorClass === 'invalid_request') {
    return new ProviderError({
      errorClass: 'unsupported', provider: error.provider, model: error.model, status: error.status, code: error.code,
      message: error.message, retryAfterMs: error.retryAfterMs, upstreamBody: error.upstreamBody,
    });
  }
  return error;
}
