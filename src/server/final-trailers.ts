import type { Served } from '../engine/attempt-record.js';
import { headerSafe } from './send.js';

/** Trailers of a stream that another provider finished (the x-wai-* headers went out before the break). */
export const FINAL_TRAILERS = 'x-wai-final-provider, x-wai-final-model, x-wai-final-level, x-wai-final-attempts';

/** Who finished the stream, as trailers: empty when the provider its headers name (`first`) did. */
export function finalTrailers(first: Served, served: Served): Record<string, string> {
  const provider = headerSafe(served.provider);
  const model = headerSafe(served.model);
  if (headerSafe(first.provider) === provider && headerSafe(first.model) === model) return {};
  return {
    'x-wai-final-provider': provider,
    'x-wai-final-model': model,
    'x-wai-final-level': String(served.level),
    'x-wai-final-attempts': String(served.attempts.length),
  };
}
