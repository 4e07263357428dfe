import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../internal/logger.js';
import { GatewayError } from '../errors/gateway-error.js';
import { pushServedHeaders, servedHeaders } from './send.js';
import { clientOf, drained, modelNamedIn, readJsonBytes, watchClient } from './request-io.js';
import { accessOf, keyIdOf, settleRequest } from '../teams/client-gate.js';
import { validateMessagesRequest } from '../ingress/messages/validate.js';
import { errorEvent, FORWARDED_HEADERS, runMessages, type MessagesStreamItem } from '../ingress/messages/run-messages.js';
import { countTokens } from '../ingress/messages/count-tokens.js';
import { toMessagesError } from '../ingress/messages/errors.js';
import { messageJson } from '../ingress/messages/message-json.js';
import { answerByteLength, writeWholeAnswer } from './answer-write.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' };

/**
 * POST /v1/messages: Anthropic's Messages API over the engine. The caller's `x-api-key` (or bearer token) is its
 * key for the gateway and never goes upstream; `anthropic-version` and `anthropic-beta` go with the body to an
 * Anthropic upstream. Every failure answers in Anthropic's error shape.
 */
export async function handleMessages(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  const cancel = watchClient(res);
  let routed = false;
  let model: string | undefined;
  try {
    const { bytes, value: body } = await readJsonBytes(req, engine.config.bodyLimitBytes);
    model = modelNamedIn(body);
    const source = validateMessagesRequest(body);
    const granted = accessOf(req);
    // Awaited only while a key's check is under way: one async step fewer for the usual request (as json-post.ts).
    const access = granted instanceof Promise ? await granted : granted;
    routed = true;
    const result = await runMessages(engine, source, { bytes, headers: forwardedHeaders(req), signal: cancel, requestId, client: clientOf(req) ?? '', holdAnswer: true, ...access });
    // A whole answer keeps its room in the answer budget until written out or the response is gone (as in chat-handler.ts).
    if (!result.stream && result.release) {
      res.once('finish', result.release);
      res.once('close', result.release);
    }
    if (!result.stream) {
      // The upstream's own bytes (Anthropic served it), or the translation serialized once.
      const answer = result.bytes ?? messageJson(result.message);
      // One flat list for one writeHead call, which Node writes as it is (as chat-handler.ts).
      const headers = pushServedHeaders([], result.served, res);
      headers.push('request-id', requestId);
      if (result.costUsd !== null) headers.push('x-wai-cost', String(result.costUsd));
      settleRequest(req, result.usage, result.costUsd);
      headers.push('content-type', 'application/json', 'content-length', String(answerByteLength(answer)));
      res.writeHead(200, headers);
      writeWholeAnswer(res, answer, engine.config.timeouts.idleMs);
      return;
    }
    const headers = servedHeaders(result.served, res);
    headers['request-id'] = requestId;
    res.writeHead(200, { ...SSE_HEADERS, ...headers, trailer: 'x-wai-cost' });
    try {
      await pipeEvents(result.items, res, result.costUsd);
    } finally {
      settleRequest(req, result.usage(), result.costUsd());
    }
  } catch (error) {
    if (!routed) engine.recordRejected({ requestId, client: clientOf(req), clientKeyId: keyIdOf(req), operation: 'messages', ...(model ? { model } : {}), error });
    if (cancel.aborted) return;
    if (!GatewayError.is(error)) log.error({ err: error, requestId }, 'messages request failed unexpectedly');
    sendMessagesError(res, error, requestId);
  }
}

/** POST /v1/messages/count_tokens: Anthropic's count where Anthropic serves the model, else the gateway's estimate. */
export async function handleCountTokens(req: IncomingMessage, res: ServerResponse, engine: Engine, log: Logger, requestId: string): Promise<void> {
  try {
    const { bytes, value } = await readJsonBytes(req, engine.config.bodyLimitBytes);
    const count = await countTokens(engine, bytes, value, forwardedHeaders(req));
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': count.body.byteLength,
      'x-wai-token-count': count.source,
      ...(count.provider ? { 'x-wai-provider': count.provider } : {}),
      'x-wai-request-id': requestId,
      'request-id': requestId,
    });
    res.end(count.body);
  } catch (error) {
    if (!GatewayError.is(error)) log.error({ err: error, requestId }, 'count_tokens request failed unexpectedly');
    sendMessagesError(res, error, requestId);
  }
}

function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string' && value !== '') out[name] = value;
    else if (Array.isArray(value) && value.length) out[name] = value.join(',');
  }
  return out;
}

/** A failure on Anthropic's routes, in Anthropic's error shape (also used for the server's own 401/404/405/429 there). */
export function sendMessagesError(res: ServerResponse, error: unknown, requestId: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, headers, body } = toMessagesError(error, requestId);
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-wai-request-id': requestId, 'request-id': requestId, ...headers,
  });
  res.end(text);
}

async function pipeEvents(items: AsyncIterable<MessagesStreamItem>, res: ServerResponse, cost: () => number | null): Promise<void> {
  for await (const item of items) {
    if (res.destroyed) return;
    if (item.type === 'error') {
      // Anthropic's in-stream error event; no message_stop after it, so no client takes the answer as complete.
      res.end(errorEvent(item.body));
      return;
    }
    if (!res.write(item.text)) await drained(res);
  }
  const usd = cost();
  if (usd !== null) res.addTrailers({ 'x-wai-cost': String(usd) });
  res.end();
}
