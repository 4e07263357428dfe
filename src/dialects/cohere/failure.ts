import type { AttemptContext } from '../types.js';
import type { ErrorClass } from '../../errors/error-class.js';
import { ProviderError } from '../../errors/provider-error.js';

/**
 * A failure the Cohere dialect detects itself (no upstream HTTP status): a request it cannot express
 * on Cohere's wire, a malformed or truncated answer, or an answer Cohere ended with ERROR / TIMEOUT.
 */
export function cohereFailure(ctx: AttemptContext, errorClass: ErrorClass, code: string, message: string, upstreamBody?: unknown): ProviderError {
  return new ProviderError({
    errorClass,
    provider: ctx.provider.id,
    model: ctx.upstreamModel,
    code,
    message: `${ctx.provider.entry.name} ${message}`,
    ...(upstreamBody === undefined ? {} : { upstreamBody }),
  });
}
