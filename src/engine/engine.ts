import { randomUuid } from '../internal/random-uuid.js';
import type { AttemptContext, EmbeddingsAttemptContext, SpeechAttemptContext, Transport, WireRequest, WireResponse } from '../dialects/types.js';
import type { SpeechRequest } from '../types/speech.js';
import { runSpeechAttempt, type SpeechAudio } from './run-speech.js';
import type { EmbeddingsRequest, EmbeddingsResponse } from '../types/embeddings.js';
import { runEmbeddingsAttempt } from './run-embeddings.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { inputList } from '../embeddings/response.js';
import { withSameModelNote } from './same-model-note.js';
import type { ChatCompletion, ChatRequest } from '../types/chat.js';
import type { GatewayConfig } from '../config/config.js';
import type { Planner } from '../routing/planner.js';
import type { Route, RouteTarget } from '../routing/route.js';
import type { Catalog } from '../catalog/catalog.js';
import { DIALECTS } from '../dialects/index.js';
import type { Clock } from '../internal/clock.js';
import { Redactor } from '../internal/redact.js';
import type { HealthTracker } from '../health/health-tracker.js';
import { HttpTransport } from './transport.js';
import { runCompletionAttempt } from './run-completion.js';
import { openCommittedStream, type ChatStream } from './committed-stream.js';
import { executeRoute, markServedAttemptFailed, type ExecuteOptions, type RouteTrace } from './execute-route.js';
import type { RequestObserver } from './request-record.js';
import type { CancelSignal } from '../internal/cancel.js';
import { emit, failedRecord, flushRecords, servedRecord, usageCounts, type RecordStart } from './record-builder.js';
import { costOf } from './cost.js';
import { clientLimits } from './client-limits.js';
import type { AttemptRecord, Served } from './attempt-record.js';
import type { ProviderRuntime } from '../providers/runtime.js';
import type { ProviderError } from '../errors/provider-error.js';
import type { AttemptSignal } from './attempt-signal.js';
import { continueOnBreak, type Resumed, type StreamSegment } from './continue-stream.js';
import { continuationMode, continuationProvider, continuationRequest } from './continuation-request.js';
import { continuesStreams, markContinued, segmentsCost, segmentsUsage } from './continued-record.js';
import type { LentParts } from './lent-parts.js';

export type { ChatStream, StreamItem } from './committed-stream.js';

/** The parts of an engine, assembled by buildEngine (build-engine.ts): the one place that decides their defaults. */
export interface EngineParts {
  config: GatewayConfig;
  transport: Transport;
  /** Whether close() closes the transport (the engine made its own pools). */
  ownsTransport: boolean;
  clock: Clock;
  /** Source of randomness for backoff jitter (tests make it fixed). */
  random: () => number;
  /** Possibly shared with other engines (a runtime rebuilds its engine on reload and keeps its health). */
  health: HealthTracker;
  /** Receivers of finished-request records; the array is used as given, so its owner can add to it later. */
  observers: RequestObserver[];
  /** With the config's catalog overrides already laid over it. */
  catalog: Catalog;
  planner: Planner;
}

export interface ChatCallOptions {
  /** An AbortSignal, or the server's lighter ClientCancel. */
  signal?: CancelSignal;
  requestId?: string;
  /** Who is asking (for the request log). */
  client?: string;
  /** What the records call the request: an ingress over chat (Anthropic's /v1/messages) names itself. */
  operation?: 'chat' | 'messages';
  /** The client key that asked (its id goes into the request record). */
  clientKeyId?: string;
  /** The models that key may use: the route keeps only those targets (403 when the model itself is not allowed). */
  modelAccess?: RouteRestriction;
  /**
   * The caller writes a whole answer out where it may wait (an HTTP client reading slowly): the answer keeps its
   * room in the transport's answer budget until the caller calls the result's `release`. Otherwise the room is
   * given back as the answer is returned.
   */
  holdAnswer?: boolean;
}

/** Narrows a route to what a caller may use (see teams/model-access.ts). */
export interface RouteRestriction {
  restrict(route: Route): Route;
  checkNamed(models: readonly unknown[] | undefined): void;
}

