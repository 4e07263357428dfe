import type { IncomingHttpHeaders } from 'node:http';

/**
 * The serving provider's rate-limit figures (`x-ratelimit-*`, `retry-after`, `retry-after-ms`), passed on to the
 * caller so its own client can pace itself as it would against the provider. Undefined when there are none.
 */
export function rateLimitHeaders(headers: IncomingHttpHeaders): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const name in headers) {
    if (!name.startsWith('x-ratelimit-') && name !== 'retry-after' && name !== 'retry-after-ms') continue;
    const value = headers[name];
    if (value === undefined) continue;
    (out ??= {})[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
