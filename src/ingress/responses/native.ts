import type { AttemptContext, DecodedCompletion, Dialect, ResponsesPart, StreamSink, StreamTranslator, WireRequest } from '../../dialects/types.js';
import { dialectFor } from '../../dialects/index.js';
import type { ProviderRuntime } from '../../providers/runtime.js';
import type { ChatCompletion } from '../../types/chat.js';
import type { ResponseInputItem, ResponseObject, ResponsesRequest } from '../../types/responses.js';
import { ProviderError } from '../../errors/provider-error.js';
import { classifyHttpError } from '../../errors/classify.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { translateSse } from '../../dialects/stream-shell.js';
import { excerpt, malformedAnswer } from '../../dialects/failures.js';
import { encodeEvent } from './stream-frame.js';
import { toChatUsage } from './response-object.js';

/** Fields that steer the gateway and never go upstream. */
const GATEWAY_FIELDS = new Set(['model', 'models', 'provider', 'wai']);
/** Stream events before the answer starts: a failure up to here moves to the next provider unseen. */
const PREAMBLE_EVENTS = new Set(['response.created', 'response.in_progress', 'response.queued']);
const END_EVENTS = new Set(['response.completed', 'response.incomplete']);

/** The path of a provider's own Responses endpoint, or undefined when its dialect or the provider has none. */
export function responsesPathOf(provider: ProviderRuntime): string | undefined {
  return dialectFor(provider.entry.dialect)?.responses?.pathOf(provider);
}

/** What a pass-through attempt sends beside the caller's request. */
export interface NativeExchange {
  request: ResponsesRequest;
  /** The `previous_response_id` conversation, put into `input` unless the upstream keeps it itself. */
  history: readonly ResponseInputItem[] | undefined;
  /** The provider that served (and stored) the previous response: to it, `previous_response_id` goes as it is. */
  previousServedBy: string | undefined;
  /** Filled by a whole answer: the response as the upstream sent it. */
  response?: ResponseObject;
}

/**
 * A Dialect over a provider's own Responses endpoint, for one attempt: the engine's attempt runners (whole, and
 * committed streams) then serve pass-through exactly as they serve chat, with the provider's own error rules.
 */
export function nativeResponsesDialect(base: Dialect & { responses: ResponsesPart }, path: string, exchange: NativeExchange): Dialect {
  return {
    id: base.id,
    chat: {
      buildChatRequest: (ctx) => buildNativeRequest(ctx, path, exchange),
      decodeChatResponse: (bytes, ctx) => decodeNativeResponse(bytes, ctx, exchange),
      createStreamTranslator: createNativeStreamTranslator,
      classifyError: base.responses.classifyError,
    },
  };
}

function buildNativeRequest(ctx: AttemptContext, path: string, exchange: NativeExchange): WireRequest {
  const request = exchange.request;
  const body: Record<string, unknown> = { model: ctx.upstreamModel };
  for (const key in request) if (!GATEWAY_FIELDS.has(key) && request[key] !== undefined) body[key] = request[key];
  // A conversation another provider (or no provider) keeps is spelled out; the one that served it keeps its own.
  // Reasoning items are another provider's opaque state, and item ids name items this provider never made: both
  // are left out (clients such as the Vercel AI SDK send earlier turns the same way).
  if (exchange.history && exchange.previousServedBy !== ctx.provider.id) {
    const own = typeof request.input === 'string' ? [{ role: 'user', content: request.input }] : request.input ?? [];
    const earlier = exchange.history.filter((item) => item.type !== 'reasoning').map(({ id: _id, ...item }) => item);
    body.input = [...earlier, ...own];
    delete body.previous_response_id;
  }
  return { method: 'POST', origin: ctx.provider.origin, path, headers: ctx.provider.wireHeaders(), body: JSON.stringify(body) };
}

const decoder = new TextDecoder();

