import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors/gateway-error.js';
import { ClientCancel } from '../internal/cancel.js';
import { parseJson } from '../internal/json.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../internal/json-depth.js';
import { readBody } from './read-body.js';

/** What the API handlers share around one request: the client's going away, its JSON body, back-pressure. */

/** Fires when the client closes the connection before the response was finished (the upstream call is then aborted). */
export function watchClient(res: ServerResponse): ClientCancel {
  const cancel = new ClientCancel();
  // `on`, not `once`: a response closes once, and cancelling twice does nothing; `once` wraps every listener.
  res.on('close', () => {
    if (!res.writableFinished) cancel.cancel();
  });
  return cancel;
}

/** The request body parsed as JSON: 413 over the limit, 400 when it is not JSON or nests too deep. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return (await readJsonBytes(req, limit)).value;
}

/** The same, keeping the bytes as they came (a pass-through ingress forwards them untouched). */
export async function readJsonBytes(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; value: unknown }> {
  const bytes = await readJsonRequestBytes(req, limit);
  return { bytes, value: parseJsonBody(bytes) };
}

/**
 * A JSON request's body (415 when it is not declared JSON, 413 over the limit), for parseJsonBody, without an async
 * step of its own: a caller that awaits it itself is resumed at the body's end at once (json-post.ts).
 */
export function readJsonRequestBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  requireJsonContentType(req);
  return readBody(req, limit);
}

/** A body read by readJsonRequestBytes as JSON: 400 when it is not JSON or nests too deep. */
export function parseJsonBody(bytes: Buffer): unknown {
  // Nesting deeper than the limit takes more opening brackets than a shorter body has.
  if (bytes.length > MAX_JSON_DEPTH && nestsDeeperThan(bytes, MAX_JSON_DEPTH)) {
    throw new GatewayError(400, `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`, { code: 'json_too_deep' });
  }
  const parsed = parseJson(bytes.toString('utf8'));
  if (!parsed.ok) throw new GatewayError(400, `The request body is not valid JSON: ${parsed.error.message}`, { code: 'invalid_json' });
  return parsed.value;
}

/** `application/json` or any `…+json` type, parameters (charset) allowed. */
const JSON_TYPE = /^\s*application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * JSON routes take JSON only. The types a browser may send cross-site without asking first (text/plain, forms,
 * none at all) would let any web page open on the operator's machine spend the provider keys: 415.
 */
function requireJsonContentType(req: IncomingMessage): void {
  const type = req.headers['content-type'];
  if (type === 'application/json' || (type !== undefined && JSON_TYPE.test(type))) return;
  req.resume();
  throw new GatewayError(415, `The request body must be sent as Content-Type: application/json${type ? ` (got ${type.slice(0, 100)})` : ' (none was given)'}.`, { code: 'unsupported_media_type' });
}

/** The `model` a body names, for the log of a request refused before it was routed. */
export function modelNamedIn(body: unknown): string | undefined {
  const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
  return typeof model === 'string' ? model : undefined;
}

/** Who is asking, for the request log: an explicit header, else the peer address. */
export function clientOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-wai-client'];
  return (Array.isArray(header) ? header[0] : header) ?? req.socket.remoteAddress;
}

/** Resolves when the response can take more data, or is gone. */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
