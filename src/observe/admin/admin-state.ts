import type { GatewayRuntime } from '../../runtime/gateway-runtime.js';
import type { RequestObserver, RequestRecord } from '../../engine/request-record.js';
import type { ErrorClass } from '../../errors/error-class.js';
import type { AttemptRecord } from '../../engine/attempt-record.js';
import type { BreakerState } from '../../health/breaker-state.js';
import { peek } from '../../health/breaker.js';
import { parseBreakerKey } from '../../health/health-key.js';
import { Ring } from './rolling.js';
import { UsageAggregator } from './usage.js';
import { EventHub } from './event-hub.js';

export interface AdminOptions {
  /** Recent requests kept for /admin/requests (default 500). */
  requests?: number;
  /** Attempts kept per provider for the success rate and latency percentiles (default 200). */
  attemptsPerProvider?: number;
  /** Comment lines on /admin/events so proxies and browsers keep the stream open (default 15 s). */
  heartbeatMs?: number;
  /** How often breakers are compared for /admin/events while someone listens (default 1 s). */
  breakerPollMs?: number;
}

/** One attempt as the per-provider window keeps it. */
export interface WindowAttempt {
  at: number;
  ok: boolean;
  durationMs: number;
}

export interface LastError {
  at: number;
  model: string;
  status: number | null;
  errorClass: ErrorClass | null;
  message: string | null;
}

export interface ProviderWindow {
  attempts: Ring<WindowAttempt>;
  lastError: LastError | undefined;
  lastSuccessAt: number | undefined;
  /** An operator reset: failures before it no longer make the provider "failing". */
  resetAt: number | undefined;
}

/** A breaker as /admin/events reports its changes. */
export interface BreakerEvent {
  key: string;
  provider: string;
  /** Set for a provider+model breaker. */
  model: string | null;
  /** `closed` also when the breaker was removed (a reset) or closed after a success. */
  state: 'closed' | 'open' | 'half_open';
  /** Open, but its cool-down is over: the next request is let through as a probe. */
  probeReady: boolean;
  until: number | null;
  reason: ErrorClass | null;
  status: number | null;
  at: number;
}

/**
 * What the admin API and the dashboard show, kept in memory per runtime: the last requests with their attempts,
 * a rolling window of attempts per provider, usage per second over the last day, and the live event feed.
 * It is a request observer: cheap, and it never throws on the request's path.
 */
export class AdminState implements RequestObserver {
  readonly runtime: GatewayRuntime;
  readonly requests: Ring<RequestRecord>;
  readonly usage = new UsageAggregator();
  readonly events: EventHub;
  readonly attemptsPerProvider: number;
  readonly #windows = new Map<string, ProviderWindow>();
  #breakerPollMs: number;
  /** Last breaker picture sent to listeners: key → fingerprint. */
  #breakerPicture = new Map<string, string>();
  #breakerTimer: ReturnType<typeof setInterval> | undefined;
  #breakerCheckQueued = false;

  constructor(runtime: GatewayRuntime, options: AdminOptions = {}) {
    this.runtime = runtime;
    this.requests = new Ring(options.requests ?? 500);
    this.attemptsPerProvider = options.attemptsPerProvider ?? 200;
    this.#breakerPollMs = options.breakerPollMs ?? 1_000;
    this.events = new EventHub({
      heartbeatMs: options.heartbeatMs ?? 15_000,
      onFirstListener: () => this.#startBreakerWatch(),
      onLastListenerGone: () => this.#stopBreakerWatch(),
    });
  }

  /** Adjusts the live-feed timings (they take effect when the next listener connects). */
  configure(options: Pick<AdminOptions, 'heartbeatMs' | 'breakerPollMs'>): void {
    if (options.breakerPollMs !== undefined) this.#breakerPollMs = options.breakerPollMs;
    if (options.heartbeatMs !== undefined) this.events.setHeartbeat(options.heartbeatMs);
  }

  requestFinished(finished: RequestRecord): void {
    try {
      const record = this.#redacted(finished);
      this.requests.push(record);
      for (const attempt of record.attempts) {
        if (!countsForHealth(attempt)) continue;
        const window = this.window(attempt.provider);
        const at = record.at;
        window.attempts.push({ at, ok: attempt.ok, durationMs: attempt.durationMs });
        if (attempt.ok) window.lastSuccessAt = at;
        else {
          window.lastError = {
            at,
            model: attempt.model,
            status: attempt.status ?? null,
            errorClass: attempt.errorClass ?? null,
            message: attempt.message ?? null,
          };
        }
      }
      this.usage.add(record.at + record.totalMs, {
        tokensIn: record.tokensIn,
        tokensOut: record.tokensOut,
        costUsd: record.costUsd,
        error: record.status >= 400,
      });
      if (this.events.listeners > 0) {
        this.events.broadcast('request', record);
        this.#queueBreakerCheck();
      }
    } catch {
      // Best-effort by contract: the dashboard must never fail a request.
    }
  }

