import { randomUUID } from 'node:crypto';
import type { AttemptContext, SpeechAttemptContext, Transport } from '../dialects/types.js';
import type { SpeechRequest } from '../types/speech.js';
import { runSpeechAttempt, type SpeechAudio } from './run-speech.js';
import type { ChatCompletion, ChatRequest } from '../types/chat.js';
import type { GatewayConfig } from '../config/config.js';
import type { Planner } from '../routing/planner.js';
import type { Route, RouteTarget } from '../routing/route.js';
import { FallbackPlanner } from '../routing/fallback-planner.js';
import { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { DIALECTS } from '../dialects/index.js';
import { systemClock, type Clock } from '../internal/clock.js';
import { Redactor } from '../internal/redact.js';
import { HealthTracker } from '../health/health-tracker.js';
import { MemoryHealthStore, type HealthStore } from '../health/health-store.js';
import { HttpTransport } from './transport.js';
import { runCompletionAttempt } from './run-completion.js';
import { openCommittedStream, type ChatStream } from './committed-stream.js';
import { executeRoute, type ExecuteOptions } from './execute-route.js';
import type { AttemptRecord, Served } from './attempt-record.js';

export type { ChatStream, StreamItem } from './committed-stream.js';

export interface EngineOptions {
  config: GatewayConfig;
  transport?: Transport;
  clock?: Clock;
  /** Source of randomness for backoff jitter (tests make it fixed). */
  random?: () => number;
  healthStore?: HealthStore;
  catalog?: Catalog;
  planner?: Planner;
}

export interface ChatCallOptions {
  signal?: AbortSignal;
  requestId?: string;
}

/** A whole answer. `passthrough` holds the upstream bytes when they can be sent as they are. */
export interface CompletionResult {
  stream: false;
  served: Served;
  completion: ChatCompletion;
  passthrough?: Uint8Array;
}

export interface StreamResult {
  stream: true;
  served: Served;
  chunks: ChatStream;
}

export type ChatResult = CompletionResult | StreamResult;

export interface SpeechResult extends SpeechAudio {
  served: Served;
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

  constructor(options: EngineOptions) {
    this.config = options.config;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#ownsTransport = options.transport === undefined;
    this.#transport = options.transport ?? new HttpTransport({ timeouts: options.config.timeouts });
    this.health = new HealthTracker(options.healthStore ?? new MemoryHealthStore(), this.#clock, options.config.health);
    this.catalog = options.catalog ?? loadCatalog();
    this.planner = options.planner ?? new FallbackPlanner({
      providers: options.config.providers,
      catalog: this.catalog,
      fallbackMap: options.config.fallbackMap,
      health: this.health,
      costPolicy: options.config.costPolicy,
    });
    const keys: string[] = [];
    for (const provider of options.config.providers.values()) {
      if (provider.key) keys.push(provider.key.reveal());
      // Secrets that travel beside the key (AWS secret access key, session token).
      for (const [name, value] of Object.entries(provider.settings)) if (value && /secret|token|password/i.test(name)) keys.push(value);
    }
    this.#redactor = new Redactor(keys);
  }

  /** Removes every configured key from a text (for messages that came from elsewhere). */
  redact(text: string): string {
    return this.#redactor.redact(text);
  }

  plan(request: ChatRequest): Route {
    return this.planner.plan(request);
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResult> {
    const requestId = options.requestId ?? randomUUID();
    const route = this.planner.plan(request);
    const stream = request.stream === true;
    const includeUsage = request.stream_options?.include_usage === true;
    const run = await executeRoute(route, this.#executeOptions(options.signal, request.wai?.timeout_ms, request.wai?.deadline_ms), async (target, attempt) => {
      const dialect = DIALECTS.get(target.provider.entry.dialect)!;
      const ctx: AttemptContext = {
        provider: target.provider, upstreamModel: target.upstreamModel, request, stream, includeUsage, requestId, clock: this.#clock,
      };
      if (!stream) {
        const decoded = await runCompletionAttempt(dialect, ctx, this.#transport, attempt);
        attempt.release();
        return decoded;
      }
      return openCommittedStream(dialect, ctx, this.#transport, attempt, {
        redact: (text) => this.redact(text),
        onLateFailure: (error) => this.health.recordFailure(target.provider.id, target.upstreamModel, error),
        onEnd: () => {},
      });
    });
    const servedBy = served(requestId, run.target, run.attempts, route);
    if ('completion' in run.value) return { stream: false, served: servedBy, ...run.value };
    return { stream: true, served: servedBy, chunks: run.value };
  }

  /** Text to speech down its own route (ElevenLabs, then OpenAI's speech endpoint, per the map). */
  async speech(request: SpeechRequest, options: ChatCallOptions = {}): Promise<SpeechResult> {
    const requestId = options.requestId ?? randomUUID();
    const route = this.planner.planSpeech(request);
    const run = await executeRoute(route, this.#executeOptions(options.signal, undefined, undefined), (target, attempt) => {
      const codec = DIALECTS.get(target.provider.entry.dialect)!.speech!;
      const ctx: SpeechAttemptContext = { provider: target.provider, upstreamModel: target.upstreamModel, request, requestId, clock: this.#clock };
      return runSpeechAttempt(codec, ctx, this.#transport, attempt);
    });
    return { served: served(requestId, run.target, run.attempts, route), ...run.value };
  }

  #executeOptions(signal: AbortSignal | undefined, timeoutMs: number | undefined, deadlineMs: number | undefined): ExecuteOptions {
    return {
      clock: this.#clock,
      random: this.#random,
      health: this.health,
      retries: this.config.retries,
      signal,
      attemptMs: timeoutMs ?? this.config.timeouts.attemptMs,
      deadlineAt: this.#clock.now() + (deadlineMs ?? this.config.timeouts.deadlineMs),
      redact: (text) => this.redact(text),
    };
  }

  async close(): Promise<void> {
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
    ...(target.substituteFor ? { substituteFor: target.substituteFor } : {}),
  };
}