/** A whole Response: parsed once (for its usage and status); its bytes go to the caller as they came. */
function decodeNativeResponse(bytes: Uint8Array, ctx: AttemptContext, exchange: NativeExchange): DecodedCompletion | ProviderError {
  const parsed = parseJson(decoder.decode(bytes));
  if (!parsed.ok || !isRecord(parsed.value) || parsed.value.object !== 'response' || typeof parsed.value.id !== 'string') {
    return malformedAnswer(ctx, 'a body that is not a Response object');
  }
  const response = parsed.value as unknown as ResponseObject;
  if (response.status === 'failed') return failure(ctx, response.error ?? undefined);
  exchange.response = response;
  const usage = toChatUsage(response.usage);
  // The engine accounts in chat terms: an empty completion carries the usage; the caller gets the bytes.
  const completion: ChatCompletion = { id: response.id, object: 'chat.completion', created: response.created_at, model: response.model, choices: [], ...(usage ? { usage } : {}) };
  return { completion, passthrough: bytes };
}

/**
 * A Responses event stream, forwarded event by event (name and data as they came). Only the preamble, the
 * failure events and the final event are parsed: the first for the commit point, the others for errors and usage.
 */
function createNativeStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  return translateSse(ctx, sink, (control) => {
    let committed = false;
    return {
      event(event) {
        if (event.data === '') return;
        const type = event.event ?? typeOf(event.data);
        if (type === undefined) return control.malformed(`a Responses event without a type: ${excerpt(event.data)}`);
        if (type === 'error' || type === 'response.failed') {
          const parsed = parseJson(event.data);
          const body = parsed.ok && isRecord(parsed.value) ? parsed.value : {};
          const error = isRecord(body.error) ? body.error : isRecord(body.response) && isRecord(body.response.error) ? body.response.error : undefined;
          return control.fail(failure(ctx, error));
        }
        if (END_EVENTS.has(type)) {
          const parsed = parseJson(event.data);
          const response = parsed.ok && isRecord(parsed.value) && isRecord(parsed.value.response) ? parsed.value.response : undefined;
          const usage = toChatUsage(response?.usage as ResponseObject['usage']);
          if (usage) sink.usage(usage);
          sink.frame(encodeEvent(type, event.data), true);
          return control.finish();
        }
        const content = committed || !PREAMBLE_EVENTS.has(type);
        if (content) committed = true;
        sink.frame(encodeEvent(type, event.data), content);
      },
      end: () => 'response.completed',
    };
  });
}

/** The `type` of an event's JSON data, read without parsing it (OpenAI puts it first). */
function typeOf(data: string): string | undefined {
  const match = /^\{\s*"type"\s*:\s*"([^"]+)"/.exec(data);
  if (match) return match[1];
  const parsed = parseJson(data);
  return parsed.ok && isRecord(parsed.value) && typeof parsed.value.type === 'string' ? parsed.value.type : undefined;
}

/**
 * A failure the upstream reported inside a 200 (a whole `status: "failed"` response, or an `error` /
 * `response.failed` event), classified as its HTTP twin would be: OpenAI streams `insufficient_quota` this way.
 */
function failure(ctx: AttemptContext, error: Record<string, unknown> | { code: string; message: string } | undefined): ProviderError {
  const code = error && typeof error.code === 'string' ? error.code : undefined;
  const type = error && typeof (error as { type?: unknown }).type === 'string' ? (error as { type: string }).type : undefined;
  const status = code === 'insufficient_quota' || code === 'rate_limit_exceeded' || type === 'insufficient_quota' ? 429
    : code === 'invalid_api_key' ? 401
    : code === 'model_not_found' ? 404
    : type === 'invalid_request_error' || code === 'invalid_prompt' ? 400
    : undefined;
  if (status !== undefined) {
    return classifyHttpError(status, {}, JSON.stringify({ error }), ctx.provider.id, ctx.upstreamModel, ctx.clock.now(), { badKeyAs400: ctx.provider.entry.quirks?.badKeyAs400 });
  }
  return new ProviderError({
    errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: code ?? 'stream_error',
    message: error && typeof error.message === 'string' ? error.message : `${ctx.provider.entry.name} reported a failed response`,
    upstreamBody: error,
  });
}
