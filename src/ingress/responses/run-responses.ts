import type { AttemptContext, Dialect, ResponsesPart } from '../../dialects/types.js';
import type { CancelSignal } from '../../internal/cancel.js';
import type { ChatRequest, Usage } from '../../types/chat.js';
import type { ResponseInputItem, ResponseObject, ResponsesRequest, ResponseStreamEvent } from '../../types/responses.js';
import type { Route } from '../../routing/route.js';
import type { Served } from '../../engine/attempt-record.js';
import type { LentParts as ResponsesEngine } from '../../engine/lent-parts.js';
import { executeRoute } from '../../engine/execute-route.js';
import { runCompletionAttempt } from '../../engine/run-completion.js';
import { openCommittedStream, type ChatStream } from '../../engine/committed-stream.js';
import { DIALECTS } from '../../dialects/index.js';
import { GatewayError } from '../../errors/gateway-error.js';
import { emit, failedRecord, servedRecord, usageCounts, type RecordStart } from '../../engine/record-builder.js';
import { costOf } from '../../engine/cost.js';
import { toChatRequest, toPlanningRequest } from './to-chat-request.js';
import { nativeResponsesDialect, responsesPathOf, type NativeExchange } from './native.js';
import { newResponseId, responseFromCompletion } from './response-object.js';
import { ChunkEventTranslator, failureEvents } from './chunk-events.js';
import { decodeEvent } from './stream-frame.js';

/** The conversation a `previous_response_id` names, as loaded from the response store. */
export interface PreviousConversation {
  /** Its input and output items, oldest first. */
  items: ResponseInputItem[];
  /** The provider that served the previous response (it may keep the conversation itself). */
  servedBy: string | undefined;
}

export interface ResponsesCallOptions {
  signal?: CancelSignal;
  previous?: PreviousConversation;
}

export interface ResponsesWhole {
  stream: false;
  served: Served;
  response: ResponseObject;
  /** The bytes to send: the upstream's own for a pass-through. */
  body: Uint8Array;
  costUsd: number | null;
}

export interface ResponsesStream {
  stream: true;
  served: Served;
  events: AsyncIterable<ResponseStreamEvent>;
  /** The final response once the stream has ended in full; undefined before, or when it broke. */
  final(): ResponseObject | undefined;
  costUsd(): number | null;
}

export type ResponsesResult = ResponsesWhole | ResponsesStream;

type Attempted =
  | { kind: 'whole'; response: ResponseObject; body: Uint8Array; usage: Usage | undefined }
  | { kind: 'native-stream'; stream: ChatStream }
  | { kind: 'chat-stream'; stream: ChatStream };

/**
 * POST /v1/responses over the engine: planned like the chat request it translates to (same levels, breakers,
 * records, costs), then each target served either through its own Responses endpoint (the request passes
 * through, fields intact) or through its dialect with the request translated and the answer translated back.
 */
