import type { ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import type { Served } from '../engine/attempt-record.js';
import { hasEarlyHeader } from '../internal/gateway-response.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Any failure as an OpenAI-format error. Unknown errors become a 500 with no internals. */
export function sendError(res: ServerResponse, error: unknown, requestId: string): void {
  const gatewayError = GatewayError.is(error)
    ? error
    : new GatewayError(500, 'The gateway failed unexpectedly; the request id identifies it in the log.', { type: 'server_error', code: 'internal_error' });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, gatewayError.status, gatewayError.toBody(), { 'x-wai-request-id': requestId, ...gatewayError.headers });
}

/** The x-wai-* headers: how the request was served. */
export function servedHeaders(served: Served, res?: ServerResponse): Record<string, string> {
  const list = pushServedHeaders([], served, res);
  const headers: Record<string, string> = {};
  for (let i = 0; i < list.length; i += 2) headers[list[i]!] = list[i + 1]!;
  return headers;
}

/**
 * The same headers appended to a flat `[name, value, …]` list, which `writeHead` takes as it is. The serving
 * provider's rate-limit headers pass through, unless the gateway already set its own for this caller (a client
 * key's limits): those are the limits the caller itself runs into.
 */
export function pushServedHeaders(out: string[], served: Served, res?: ServerResponse): string[] {
  out.push(
    'x-wai-provider', headerSafe(served.provider),
    'x-wai-model', headerSafe(served.model),
    'x-wai-level', String(served.level),
    'x-wai-attempts', String(served.attempts.length),
    'x-wai-request-id', headerSafe(served.requestId),
  );
  if (served.substituted) out.push('x-wai-substitute', headerSafe(served.substituted));
  const limits = served.rateLimits;
  if (limits) for (const name in limits) if (!res || !hasEarlyHeader(res, name)) out.push(name, limits[name]!);
  return out;
}

/**
 * A header value Node will write: anything outside printable ASCII is percent-encoded, so writing the served
 * headers can never throw after a provider has already answered (and billed). A loop, not a regular expression:
 * it runs on three values of every answer.
 */
export function headerSafe(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return encodeURIComponent(value);
  }
  return value;
}
