import { randomUUID } from 'node:crypto';
import type { AttemptContext, SpeechAttemptContext, Transport, WireRequest, WireResponse } from '../dialects/types.js';
import type { SpeechRequest } from '../types/speech.js';
import { runSpeechAttempt, type SpeechAudio } from './run-speech.js';
import type { ChatCompletion, ChatRequest } from '../types/chat.js';
import type { GatewayConfig } from '../config/config.js';
import type { Planner } from '../routing/planner.js';
import type { Route, RouteTarget } from '../routing/route.js';
import { FallbackPlanner } from '../routing/fallback-planner.js';
import { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { withOverrides } from '../catalog/overrides.js';
import { DIALECTS } from '../dialects/index.js';
import { systemClock, type Clock } from '../internal/clock.js';
import { Redactor } from '../internal/redact.js';
import { HealthTracker } from '../health/health-tracker.js';
import { MemoryHealthStore, type HealthStore } from '../health/health-store.js';
import { HttpTransport } from './transport.js';
import { runCompletionAttempt } from './run-completion.js';
import { openCommittedStream, type ChatStream } from './committed-stream.js';
import { executeRoute, markServedAttemptFailed, type ExecuteOptions, type RouteTrace } from './execute-route.js';
import type { RequestObserver } from '../observe/request-record.js';
import type { CancelSignal } from '../internal/cancel.js';
import { emit, failedRecord, flushRecords, servedRecord, usageCounts, type RecordStart } from '../observe/record-builder.js';
import { costOf } from '../observe/cost.js';
import { clientLimits } from './client-limits.js';
import type { AttemptRecord, Served } from './attempt-record.js';
import type { ResponsesRequest } from '../types/responses.js';
import { runResponses, type ResponsesCallOptions, type ResponsesResult } from '../ingress/responses/run-responses.js';

export type { ChatStream, StreamItem } from './committed-stream.js';

export interface EngineOptions {
  config: GatewayConfig;
  transport?: Transport;
  clock?: Clock;
  /** Source of randomness for backoff jitter (tests make it fixed). */
  random?: () => number;
  healthStore?: HealthStore;
  /** A tracker shared with other engines (a runtime rebuilds its engine on reload and keeps its health). */
  health?: HealthTracker;
  /** Receivers of finished-request records; the array is used as given, so its owner can add to it later. */
  observers?: RequestObserver[];
  catalog?: Catalog;
  planner?: Planner;
}

export interface ChatCallOptions {
  /** An AbortSignal, or the server's lighter ClientCancel. */
  signal?: CancelSignal;
  requestId?: string;
  /** Who is asking (for the request log). */
  client?: string;
  /** What the records call the request: an ingress over chat (Anthropic's /v1/messages) names itself. */
  operation?: 'chat' | 'messages';
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
}

export interface StreamResult {
  stream: true;
  served: Served;
  chunks: ChatStream;
  /** USD once the stream has ended (usage arrives last); null when unknown. */
  costUsd(): number | null;
}

export type ChatResult = CompletionResult | StreamResult;

export interface SpeechResult extends SpeechAudio {
  served: Served;
  costUsd: number | null;
}

/**
 * Runs a request down its route (design.md's five levels): one attempt after another until one serves it,
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

  constructor(options: EngineOptions) {
    this.config = options.config;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#observers = options.observers ?? [];
    this.#ownsTransport = options.transport === undefined;
    this.#transport = options.transport ?? new HttpTransport({ timeouts: options.config.timeouts, connectionsPerOrigin: options.config.upstream.connectionsPerOrigin });
    this.health = options.health ?? new HealthTracker(options.healthStore ?? new MemoryHealthStore(), this.#clock, options.config.health);
    // A catalog given by the caller (the runtime) already has the config's overrides; a loaded one gets them here.
    this.catalog = options.catalog ?? withOverrides(loadCatalog(), options.config.catalogOverrides);
    this.planner = options.planner ?? new FallbackPlanner({
      providers: options.config.providers,
      catalog: this.catalog,
      fallbackMap: options.config.fallbackMap,
      health: this.health,
      costPolicy: options.config.costPolicy,
      substitute: options.config.substitute,
    });
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
      const includeUsage = request.stream_options?.include_usage === true;
      let brokeLate = false;
      let streamed: ChatStream | undefined;
      const run = await executeRoute(route, this.#executeOptions(options.signal, request.wai?.timeout_ms, request.wai?.deadline_ms, start.trace), async (target, attempt) => {
        const dialect = DIALECTS.get(target.provider.entry.dialect)!;
        const ctx: AttemptContext = {
          provider: target.provider, upstreamModel: target.upstreamModel, request, stream, includeUsage, requestId: start.requestId, clock: this.#clock,
        };
        if (!stream) {
          const decoded = await runCompletionAttempt(dialect, ctx, this.#transport, attempt, this.config.answerLimitBytes);
          attempt.release();
          return decoded;
        }
        return openCommittedStream(dialect, ctx, this.#transport, attempt, {
          redact: (text) => this.redact(text),
          streamLimitMs: this.config.timeouts.streamMs,
          onLateFailure: (error) => {
            // A stream cut because the caller went away is the caller's doing: logged as client_closed, not broken.
            if (error.code !== 'aborted') brokeLate = true;
            this.health.recordFailure(target.provider.id, target.upstreamModel, error);
            markServedAttemptFailed(start.trace.attempts, target, error, (text) => this.redact(text));
          },
          onEnd: (ended) => {
            if (ended !== streamed || !this.#observers.length) return;
            emit(this.#observers, servedRecord(start, route!, run.target, usageCounts(ended.usage),
              { ttftMs: committedAt - start.startedHr, streamedMs: performance.now() - committedAt },
              { status: 200, error: brokeLate ? 'stream_broken' : ended.completed ? null : 'client_closed' }));
          },
        });
      });
      const committedAt = performance.now();
      const servedBy = served(start.requestId, run.target, run.attempts, route);
      if ('completion' in run.value) {
        const usage = usageCounts(run.value.completion.usage);
        const costUsd = costOf(run.target.offering, usage.tokensIn, usage.tokensOut);
        if (this.#observers.length) emit(this.#observers, servedRecord(start, route, run.target, usage, { ttftMs: null, streamedMs: 0 }, { status: 200, error: null }));
        return { stream: false, served: servedBy, costUsd, ...run.value };
      }
      streamed = run.value;
      const target = run.target;
      return {
        stream: true,
        served: servedBy,
        chunks: run.value,
        costUsd: () => costOf(target.offering, usageCounts(streamed!.usage).tokensIn, usageCounts(streamed!.usage).tokensOut),
      };
    } catch (error) {
      if (this.#observers.length) emit(this.#observers, failedRecord(start, route, error));
      throw error;
    }
  }

  /** Text to speech down its own route (ElevenLabs, then OpenAI's speech endpoint, per the map). */
  async speech(request: SpeechRequest, options: ChatCallOptions = {}): Promise<SpeechResult> {
    const start = this.#start(options, 'speech', request.model, true, undefined);
    let route: Route | undefined;
    try {
      route = this.planner.planSpeech(request);
      const run = await executeRoute(route, this.#executeOptions(options.signal, undefined, undefined, start.trace), (target, attempt) => {
        const codec = DIALECTS.get(target.provider.entry.dialect)!.speech!;
        const ctx: SpeechAttemptContext = { provider: target.provider, upstreamModel: target.upstreamModel, request, requestId: start.requestId, clock: this.#clock };
        return runSpeechAttempt(codec, ctx, this.#transport, attempt);
      });
      // Speech is billed by input character.
      const chars = { tokensIn: request.input.length, tokensOut: 0 };
      if (this.#observers.length) emit(this.#observers, servedRecord(start, route, run.target, chars, { ttftMs: performance.now() - start.startedHr, streamedMs: 0 }, { status: 200, error: null }));
      return { served: served(start.requestId, run.target, run.attempts, route), costUsd: costOf(run.target.offering, chars.tokensIn, 0), ...run.value };
    } catch (error) {
      if (this.#observers.length) emit(this.#observers, failedRecord(start, route, error));
      throw error;
    }
  }

  /** OpenAI's Responses API on the same route: passed through where the provider speaks it, translated elsewhere. */
  responses(request: ResponsesRequest, options: ChatCallOptions & ResponsesCallOptions = {}): Promise<ResponsesResult> {
    const start = this.#start(options, 'responses', request.model, request.stream === true, request.user);
    return runResponses({
      planner: this.planner,
      health: this.health,
      transport: this.#transport,
      clock: this.#clock,
      observers: this.#observers,
      redact: (text) => this.redact(text),
      executeOptions: (signal, timeoutMs, deadlineMs, trace) => this.#executeOptions(signal, timeoutMs, deadlineMs, trace),
      served: (run, route) => served(start.requestId, run.target, run.attempts, route),
    }, request, options, start);
  }

  /** Records a request refused before routing (bad JSON, a schema violation, a body over the limit). */
  recordRejected(details: { requestId: string; client?: string | undefined; operation: RecordStart['operation']; model?: string; stream?: boolean; error: unknown }): void {
    if (!this.#observers.length) return;
    const start = this.#start({ requestId: details.requestId, ...(details.client ? { client: details.client } : {}) }, details.operation, details.model ?? '', details.stream === true, undefined);
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
    return {
      at: this.#clock.now(),
      startedHr: performance.now(),
      requestId: options.requestId ?? randomUUID(),
      client: options.client ?? user ?? null,
      operation,
      requestedModel,
      stream,
      trace: { attempts: [], waitedMs: 0 },
    };
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
      redact: (text) => this.redact(text),
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
  return {
    requestId,
    provider: target.provider.id,
    model: target.upstreamModel,
    level: target.level,
    attempts,
    ...(route.canonical ? { canonical: route.canonical } : {}),
    ...(target.substituteFor ? { substituteFor: target.substituteFor, substituted: `${target.substituteFor} -> ${target.upstreamModel}` } : {}),
  };
}