export async function runResponses(engine: ResponsesEngine, request: ResponsesRequest, options: ResponsesCallOptions, start: RecordStart): Promise<ResponsesResult> {
  const stream = request.stream === true;
  let route: Route | undefined;
  try {
    const history = options.previous?.items;
    let translated: ChatRequest | GatewayError;
    try {
      translated = toChatRequest(request, history);
    } catch (error) {
      if (!GatewayError.is(error)) throw error;
      translated = error;
    }
    // A previous response the gateway does not hold may still be held by a provider that keeps its own.
    if (request.previous_response_id && !options.previous && !GatewayError.is(translated)) {
      translated = new GatewayError(400, `Previous response with id '${request.previous_response_id}' not found.`, { param: 'previous_response_id', code: 'previous_response_not_found' });
    }
    const planning = GatewayError.is(translated) ? toPlanningRequest(request, history) : translated;
    route = engine.planner.plan(planning);
    if (engine.restrict) route = engine.restrict(route);
    if (GatewayError.is(translated)) keepNativeTargets(route, translated);
    const exchange: NativeExchange = { request, history, previousServedBy: options.previous?.servedBy };
    let brokeLate = false;
    let streamed: ChatStream | undefined;
    let committedAt = 0;
    const activeRoute = route;

    const run = await executeRoute(route, engine.executeOptions(options.signal, request.wai?.timeout_ms, request.wai?.deadline_ms, start.trace), async (target, attempt): Promise<Attempted> => {
      const base = DIALECTS.get(target.provider.entry.dialect)!;
      const path = base.responses?.pathOf(target.provider);
      const dialect: Dialect = path ? nativeResponsesDialect(base as Dialect & { responses: ResponsesPart }, path, exchange) : base;
      // A translated attempt sends `planning` (the whole translation then); a pass-through one sends the caller's request.
      const ctx: AttemptContext = {
        provider: target.provider, upstreamModel: target.upstreamModel, request: planning, stream, includeUsage: true, requestId: start.requestId, clock: engine.clock,
      };
      if (!stream) {
        const decoded = await runCompletionAttempt(dialect, ctx, engine.transport, attempt);
        // Its room in the answer budget is given back as it is handed on (the answer is not held while written).
        decoded.release();
        if (path) return { kind: 'whole', response: exchange.response!, body: decoded.passthrough!, usage: decoded.completion.usage };
        const response = responseFromCompletion(decoded.completion, request, newResponseId(), Math.floor(engine.clock.now() / 1000));
        return { kind: 'whole', response, body: Buffer.from(JSON.stringify(response)), usage: decoded.completion.usage };
      }
      const opened = await openCommittedStream(dialect, ctx, engine.transport, attempt, {
        redact: engine.redact,
        onLateFailure: (error) => {
          // A stream cut because the caller went away is the caller's doing: logged as client_closed, not broken.
          if (error.code !== 'aborted') brokeLate = true;
          engine.health.recordFailure(target.provider.id, target.upstreamModel, error);
        },
        onEnd: (ended) => {
          if (ended !== streamed || !engine.observers.length) return;
          emit(engine.observers, servedRecord(start, activeRoute, run.target, usageCounts(ended.usage),
            { ttftMs: committedAt - start.startedHr, streamedMs: performance.now() - committedAt },
            { status: 200, error: brokeLate ? 'stream_broken' : ended.completed ? null : 'client_closed' }));
        },
      });
      return { kind: path ? 'native-stream' : 'chat-stream', stream: opened };
    });
    committedAt = performance.now();
    const served = engine.served(run, route);
    const value = run.value;
    if (value.kind === 'whole') {
      const usage = usageCounts(value.usage);
      if (engine.observers.length) emit(engine.observers, servedRecord(start, route, run.target, usage, { ttftMs: null, streamedMs: 0 }, { status: 200, error: null }));
      return { stream: false, served, response: value.response, body: value.body, costUsd: costOf(run.target.offering, usage.tokensIn, usage.tokensOut) };
    }
    streamed = value.stream;
    const target = run.target;
    const cost = () => {
      const usage = usageCounts(streamed!.usage);
      return costOf(target.offering, usage.tokensIn, usage.tokensOut);
    };
    if (value.kind === 'native-stream') {
      const events = nativeEvents(value.stream);
      return { stream: true, served, events, final: events.final, costUsd: cost };
    }
    const events = translatedEvents(value.stream, new ChunkEventTranslator(request, newResponseId(), Math.floor(engine.clock.now() / 1000), target.upstreamModel));
    return { stream: true, served, events, final: events.final, costUsd: cost };
  } catch (error) {
    if (engine.observers.length) emit(engine.observers, failedRecord(start, route, error));
    throw error;
  }
}

/**
 * A request the chat translation cannot carry (a built-in tool, an image by file id) goes only to providers with
 * their own Responses endpoint; with none on the route, the translation's 400 names the field.
 */
function keepNativeTargets(route: Route, refusal: GatewayError): void {
  const kept = route.targets.filter((target) => responsesPathOf(target.provider));
  for (const target of route.targets) {
    if (kept.includes(target)) continue;
    route.skipped.push({ provider: target.provider.id, upstreamModel: target.upstreamModel, level: target.level, reason: 'missing_capability', detail: refusal.message });
  }
  if (kept.length === 0) throw refusal;
  route.targets = kept;
}

type FinalEvents = AsyncIterable<ResponseStreamEvent> & { final(): ResponseObject | undefined };

/** A pass-through stream: the upstream's events as they came; a late failure ends it with `error` and response.failed. */
function nativeEvents(stream: ChatStream): FinalEvents {
  let final: ResponseObject | undefined;
  let sequence = 0;
  let envelope: Record<string, unknown> = {};
  return {
    final: () => final,
    async *[Symbol.asyncIterator]() {
      for await (const item of stream) {
        if (item.type === 'error') {
          yield* failureEvents(item.error.error, sequence, envelope);
          return;
        }
        const event = decodeEvent(item.json);
        sequence++;
        if (event.event === 'response.created' || event.event === 'response.completed' || event.event === 'response.incomplete') {
          const response = (JSON.parse(event.data) as { response?: ResponseObject }).response;
          if (response) {
            envelope = { ...response, output: [] };
            if (event.event !== 'response.created') final = response;
          }
        }
        yield event;
      }
    },
  };
}

/** A translated stream: chat chunks become Responses events; a late failure ends it with `error` and response.failed. */
function translatedEvents(stream: ChatStream, translator: ChunkEventTranslator): FinalEvents {
  let final: ResponseObject | undefined;
  return {
    final: () => final,
    async *[Symbol.asyncIterator]() {
      yield* translator.start();
      for await (const item of stream) {
        if (item.type === 'error') {
          yield* translator.fail(item.error.error);
          return;
        }
        yield* translator.push(item.json);
      }
      if (!stream.completed) return;
      yield* translator.finish(stream.usage);
      final = translator.final;
    },
  };
}
