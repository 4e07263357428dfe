import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { ChatStream } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import { GatewayError } from '../errors/gateway-error.js';
import { ClientCancel } from '../internal/cancel.js';
import { parseJson } from '../internal/json.js';
import { readBody } from './read-body.js';
import { validateChatRequest } from './validate-chat.js';
import { sendError, servedHeaders } from './send.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };
const DONE = 'data: [DONE]\n\n';

/** POST /v1/chat/completions */
export async function handleChat(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  // A caller that goes away aborts the upstream call.
  const cancel = new ClientCancel();
  res.once('close', () => {
    if (!res.writableFinished) cancel.cancel();
  });
  let routed = false;
  let model: string | undefined;
  try {
    const bytes = await readBody(req, engine.config.bodyLimitBytes);
    const parsed = parseJson(bytes.toString('utf8'));
    if (!parsed.ok) throw new GatewayError(400, `The request body is not valid JSON: ${parsed.error.message}`, { code: 'invalid_json' });
    const body = parsed.value as { model?: unknown } | null;
    if (body && typeof body.model === 'string') model = body.model;
    const request = validateChatRequest(parsed.value);
    routed = true;
    const result = await engine.chat(request, { signal: cancel, requestId, client: clientOf(req) });
    const headers = servedHeaders(result.served);
    if (!result.stream) {
      const body = result.passthrough ?? Buffer.from(JSON.stringify(result.completion));
      if (result.costUsd !== null) headers['x-wai-cost'] = String(result.costUsd);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.byteLength, ...headers });
      res.end(body);
      return;
    }
    // The cost of a stream is known only at its end: it travels as an HTTP trailer.
    res.writeHead(200, { ...SSE_HEADERS, ...headers, trailer: 'x-wai-cost' });
    await pipeStream(result.chunks, res, result.costUsd);
  } catch (error) {
    // Requests refused before routing still get their row in the log (the engine records the others).
    if (!routed) engine.recordRejected({ requestId, client: clientOf(req), operation: 'chat', ...(model ? { model } : {}), error });
    if (cancel.aborted) return;
    if (!GatewayError.is(error)) log.error({ err: error, requestId }, 'chat request failed unexpectedly');
    sendError(res, error, requestId);
  }
}

async function pipeStream(chunks: ChatStream, res: ServerResponse, cost: () => number | null): Promise<void> {
  for await (const item of chunks) {
    if (res.destroyed) return;
    if (item.type === 'chunk') {
      if (!res.write(`data: ${item.json}\n\n`)) await drained(res);
    } else {
      // An OpenAI-style error event; no [DONE] after it, so no client mistakes the answer for complete.
      res.end(`data: ${JSON.stringify(item.error)}\n\n`);
      return;
    }
  }
  res.write(DONE);
  const usd = cost();
  if (usd !== null) res.addTrailers({ 'x-wai-cost': String(usd) });
  res.end();
}

/** Who is asking, for the request log: an explicit header, else the peer address. */
export function clientOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-wai-client'];
  return (Array.isArray(header) ? header[0] : header) ?? req.socket.remoteAddress;
}

function drained(res: ServerResponse): Promise<void> {
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
