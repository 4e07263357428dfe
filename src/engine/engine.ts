import { randomUUID } from 'node:crypto';
import type { AttemptContext, Dialect, Transport } from '../dialects/types.js';
import type { ChatCompletion, ChatRequest, Usage } from '../types/chat.js';
import type { GatewayConfig } from '../config/config.js';
import type { Planner } from '../routing/planner.js';
import type { Route, RouteTarget } from '../routing/route.js';
import { DirectPlanner } from '../routing/planner.js';
import { DIALECTS } from '../dialects/index.js';
import { ProviderError } from '../errors/provider-error.js';
import { GatewayError, type OpenAIErrorBody } from '../errors/gateway-error.js';
import { systemClock, type Clock } from '../internal/clock.js';
import { Redactor } from '../internal/redact.js';
import { HttpTransport } from './transport.js';
import { AttemptSignal } from './attempt-signal.js';
import { runCompletionAttempt } from './run-completion.js';
import { openStreamAttempt, type UpstreamEvent } from './run-stream.js';
import { finalError } from './final-error.js';
import type { AttemptRecord, Served } from './attempt-record.js';

export interface EngineOptions {
  config: GatewayConfig;
  transport?: Transport;
  clock?: Clock;
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

/** What a committed stream yields: chunk JSON texts, then possibly one error event. */
export type StreamItem = { type: 'chunk'; json: string } | { type: 'error'; error: OpenAIErrorBody };

export interface ChatStream extends AsyncIterable<StreamItem> {
  /** Usage seen so far (complete once the iteration ends). */
  readonly usage: Usage | undefined;
  /** True once the upstream finished properly. */
  readonly completed: boolean;
}

export interface StreamResult {
  stream: true;
  served: Served;
  chunks: ChatStream;
}

export type ChatResult = CompletionResult | StreamResult;

/**
 * Runs a request down its route: one attempt after another until one serves it.
 * The HTTP server and the SDK both call this; neither knows about providers or dialects.
 */
export class Engine {
  readonly config: GatewayConfig;
  readonly #transport: Transport;
  readonly #ownsTransport: boolean;
  readonly #clock: Clock;
  readonly #planner: Planner;
  readonly #redactor: Redactor;

  constructor(options: EngineOptions) {
    this.config = options.config;
    this.#clock = options.clock ?? systemClock;
    this.#ownsTransport = options.transport === undefined;
    this.#transport = options.transport ?? new HttpTransport({ timeouts: options.config.timeouts });
    this.#planner = options.planner ?? new DirectPlanner(options.config.providers);
    const keys: string[] = [];
    for (const provider of options.config.providers.values()) if (provider.key) keys.push(provider.key.reveal());
    this.#redactor = new Redactor(keys);
  }

  /** Removes every configured key from a text (for messages that came from elsewhere). */
  redact(text: string): string {
    return this.#redactor.redact(text);
  }

  plan(request: ChatRequest): Route {
    return this.#planner.plan(request);
  }

  async chat(request: ChatRequest, options: ChatCallOptions = {}): Promise<ChatResult> {
    const requestId = options.requestId ?? randomUUID();
    const route = this.#planner.plan(request);
    const stream = request.stream === true;
    const timeouts = this.config.timeouts;
    const attemptMs = request.wai?.timeout_ms ?? timeouts.attemptMs;
    const deadlineAt = this.#clock.now() + (request.wai?.deadline_ms ?? timeouts.deadlineMs);
    const attempts: AttemptRecord[] = [];
    const errors: ProviderError[] = [];

    for (const target of route.targets) {
      if (options.signal?.aborted) throw clientGone();
      if (this.#clock.now() >= deadlineAt) break;
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
      const started = this.#clock.now();
      const attempt = new AttemptSignal(this.#clock, options.signal, attemptMs, deadlineAt);
      try {
        if (!stream) {
          const decoded = await runCompletionAttempt(dialect, ctx, this.#transport, attempt);
          attempt.release();
          attempts.push(success(target, this.#clock.now() - started));
          return { stream: false, served: served(requestId, target, attempts), ...decoded };
        }
        const chunks = await this.#openCommittedStream(dialect, ctx, attempt);
        attempts.push(success(target, this.#clock.now() - started));
        return { stream: true, served: served(requestId, target, attempts), chunks };
      } catch (error) {
        attempt.release();
        if (options.signal?.aborted) throw clientGone();
        if (!ProviderError.is(error)) throw error;
        errors.push(error);
        attempts.push(failure(target, error, this.#clock.now() - started));
      }
    }
    throw finalError(route, attempts, errors, (text) => this.redact(text));
  }

  /**
   * Reads the stream up to its first content event. A failure before it throws (the executor moves on
   * with the caller having seen nothing); after it, the stream belongs to the caller.
   */
  async #openCommittedStream(dialect: Dialect, ctx: AttemptContext, attempt: AttemptSignal): Promise<ChatStream> {
    let usage: Usage | undefined;
    const events = await openStreamAttempt(dialect, ctx, this.#transport, attempt, (u) => { usage = u; });
    const held: string[] = [];
    let first: UpstreamEvent | undefined;
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      const event = next.value;
      if (event.type === 'error') throw event.error;
      if (event.type === 'done' || event.content) {
        first = event;
        break;
      }
      held.push(event.json);
    }
    // Committed: the attempt timeout no longer applies; the idle timeout still guards the rest.
    attempt.disarm();
    const redact = (text: string) => this.redact(text);
    const state = { completed: first?.type === 'done' };
    async function* items(): AsyncGenerator<StreamItem> {
      try {
        for (const json of held) yield { type: 'chunk', json };
        if (first?.type === 'frame') yield { type: 'chunk', json: first.json };
        for await (const event of events) {
          if (event.type === 'frame') yield { type: 'chunk', json: event.json };
          else if (event.type === 'done') state.completed = true;
          else {
            yield { type: 'error', error: streamErrorBody(event.error, redact) };
            return;
          }
        }
      } finally {
        attempt.release();
        await events.return();
      }
    }
    const iterable = items();
    return {
      [Symbol.asyncIterator]: () => iterable,
      get usage() { return usage; },
      get completed() { return state.completed; },
    };
  }

  async close(): Promise<void> {
    if (this.#ownsTransport && this.#transport instanceof HttpTransport) await this.#transport.close();
  }
}

function streamErrorBody(error: ProviderError, redact: (text: string) => string): OpenAIErrorBody {
  const gatewayError = new GatewayError(error.status ?? 502, `${error.provider}: ${redact(error.message)}`, {
    code: error.code ?? error.errorClass,
    details: { provider: error.provider, error_class: error.errorClass },
  });
  return gatewayError.toBody();
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

function served(requestId: string, target: RouteTarget, attempts: AttemptRecord[]): Served {
  return { requestId, provider: target.provider.id, model: target.upstreamModel, level: target.level, attempts };
}

function clientGone(): GatewayError {
  return new GatewayError(499, 'The client closed the request', { code: 'client_closed_request' });
}
