/**
 * One Anthropic Messages request through the engine, for the HTTP route and the SDK alike: validated, translated
 * to the canonical request (for the planner and non-Anthropic providers) with the caller's bytes kept beside it
 * (for Anthropic), run down its route, and answered in Anthropic's format: the upstream's own bytes when Anthropic
 * served it, a translation otherwise.
 */
import type { ChatCallOptions, ChatResult, Engine } from '../../engine/engine.js';
import type { Usage } from '../../types/chat.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { ChatStream } from '../../engine/committed-stream.js';
import type { Served } from '../../engine/attempt-record.js';
import type { CancelSignal } from '../../internal/cancel.js';
import { NATIVE_DIALECT, withNativeBody } from '../../dialects/native-body.js';
import { toChatRequest } from './to-chat-request.js';
import { anthropicBody } from './anthropic-history.js';
import { toMessage } from './to-message.js';
import { MessagesEventWriter, sseEvent } from './stream-events.js';
import { estimateInputTokens } from './estimate-tokens.js';
import { fromOpenAIBody, type MessagesErrorBody } from './errors.js';
import type { MessagesRequest, MessagesResponse } from './wire-types.js';

/** Caller headers that belong to Anthropic's format and go to an Anthropic upstream with the body. */
export const FORWARDED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

export interface MessagesCall {
  /** The body as the caller sent it (validated by validateMessagesRequest). */
  bytes: Buffer;
  /** The caller's `anthropic-version` and `anthropic-beta`, when sent. */
  headers: Record<string, string>;
  signal?: CancelSignal;
  requestId?: string;
  client?: string;
  /** The client key's id and the models it may use (teams/client-gate.ts). */
  clientKeyId?: string;
  modelAccess?: ChatCallOptions['modelAccess'];
  /** The caller writes a whole answer out where it may wait: it keeps its room in the answer budget until `release` (ChatCallOptions). */
  holdAnswer?: boolean;
}

/** What a stream of Anthropic events yields: SSE text to write as it is, or the error that ends it. */
export type MessagesStreamItem = { type: 'events'; text: string } | { type: 'error'; body: MessagesErrorBody };

export type MessagesResult =
  | { stream: false; served: Served; costUsd: number | null; usage: Usage | undefined; bytes: Uint8Array; message?: undefined; release?: () => void }
  | { stream: false; served: Served; costUsd: number | null; usage: Usage | undefined; bytes?: undefined; message: MessagesResponse; release?: () => void }
  | { stream: true; served: Served; costUsd(): number | null; usage(): Usage | undefined; items: AsyncIterable<MessagesStreamItem> };

export async function runMessages(engine: Engine, source: MessagesRequest, call: MessagesCall): Promise<MessagesResult> {
  const { request, anthropicOnly } = toChatRequest(source, engine.catalog);
  withNativeBody(request, { format: 'anthropic-messages', bytes: anthropicBody(source, call.bytes), model: source.model, headers: call.headers });
  let result: ChatResult;
  try {
    result = await engine.chat(request, callOptions(call));
  } catch (error) {
    throw anthropicOnly ? explainAnthropicOnly(error, anthropicOnly) : error;
  }
  const served = result.served;
  if (!result.stream) {
    const usage = result.completion.usage;
    const release = result.release;
    if (result.native) return { stream: false, served, costUsd: result.costUsd, usage, bytes: result.native, ...(release ? { release } : {}) };
    let message: MessagesResponse;
    try {
      message = toMessage(result.completion);
    } catch (error) {
      release?.();
      throw error;
    }
    return { stream: false, served, costUsd: result.costUsd, usage, message, ...(release ? { release } : {}) };
  }
  const native = engine.config.providers.get(served.provider)?.entry.dialect === NATIVE_DIALECT['anthropic-messages'];
  const items = native
    ? relayed(result.chunks, served.requestId)
    : translated(result.chunks, new MessagesEventWriter(source.model, estimateInputTokens(source), `msg_${served.requestId.replace(/-/g, '')}`), served.requestId);
  const chunks = result.chunks;
  return { stream: true, served, costUsd: result.costUsd, usage: () => chunks.usage, items };
}

function callOptions(call: MessagesCall): ChatCallOptions {
  const options: ChatCallOptions = { operation: 'messages' };
  if (call.signal) options.signal = call.signal;
  if (call.requestId) options.requestId = call.requestId;
  if (call.client) options.client = call.client;
  if (call.clientKeyId) options.clientKeyId = call.clientKeyId;
  if (call.modelAccess) options.modelAccess = call.modelAccess;
  if (call.holdAnswer) options.holdAnswer = true;
  return options;
}

/** An Anthropic upstream's events, as they came. */
async function* relayed(chunks: ChatStream, requestId: string): AsyncGenerator<MessagesStreamItem> {
  for await (const item of chunks) {
    if (item.type === 'chunk') yield { type: 'events', text: item.json };
    else yield { type: 'error', body: fromOpenAIBody(item.error, lateStatus(item.error.error), requestId) };
  }
}

/** Another provider's answer, chunk by chunk, as Anthropic's events. */
async function* translated(chunks: ChatStream, writer: MessagesEventWriter, requestId: string): AsyncGenerator<MessagesStreamItem> {
  for await (const item of chunks) {
    if (item.type === 'chunk') {
      const text = writer.chunk(item.json);
      if (text) yield { type: 'events', text };
    } else {
      yield { type: 'error', body: fromOpenAIBody(item.error, lateStatus(item.error.error), requestId) };
      return;
    }
  }
  yield { type: 'events', text: writer.end(chunks.usage) };
}

/** A request only Anthropic can serve that found no Anthropic to serve it: the error says why the others were out. */
function explainAnthropicOnly(error: unknown, why: string): unknown {
  if (!GatewayError.is(error) || error.code !== 'no_provider_available') return error;
  return new GatewayError(error.status, `${error.message} Only Anthropic can serve this request (${why}).`, {
    type: error.type, code: error.code, ...(error.details ? { details: error.details } : {}), ...(error.headers ? { headers: error.headers } : {}),
  });
}

/** The status a stream that broke late stands for, from its error class (its HTTP status is long sent). */
function lateStatus(error: Record<string, unknown>): number {
  if (error.error_class === 'rate_limited' || error.error_class === 'quota') return 429;
  if (error.error_class === 'auth') return 401;
  if (error.error_class === 'invalid_request' || error.error_class === 'context_length') return 400;
  return 500;
}

/** An error item as the SSE event the Anthropic SDK raises. */
export function errorEvent(body: MessagesErrorBody): string {
  return sseEvent('error', body);
}
