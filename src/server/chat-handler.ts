import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { ChatStream } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import { GatewayError } from '../errors/gateway-error.js';
import { validateChatRequest } from './validate-chat.js';
import { sendError, servedHeaders } from './send.js';
import { clientOf, drained, modelNamedIn, readJsonBody, watchClient } from './request-io.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };
const DONE = 'data: [DONE]\n\n';

/** POST /v1/chat/completions */
export async function handleChat(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  // A caller that goes away aborts the upstream call.
  const cancel = watchClient(res);
  let routed = false;
  let model: string | undefined;
  try {
    const body = await readJsonBody(req, engine.config.bodyLimitBytes);
    model = modelNamedIn(body);
    const request = validateChatRequest(body);
    routed = true;
    const result = await engine.chat(request, { signal: cancel, requestId, client: clientOf(req) });
    const headers = servedHeaders(result.served);
    if (!result.stream) {
      const answer = result.passthrough ?? Buffer.from(JSON.stringify(result.completion));
      if (result.costUsd !== null) headers['x-wai-cost'] = String(result.costUsd);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.byteLength, ...headers });
      res.end(answer);
      return;
    }
    // The cost of a stream is known only at its end: it travels as an HTTP trailer.
    try {
      res.writeHead(200, { ...SSE_HEADERS, ...headers, trailer: 'x-wai-cost' });
    } catch (error) {
      // The answer cannot start: the upstream must not be left open, and the request keeps its record.
      await result.chunks.cancel();
      throw error;
    }
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
