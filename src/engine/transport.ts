import { Agent } from 'undici';
import type { Transport, WholeResponse, WireRequest, WireResponse } from '../dialects/types.js';
import { WholeBodyHandler } from './whole-body-handler.js';
import type { Timeouts } from '../config/config.js';
import type { CancelSignal } from '../internal/cancel.js';

export interface HttpTransportOptions {
  timeouts: Pick<Timeouts, 'connectMs' | 'firstByteMs' | 'idleMs'>;
  /** Upper bound of open connections per upstream origin. */
  connectionsPerOrigin?: number;
}

/**
 * Upstream HTTP over undici's keep-alive pools (one pool per origin, created on first use).
 * First-byte and idle timeouts are undici's own, so they cost no timer per request.
 */
export class HttpTransport implements Transport {
  #agent: Agent;
  #timeouts: HttpTransportOptions['timeouts'];
  readonly #connections: number;
  /** Agents replaced by a timeout change, closing once their requests in flight are done. */
  readonly #retiring = new Set<Promise<void>>();

  constructor(options: HttpTransportOptions) {
    this.#timeouts = { ...options.timeouts };
    this.#connections = options.connectionsPerOrigin ?? 256;
    this.#agent = this.#createAgent();
  }

  /**
   * New connect, first-byte and idle timeouts (a config reload): requests from now on go through a new pool with
   * them; those in flight finish on the old one, which then closes.
   */
  setTimeouts(timeouts: HttpTransportOptions['timeouts']): void {
    const now = this.#timeouts;
    if (now.connectMs === timeouts.connectMs && now.firstByteMs === timeouts.firstByteMs && now.idleMs === timeouts.idleMs) return;
    this.#timeouts = { ...timeouts };
    const old = this.#agent;
    this.#agent = this.#createAgent();
    const closing = old.close().catch(() => undefined).finally(() => this.#retiring.delete(closing));
    this.#retiring.add(closing);
  }

  #createAgent(): Agent {
    return new Agent({
      connections: this.#connections,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: this.#timeouts.firstByteMs,
      bodyTimeout: this.#timeouts.idleMs,
      connect: { timeout: this.#timeouts.connectMs },
    });
  }

  async send(request: WireRequest, signal: CancelSignal): Promise<WireResponse> {
    const response = await this.#agent.request({
      origin: request.origin,
      path: request.path,
      method: request.method,
      headers: request.headers,
      body: request.body,
      // undici accepts any EventTarget-like signal; the engine's is a plain object (an AbortController costs ~5 µs).
      signal: signal as AbortSignal,
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  }

  sendWhole(request: WireRequest, signal: CancelSignal, errorBodyLimit: number, answerLimit = Infinity): Promise<WholeResponse> {
    return new Promise((resolve, reject) => {
      const handler = new WholeBodyHandler(signal, errorBodyLimit, answerLimit, resolve, reject);
      this.#agent.dispatch({ origin: request.origin, path: request.path, method: request.method, headers: request.headers, body: request.body ?? null }, handler);
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.#agent.close(), ...this.#retiring]);
  }
}
