import { GatewayError } from '../errors/gateway-error.js';
import type { Route } from '../routing/route.js';

/**
 * An embeddings route that ran out says why no other model was tried: vectors of two models are not comparable,
 * so only the same model on another provider may stand in. Errors the request itself caused (4xx other than a
 * rate limit) are left as they are.
 */
export function withSameModelNote(error: unknown, route: Route | undefined): unknown {
  if (!route || !GatewayError.is(error) || (error.status < 500 && error.status !== 429)) return error;
  const providers = new Set([...route.targets.map((t) => t.provider.id), ...route.skipped.map((s) => s.provider)]).size;
  const model = route.canonical ?? route.requested;
  const note = providers > 1
    ? `Embeddings fall back only to the same model (${model}) on another provider, never to another model, whose vectors would not be comparable.`
    : `No other provider serves ${model} here, and embeddings never fall back to another model, whose vectors would not be comparable.`;
  return new GatewayError(error.status, `${error.message} ${note}`, {
    type: error.type, code: error.code, param: error.param,
    ...(error.details ? { details: error.details } : {}),
    ...(error.headers ? { headers: error.headers } : {}),
  });
}