  /**
   * Upstream error messages can echo a key; records reach observers as the engine saw them, so attempt messages
   * are redacted here, before anything is kept or sent.
   */
  #redacted(record: RequestRecord): RequestRecord {
    if (!record.attempts.some(hasMessage)) return record;
    const engine = this.runtime.engine;
    return { ...record, attempts: record.attempts.map((a) => (a.message ? { ...a, message: engine.redact(a.message) } : a)) };
  }

  window(provider: string): ProviderWindow {
    let window = this.#windows.get(provider);
    if (!window) {
      window = { attempts: new Ring(this.attemptsPerProvider), lastError: undefined, lastSuccessAt: undefined, resetAt: undefined };
      this.#windows.set(provider, window);
    }
    return window;
  }

  peekWindow(provider: string): ProviderWindow | undefined {
    return this.#windows.get(provider);
  }

  /** Operator reset of a provider: closes its breakers and tells the listeners. */
  resetProvider(provider: string): void {
    this.runtime.health.reset(provider);
    this.window(provider).resetAt = this.runtime.health.now();
    this.checkBreakers();
  }

  /** Every breaker of the store with its verdict now (open breakers whose cool-down has run out are probe-ready). */
  breakerEvents(): BreakerEvent[] {
    const now = this.runtime.health.now();
    const policy = this.runtime.health.policy;
    return this.runtime.health.breakers().map(({ key, state }) => toEvent(key, state, peek(state, now, policy) === 'probe', now));
  }

  /** Compares the breakers with what listeners were last told, and sends the differences. */
  checkBreakers(): void {
    if (this.events.listeners === 0) {
      this.#breakerPicture = new Map(this.breakerEvents().map((e) => [e.key, fingerprint(e)]));
      return;
    }
    const now = this.runtime.health.now();
    const next = new Map<string, string>();
    for (const event of this.breakerEvents()) {
      const print = fingerprint(event);
      next.set(event.key, print);
      if (this.#breakerPicture.get(event.key) !== print) this.events.broadcast('breaker', event);
    }
    for (const key of this.#breakerPicture.keys()) {
      if (!next.has(key)) {
        const { provider, model } = parseBreakerKey(key);
        this.events.broadcast('breaker', { key, provider, model, state: 'closed', probeReady: false, until: null, reason: null, status: null, at: now } satisfies BreakerEvent);
      }
    }
    this.#breakerPicture = next;
  }

  close(): void {
    this.#stopBreakerWatch();
    this.events.closeAll();
  }

  #queueBreakerCheck(): void {
    if (this.#breakerCheckQueued) return;
    this.#breakerCheckQueued = true;
    setImmediate(() => {
      this.#breakerCheckQueued = false;
      try {
        this.checkBreakers();
      } catch {
        // A store that fails to answer is reported by the next poll.
      }
    });
  }

  #startBreakerWatch(): void {
    // Listeners are told about changes from now on, relative to what is true when they connect.
    this.#breakerPicture = new Map(this.breakerEvents().map((e) => [e.key, fingerprint(e)]));
    if (this.#breakerTimer) return;
    this.#breakerTimer = setInterval(() => {
      try {
        this.checkBreakers();
      } catch {
        // Try again on the next tick.
      }
    }, this.#breakerPollMs);
    this.#breakerTimer.unref();
  }

  #stopBreakerWatch(): void {
    if (this.#breakerTimer) clearInterval(this.#breakerTimer);
    this.#breakerTimer = undefined;
  }
}

/**
 * Whether an attempt says something about the provider (the health tracker's rule): the request's own faults
 * (invalid, too long), a caller who went away, and features a dialect refused before sending do not.
 */
export function countsForHealth(attempt: AttemptRecord): boolean {
  if (attempt.ok) return true;
  if (attempt.errorClass === 'invalid_request' || attempt.errorClass === 'context_length' || attempt.code === 'aborted') return false;
  return !(attempt.errorClass === 'unsupported' && attempt.status === undefined);
}

function toEvent(key: string, state: BreakerState, probeReady: boolean, now: number): BreakerEvent {
  const { provider, model } = parseBreakerKey(key);
  return {
    key,
    provider,
    model,
    state: state.state,
    probeReady,
    until: state.state === 'open' ? state.openUntil : null,
    reason: state.reason ?? null,
    status: state.lastStatus ?? null,
    at: now,
  };
}

function fingerprint(event: BreakerEvent): string {
  return `${event.state}|${event.probeReady}|${event.until ?? ''}|${event.reason ?? ''}|${event.status ?? ''}`;
}

const STATES = new WeakMap<GatewayRuntime, AdminState>();

/**
 * The admin state of a runtime, created and registered as an observer on first use. Call it when the gateway
 * starts so the dashboard's windows cover traffic from the start; otherwise the first admin or dashboard
 * request does it. Sizes apply to the call that creates it; feed timings can be adjusted by a later call.
 */
export function attachAdmin(runtime: GatewayRuntime, options: AdminOptions = {}): AdminState {
  let state = STATES.get(runtime);
  if (!state) {
    const created = new AdminState(runtime, options);
    state = created;
    STATES.set(runtime, created);
    runtime.addObserver(created);
    runtime.onClose(() => created.close());
  } else {
    state.configure(options);
  }
  return state;
}

const hasMessage = (attempt: AttemptRecord): boolean => !!attempt.message;
