import type { IncomingMessage, ServerResponse } from 'node:http';
import { setEarlyHeader } from '../internal/gateway-response.js';

/** Response headers a browser script may read: the request id, how WAI served it, and the provider's rate limits. */
const EXPOSED = [
  'x-request-id', 'x-wai-request-id', 'x-wai-provider', 'x-wai-model', 'x-wai-level', 'x-wai-attempts', 'x-wai-cost',
  'x-wai-substitute', 'x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens', 'retry-after', 'retry-after-ms',
].join(', ');

/**
 * Opt-in CORS (`server.cors.origins`): a request from an allowed origin gets the allow and expose headers, and
 * its preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered here with 204. Without the setting,
 * or from another origin, nothing is added and the browser keeps its default refusal.
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, cors: { origins: readonly string[] } | undefined): boolean {
  if (!cors) return false;
  const origin = req.headers.origin;
  const any = cors.origins.includes('*');
  // The answer depends on the Origin header: caches must keep one per origin.
  if (!any) setEarlyHeader(res, 'vary', 'Origin');
  if (typeof origin !== 'string' || (!any && !cors.origins.includes(origin))) return false;
  setEarlyHeader(res, 'access-control-allow-origin', any ? '*' : origin);
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
    req.resume();
    res.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
      'access-control-max-age': '600',
      'content-length': '0',
    });
    res.end();
    return true;
  }
  setEarlyHeader(res, 'access-control-expose-headers', EXPOSED);
  return false;
}
