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
  readonly #agent: Agent;

  constructor(options: HttpTransportOptions) {
    this.#agent = new Agent({
      connections: options.connectionsPerOrigin ?? 256,
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: options.timeouts.firstByteMs,
      bodyTimeout: options.timeouts.idleMs,
      connect: { timeout: options.timeouts.connectMs },
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

  sendWhole(request: WireRequest, signal: CancelSignal, errorBodyLimit: number): Promise<WholeResponse> {
    return new Promise((resolve, reject) => {
      const handler = new WholeBodyHandler(signal, errorBodyLimit, resolve, reject);
      this.#agent.dispatch({ origin: request.origin, path: request.path, method: request.method, headers: request.headers, body: request.body ?? null }, handler);
    });
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}