/** A whole answer. `passthrough` holds the upstream bytes when they can be sent as they are. */
export interface CompletionResult {
  stream: false;
  served: Served;
  completion: ChatCompletion;
  passthrough?: Uint8Array;
  /** The upstream bytes in the caller's own format, for a request that came in as one (dialects/native-body.ts). */
  native?: Uint8Array;
  /** USD, from the catalog price; null when unknown. */
  costUsd: number | null;
  /**
   * With `holdAnswer`: gives back the answer's room in the answer budget, once it is written out (or dropped).
   * Call it exactly once; later calls do nothing.
   */
  release?: () => void;
}

export interface StreamResult {
  stream: true;
  served: Served;
  chunks: ChatStream;
  /** USD once the stream has ended (usage arrives last); null when unknown. */
  costUsd(): number | null;
  /** How it was served in the end: another provider when the stream was continued after a break. */
  finalServed(): Served;
}

export type ChatResult = CompletionResult | StreamResult;

export interface SpeechResult extends SpeechAudio {
  served: Served;
  costUsd: number | null;
}

export interface EmbeddingsResult {
  served: Served;
  response: EmbeddingsResponse;
  /** USD, from the catalog price per input token; null when unknown. */
  costUsd: number | null;
}

/**
 * Runs a request down its route (docs/architecture.md, the five levels): one attempt after another until one serves it,
 * retrying transient failures on the same target while the deadline allows, and keeping every provider's
 * health. The HTTP server and the SDK both call this; neither knows about providers or dialects.
 */
export class Engine {
  readonly config: GatewayConfig;
  readonly health: HealthTracker;
  readonly catalog: Catalog;
  readonly planner: Planner;
  readonly #transport: Transport;
  readonly #ownsTransport: boolean;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #redactor: Redactor;
  readonly #observers: RequestObserver[];
  /** `redact` as a function value, made once (every request's options carry it). */
  readonly #redactText = (text: string) => this.redact(text);

  constructor(options: EngineParts) {
    this.config = options.config;
    this.#clock = options.clock;
    this.#random = options.random;
    this.#observers = options.observers;
    this.#ownsTransport = options.ownsTransport;
    this.#transport = options.transport;
    this.health = options.health;
    this.catalog = options.catalog;
    this.planner = options.planner;
    const keys: string[] = [];
    for (const provider of options.config.providers.values()) {
      if (provider.key) keys.push(provider.key.reveal());
      // Secrets that travel beside the key (AWS secret access key, session token).
      for (const [name, value] of Object.entries(provider.settings)) if (value && /secret|token|password/i.test(name)) keys.push(value);
    }
    this.#redactor = new Redactor(keys);
    this.health.redact = (text) => this.redact(text);
  }

