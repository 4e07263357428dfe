import type { ErrorClass } from './error-class.js';

/** Stable codes for failures that have no upstream status of their own. */
export type LocalFailureCode =
  | 'connect_failed'
  | 'connection_reset'
  | 'first_byte_timeout'
  | 'idle_timeout'
  | 'attempt_timeout'
  | 'deadline_exceeded'
  | 'connection_wait_timeout'
  | 'malformed_response'
  | 'response_too_large'
  /** Whole answers being read already held the gateway's answer budget: the gateway's own limit, not the provider's failure. */
  | 'answer_budget_full'
  | 'truncated_stream'
  | 'stream_error'
  /** A committed stream ran past timeouts.streamMs. */
  | 'stream_timeout'
  | 'aborted'
  /** A time limit the caller set (wai.timeout_ms, wai.deadline_ms) cut the attempt: not the provider's failure. */
  | 'client_timeout';

export interface ProviderErrorInit {
  errorClass: ErrorClass;
  provider: string;
  model: string;
  message: string;
  /** Upstream HTTP status, when there was one. */
  status?: number;
  /** Upstream error code or type, or a local failure code. */
  code?: string;
  retryAfterMs?: number;
  /** The upstream error body as the provider sent it (already known to hold no key of ours). */
  upstreamBody?: unknown;
  cause?: unknown;
}

const MARK = Symbol.for('wai.ProviderError');

/** One failed attempt, classified. Dialects create these; the executor decides from `errorClass`. */
export class ProviderError extends Error {
  readonly errorClass: ErrorClass;
  readonly provider: string;
  readonly model: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly upstreamBody: unknown;
  readonly [MARK] = true;

  constructor(init: ProviderErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ProviderError';
    this.errorClass = init.errorClass;
    this.provider = init.provider;
    this.model = init.model;
    this.status = init.status;
    this.code = init.code;
    this.retryAfterMs = init.retryAfterMs;
    this.upstreamBody = init.upstreamBody;
  }

  get retryable(): boolean {
    return this.errorClass === 'transient';
  }

  static is(value: unknown): value is ProviderError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARK] === true;
  }
}
