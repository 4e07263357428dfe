import { randomUUID } from 'node:crypto';
import type { AttemptContext, Transport } from '../dialects/types.js';
import type { ChatCompletion, ChatRequest } from '../types/chat.js';
import type { GatewayConfig } from '../config/config.js';
import type { Planner } from '../routing/planner.js';
import type { Route, RouteTarget } from '../routing/route.js';
import { FallbackPlanner } from '../routing/fallback-planner.js';
import { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { DIALECTS } from '../dialects/index.js';
import { ProviderError } from '../errors/provider-error.js';
import { GatewayError } from '../errors/gateway-error.js';
import { sleep, systemClock, type Clock } from '../internal/clock.js';
import { Redactor } from '../internal/redact.js';
import { HealthTracker } from '../health/health-tracker.js';
import { MemoryHealthStore, type HealthStore } from '../health/health-store.js';
import { HttpTransport } from './transport.js';
import { AttemptSignal } from './attempt-signal.js';
import { runCompletionAttempt } from './run-completion.js';
import { openCommittedStream, type ChatStream } from './committed-stream.js';
import { retryDelay } from './retry.js';
import { finalError } from './final-error.js';
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
    for (const provider of options.config.providers.values()) if (provider.key) keys.push(provider.key.reveal());
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
    const timeouts = this.config.timeouts;
    const attemptMs = request.wai?.timeout_ms ?? timeouts.attemptMs;
    const deadlineAt = this.#clock.now() + (request.wai?.deadline_ms ?? timeouts.deadlineMs);
    const attempts: AttemptRecord[] = [];
    const errors: ProviderError[] = [];
    let invalidRequests = 0;
    /** After a context-length failure, offerings no larger than the one that failed are skipped. */
    let tooSmallWindow = 0;

    for (const target of route.targets) {
      if (target.offering && target.offering.contextWindow <= tooSmallWindow) {
        route.skipped.push({ provider: target.provider.id, upstreamModel: target.upstreamModel, level: target.level, reason: 'context_too_small', detail: `an offering with a ${tooSmallWindow}-token window already refused this request` });
        continue;
      }
      if (!this.health.acquire(target.provider.id, target.upstreamModel)) {
        route.skipped.push({ provider: target.provider.id, upstreamModel: target.upstreamModel, level: target.level, reason: 'breaker_open', detail: 'another request is probing it' });
        continue;
      }
      const dialect = DIALECTS.get(target.provider.entry.dialect)!;
      const ctx: AttemptContext = {
        provider: target.provider,
        upstreamModel: target.upstreamModel,
        request,
        stream,
        includeUsage: request.stream_options?.include_usage === true,
        requestId,
        clock: this.#clock,
      };
      for (let retries = 0; ; retries++) {
        if (options.signal?.aborted) throw clientGone();
        const remaining = deadlineAt - this.#clock.now();
        if (remaining <= 0) break;
        const started = this.#clock.now();
        const attempt = new AttemptSignal(this.#clock, options.signal, attemptMs, deadlineAt);
        try {
          if (!stream) {
            const decoded = await runCompletionAttempt(dialect, ctx, this.#transport, attempt);
            attempt.release();
            const took = this.#clock.now() - started;
            this.health.recordSuccess(target.provider.id, target.upstreamModel, took);
            attempts.push(success(target, took));
            return { stream: false, served: served(requestId, target, attempts, route), ...decoded };
          }
          const chunks = await openCommittedStream(dialect, ctx, this.#transport, attempt, {
            redact: (text) => this.redact(text),
            onLateFailure: (error) => this.health.recordFailure(target.provider.id, target.upstreamModel, error),
            onEnd: () => {},
          });
          const took = this.#clock.now() - started;
          this.health.recordSuccess(target.provider.id, target.upstreamModel, took);
          attempts.push(success(target, took));
          return { stream: true, served: served(requestId, target, attempts, route), chunks };
        } catch (error) {
          attempt.release();
          if (options.signal?.aborted) throw clientGone();
          if (!ProviderError.is(error)) throw error;
          errors.push(error);
          attempts.push(failure(target, error, this.#clock.now() - started));
          this.health.recordFailure(target.provider.id, target.upstreamModel, error);
          const delay = retryDelay(error, retries, this.config.retries, this.#random, deadlineAt - this.#clock.now());
          if (delay === undefined) break;
          if (delay > 0) await sleep(this.#clock, delay, options.signal).catch(() => undefined);
        }
      }
      const last = errors[errors.length - 1];
      if (last?.errorClass === 'context_length') tooSmallWindow = Math.max(tooSmallWindow, target.offering?.contextWindow ?? 0);
      // A request the providers call invalid gets one more level, not the whole route.
      if (last?.errorClass === 'invalid_request' && ++invalidRequests >= 2) break;
      if (this.#clock.now() >= deadlineAt) break;
    }
    throw finalError(route, attempts, errors, (text) => this.redact(text));
  }

  async close(): Promise<void> {
    if (this.#ownsTransport && this.#transport instanceof HttpTransport) await this.#transport.close();
  }
}

function success(target: RouteTarget, durationMs: number): AttemptRecord {
  return { provider: target.provider.id, model: target.upstreamModel, level: target.level, ok: true, durationMs };
}

function failure(target: RouteTarget, error: ProviderError, durationMs: number): AttemptRecord {
  return {
    provider: target.provider.id,
    model: target.upstreamModel,
    level: target.level,
    ok: false,
    errorClass: error.errorClass,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.code !== undefined ? { code: error.code } : {}),
    message: error.message,
    durationMs,
  };
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

function clientGone(): GatewayError {
  return new GatewayError(499, 'The client closed the request', { code: 'client_closed_request' });
}