  /** Removes every configured key from a text (for messages that came from elsewhere). */
  redact(text: string): string {
    return this.#redactor.redact(text);
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResult> {
    const stream = request.stream === true;
    const start = this.#start(options, options.operation ?? 'chat', request.model, stream, request.user);
    let route: Route | undefined;
    try {
      route = this.planner.plan(request);
      if (options.modelAccess) {
        options.modelAccess.checkNamed(request.models);
        route = options.modelAccess.restrict(route);
      }
      const includeUsage = request.stream_options?.include_usage === true;
      const execute = this.#executeOptions(options.signal, request.wai?.timeout_ms, request.wai?.deadline_ms, start.trace);
      if (!stream) {
        const run = await executeRoute(route, execute, (target, attempt) => {
          const ctx: AttemptContext = {
            provider: target.provider, upstreamModel: target.upstreamModel, request, stream: false, includeUsage, requestId: start.requestId, clock: this.#clock,
          };
          return runCompletionAttempt(DIALECTS.get(target.provider.entry.dialect)!, ctx, this.#transport, attempt, this.config.answerLimitBytes);
        });
        const servedBy = served(start.requestId, run.target, run.attempts, route);
        const decoded = run.value;
        if (decoded.rateLimits) servedBy.rateLimits = decoded.rateLimits;
        let result: CompletionResult;
        try {
          const usage = usageCounts(decoded.completion.usage);
          const costUsd = costOf(run.target.offering, usage.tokensIn, usage.tokensOut);
          if (this.#observers.length) emit(this.#observers, servedRecord(start, route, run.target, usage, { ttftMs: null, streamedMs: 0 }, { status: 200, error: null }));
          result = { stream: false, served: servedBy, costUsd, completion: decoded.completion };
        } catch (error) {
          decoded.release();
          throw error;
        }
        if (decoded.passthrough) result.passthrough = decoded.passthrough;
        if (decoded.native) result.native = decoded.native;
        // The bytes stay counted while the caller writes them out, when it says it will give them back.
        if (options.holdAnswer) result.release = decoded.release;
        else decoded.release();
        return result;
      }
      let lateError: ProviderError | undefined;
      let streamed: ChatStream | undefined;
      /** Opens one streamed attempt; its record is made by whoever ends the stream the caller reads. */
      const openStream = (sent: ChatRequest, provider: ProviderRuntime, target: RouteTarget, attempt: AttemptSignal) => {
        const ctx: AttemptContext = {
          provider, upstreamModel: target.upstreamModel, request: sent, stream, includeUsage, requestId: start.requestId, clock: this.#clock,
        };
        return openCommittedStream(DIALECTS.get(target.provider.entry.dialect)!, ctx, this.#transport, attempt, {
          redact: (text) => this.redact(text),
          streamLimitMs: this.config.timeouts.streamMs,
          onLateFailure: (error) => {
            // A stream cut because the caller went away is the caller's doing: logged as client_closed, not broken (nor continued).
            if (error.code !== 'aborted') lateError = error;
            this.health.recordFailure(target.provider.id, target.upstreamModel, error);
            markServedAttemptFailed(start.trace.attempts, target, error, (text) => this.redact(text));
          },
          onEnd: (ended) => {
            if (ended === streamed) this.#recordStream(start, route!, target, [{ target, usage: ended.usage }], lateError !== undefined, ended.completed, committedAt);
          },
        });
      };
      const run = await executeRoute(route, execute, (target, attempt) => openStream(request, target.provider, target, attempt));
      const committedAt = performance.now();
      const servedBy = served(start.requestId, run.target, run.attempts, route);
      if (run.value.rateLimits) servedBy.rateLimits = run.value.rateLimits;
      if (!continuesStreams(this.config, request)) {
        const only = run.value;
        streamed = only;
        const target = run.target;
        return { stream: true, served: servedBy, chunks: only, costUsd: () => segmentsCost([{ target, usage: only.usage }]), finalServed: () => servedBy };
      }
      const plannedRoute = route;
      const continued = continueOnBreak(run.value, run.target, {
        resume: (after, partial) => this.#resume(plannedRoute, after, partial, request, execute, openStream),
        onContinued: (from, error, to, sentChars) => markContinued(start.trace.attempts, from, error, to, sentChars, (text) => this.redact(text)),
        onEnd: (ended, brokeLate) => this.#recordStream(start, plannedRoute, ended.target, ended.segments, brokeLate, ended.completed, committedAt),
      }, () => lateError);
      streamed = continued;
      return {
        stream: true,
        served: servedBy,
        chunks: continued,
        costUsd: () => segmentsCost(continued.segments),
        finalServed: () => served(start.requestId, continued.target, start.trace.attempts, plannedRoute),
      };
    } catch (error) {
      if (this.#observers.length) emit(this.#observers, failedRecord(start, route, error));
      throw error;
    }
  }

  /** A continuation of a broken stream on the route's candidates after `after` (continue-stream.ts). */
  async #resume(
    route: Route, after: RouteTarget, partial: string, request: ChatRequest, execute: ExecuteOptions,
    openStream: (sent: ChatRequest, provider: ProviderRuntime, target: RouteTarget, attempt: AttemptSignal) => Promise<ChatStream>,
  ): Promise<Resumed | undefined> {
    const rest = route.targets.slice(route.targets.indexOf(after) + 1);
    if (rest.length === 0 || execute.signal?.aborted) return undefined;
    try {
      const run = await executeRoute({ ...route, targets: rest }, execute, async (target, attempt) => {
        const mode = continuationMode(target.provider.id, target.upstreamModel, request);
        const stream = await openStream(continuationRequest(request, partial, mode), continuationProvider(target.provider, mode), target, attempt);
        return { stream, mode };
      });
      return { stream: run.value.stream, mode: run.value.mode, target: run.target };
    } catch {
      // Nothing could continue it (every failure is in the trace): the caller gets the original break.
      return undefined;
    }
  }

  #recordStream(start: RecordStart, route: Route, target: RouteTarget, segments: readonly StreamSegment[], brokeLate: boolean, completed: boolean, committedAt: number): void {
    if (!this.#observers.length) return;
    const record = servedRecord(start, route, target, segmentsUsage(segments),
      { ttftMs: committedAt - start.startedHr, streamedMs: performance.now() - committedAt },
      { status: 200, error: brokeLate ? 'stream_broken' : completed ? null : 'client_closed' });
    emit(this.#observers, segments.length > 1 ? { ...record, costUsd: segmentsCost(segments) } : record);
  }

  /** Text to speech down its own route (ElevenLabs, then OpenAI's speech endpoint, per the map). */
  async speech(request: SpeechRequest, options: ChatCallOptions = {}): Promise<SpeechResult> {
    const start = this.#start(options, 'speech', request.model, true, undefined);
    let route: Route | undefined;
    try {
      route = this.planner.planSpeech(request);
      if (options.modelAccess) route = options.modelAccess.restrict(route);
      const run = await executeRoute(route, this.#executeOptions(options.signal, undefined, undefined, start.trace), (target, attempt) => {
        const codec = DIALECTS.get(target.provider.entry.dialect)!.speech!;
        const ctx: SpeechAttemptContext = { provider: target.provider, upstreamModel: target.upstreamModel, request, requestId: start.requestId, clock: this.#clock };
        return runSpeechAttempt(codec, ctx, this.#transport, attempt);
      });
      // Speech is billed by input character.
      const chars = { tokensIn: request.input.length, tokensOut: 0 };
      if (this.#observers.length) emit(this.#observers, servedRecord(start, route, run.target, chars, { ttftMs: performance.now() - start.startedHr, streamedMs: 0 }, { status: 200, error: null }));
      const { rateLimits, ...audio } = run.value;
      const servedBy = served(start.requestId, run.target, run.attempts, route);
      if (rateLimits) servedBy.rateLimits = rateLimits;
      return { served: servedBy, costUsd: costOf(run.target.offering, chars.tokensIn, 0), ...audio };
    } catch (error) {
      if (this.#observers.length) emit(this.#observers, failedRecord(start, route, error));
      throw error;
    }
  }

  /** Text to vectors down its route: the same model on each provider that serves it, never another model. */
  async embeddings(request: EmbeddingsRequest, options: ChatCallOptions = {}): Promise<EmbeddingsResult> {
    const start = this.#start(options, 'embeddings', request.model, false, request.user);
    let route: Route | undefined;
    try {
      route = this.planner.planEmbeddings(request);
      if (options.modelAccess) route = options.modelAccess.restrict(route);
      const texts = inputList(request.input);
      const run = await executeRoute(route, this.#executeOptions(options.signal, undefined, undefined, start.trace), async (target, attempt) => {
        const codec = DIALECTS.get(target.provider.entry.dialect)!.embeddings!;
        const ctx: EmbeddingsAttemptContext = { provider: target.provider, upstreamModel: target.upstreamModel, request, texts, requestId: start.requestId, clock: this.#clock };
        try {
          return await runEmbeddingsAttempt(codec, ctx, this.#transport, attempt);
        } finally {
          attempt.release();
        }
      });
      const usage = { tokensIn: run.value.response.usage.prompt_tokens, tokensOut: 0 };
      if (this.#observers.length) emit(this.#observers, servedRecord(start, route, run.target, usage, { ttftMs: null, streamedMs: 0 }, { status: 200, error: null }));
      const servedBy = served(start.requestId, run.target, run.attempts, route);
      const limits = rateLimitHeaders(run.value.headers);
      if (limits) servedBy.rateLimits = limits;
      return { served: servedBy, response: run.value.response, costUsd: costOf(run.target.offering, usage.tokensIn, 0) };
    } catch (error) {
      if (this.#observers.length) emit(this.#observers, failedRecord(start, route, error));
      throw withSameModelNote(error, route);
    }
  }

  /**
   * Lends an ingress that runs its own attempts down the route (OpenAI's Responses API: ingress/responses/respond.ts)
   * what a chat request runs on, with the record of the request started. The ingress calls the engine, never the reverse.
   */
  lend(options: ChatCallOptions, operation: RecordStart['operation'], requestedModel: string, stream: boolean, user: string | undefined): { parts: LentParts; start: RecordStart } {
    const start = this.#start(options, operation, requestedModel, stream, user);
    return {
      start,
      parts: {
        planner: this.planner,
        health: this.health,
        transport: this.#transport,
        clock: this.#clock,
        observers: this.#observers,
        redact: (text) => this.redact(text),
        executeOptions: (signal, timeoutMs, deadlineMs, trace) => this.#executeOptions(signal, timeoutMs, deadlineMs, trace),
        served: (run, route) => served(start.requestId, run.target, run.attempts, route),
        ...(options.modelAccess ? { restrict: (route: Route) => options.modelAccess!.restrict(route) } : {}),
      },
    };
  }

  /** Records a request refused before routing (bad JSON, a schema violation, a body over the limit). */
  recordRejected(details: { requestId: string; client?: string | undefined; clientKeyId?: string | undefined; operation: RecordStart['operation']; model?: string; stream?: boolean; error: unknown }): void {
    if (!this.#observers.length) return;
    const start = this.#start({ requestId: details.requestId, ...(details.client ? { client: details.client } : {}), ...(details.clientKeyId ? { clientKeyId: details.clientKeyId } : {}) }, details.operation, details.model ?? '', details.stream === true, undefined);
    emit(this.#observers, failedRecord(start, undefined, details.error));
  }

  /** One upstream call outside any route (e.g. a token count), over the engine's connection pools. */
  sendUpstream(request: WireRequest, signal: CancelSignal): Promise<WireResponse> {
    return this.#transport.send(request, signal);
  }

  /** Adds a receiver of finished-request records (request log, metrics, dashboard). */
  addObserver(observer: RequestObserver): void {
    this.#observers.push(observer);
  }

  #start(options: ChatCallOptions, operation: RecordStart['operation'], requestedModel: string, stream: boolean, user: string | undefined): RecordStart {
    const start: RecordStart = {
      at: this.#clock.now(),
      startedHr: performance.now(),
      requestId: options.requestId ?? randomUuid(),
      client: options.client ?? user ?? null,
      operation,
      requestedModel,
      stream,
      trace: { attempts: [], waitedMs: 0 },
    };
    if (options.clientKeyId) start.clientKeyId = options.clientKeyId;
    return start;
  }

  #executeOptions(signal: CancelSignal | undefined, timeoutMs: number | undefined, deadlineMs: number | undefined, trace: RouteTrace): ExecuteOptions {
    return {
      clock: this.#clock,
      random: this.#random,
      health: this.health,
      retries: this.config.retries,
      signal,
      attemptMs: timeoutMs ?? this.config.timeouts.attemptMs,
      clientLimits: clientLimits({ timeoutMs, deadlineMs }, this.config.timeouts),
      deadlineAt: this.#clock.now() + (deadlineMs ?? this.config.timeouts.deadlineMs),
      redact: this.#redactText,
      trace,
      timedFromDispatch: this.#transport.reportsDispatch === true,
    };
  }

  async close(): Promise<void> {
    // Records of the last requests are still on their way to the observers (they go out after the answer).
    flushRecords();
    if (this.#ownsTransport && this.#transport instanceof HttpTransport) await this.#transport.close();
  }
}

function served(requestId: string, target: RouteTarget, attempts: AttemptRecord[], route: Route): Served {
  // Fields set one by one, in the order a spread of the optional ones gave them: no temporary objects.
  const out: Served = { requestId, provider: target.provider.id, model: target.upstreamModel, level: target.level, attempts };
  if (route.canonical) out.canonical = route.canonical;
  if (target.substituteFor) {
    out.substituteFor = target.substituteFor;
    out.substituted = `${target.substituteFor} -> ${target.upstreamModel}`;
  }
  return out;
}
