import { Agent } from 'undici';
import type { Transport, WholeResponse, WireRequest, WireResponse } from '../dialects/types.js';
import { WholeBodyHandler } from './whole-body-handler.js';
import { StreamBodyHandler } from './stream-body-handler.js';
import { abortReason } from './signalled-handler.js';
import { DEFAULT_ANSWER_BUDGET, type GatewayConfig, type Timeouts } from '../config/config.js';
import { AnswerBudget } from './answer-budget.js';
import type { CancelSignal } from '../internal/cancel.js';

export interface HttpTransportOptions {
  timeouts: Pick<Timeouts, 'connectMs' | 'firstByteMs' | 'idleMs'>;
  /** Upper bound of open connections per upstream origin; 0 or absent means none (undici's own default). */
  connectionsPerOrigin?: number;
  /** The most bytes all whole answers being read may hold at once (answer-budget.ts); DEFAULT_ANSWER_BUDGET when absent. */
  answerBudgetBytes?: number;
}

/** The transport's settings as a configuration gives them (at start and on every reload). */
export function transportOptionsOf(config: GatewayConfig): HttpTransportOptions {
  return { timeouts: config.timeouts, connectionsPerOrigin: config.upstream.connectionsPerOrigin, answerBudgetBytes: config.answerBudgetBytes };
}

/**
 * Upstream HTTP over undici's keep-alive pools (one pool per origin, created on first use).
 * First-byte and idle timeouts are undici's own, so they cost no timer per request.
 */
export class HttpTransport implements Transport {
  readonly reportsDispatch = true;
  #agent: Agent;
  #timeouts: HttpTransportOptions['timeouts'];
  #connections: number;
  /** Agents replaced by a timeout change, closing once their requests in flight are done. */
  readonly #retiring = new Set<Promise<void>>();
  /** Shared by every whole answer read through this transport, whichever pool it came from. */
  readonly answerBudget: AnswerBudget;

  constructor(options: HttpTransportOptions) {
    this.answerBudget = new AnswerBudget(options.answerBudgetBytes ?? DEFAULT_ANSWER_BUDGET);
    this.#timeouts = { ...options.timeouts };
    this.#connections = options.connectionsPerOrigin ?? 0;
    this.#agent = this.#createAgent();
  }

  /**
   * New connect, first-byte and idle timeouts or a new connection limit (a config reload): requests from now on go
   * through a new pool with them; those in flight finish on the old one, which then closes.
   */
  reconfigure(options: HttpTransportOptions): void {
    // Answers in flight keep what they hold; the new budget applies to what they take from now on.
    this.answerBudget.limitBytes = options.answerBudgetBytes ?? DEFAULT_ANSWER_BUDGET;
    const now = this.#timeouts;
    const { timeouts } = options;
    const connections = options.connectionsPerOrigin ?? 0;
    if (now.connectMs === timeouts.connectMs && now.firstByteMs === timeouts.firstByteMs && now.idleMs === timeouts.idleMs && connections === this.#connections) return;
    this.#timeouts = { ...timeouts };
    this.#connections = connections;
    const old = this.#agent;
    this.#agent = this.#createAgent();
    const closing = old.close().catch(() => undefined).finally(() => this.#retiring.delete(closing));
    this.#retiring.add(closing);
  }

  #createAgent(): Agent {
    return new Agent({
      // null is undici's "no limit": HTTP/1.1 needs a connection per concurrent stream.
      connections: this.#connections > 0 ? this.#connections : null,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: this.#timeouts.firstByteMs,
      bodyTimeout: this.#timeouts.idleMs,
      connect: { timeout: this.#timeouts.connectMs },
    });
  }

  send(request: WireRequest, signal: CancelSignal): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(abortReason(signal));
      const handler = new StreamBodyHandler(signal, resolve, reject);
      this.#agent.dispatch({ origin: request.origin, path: request.path, method: request.method, headers: request.headers, body: request.body ?? null }, handler);
    });
  }

  sendWhole(request: WireRequest, signal: CancelSignal, errorBodyLimit: number, answerLimit = Infinity): Promise<WholeResponse> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(abortReason(signal));
      const handler = new WholeBodyHandler(signal, errorBodyLimit, answerLimit, this.answerBudget, resolve, reject);
      this.#agent.dispatch({ origin: request.origin, path: request.path, method: request.method, headers: request.headers, body: request.body ?? null }, handler);
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.#agent.close(), ...this.#retiring]);
  }
}
