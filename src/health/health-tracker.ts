import type { Clock } from '../internal/clock.js';
import type { ProviderError } from '../errors/provider-error.js';
import type { BreakerState } from './breaker-state.js';
import type { HealthPolicy } from './health-policy.js';
import type { HealthStore } from './health-store.js';
import { acquire, onFailure, onSuccess, peek } from './breaker.js';
import { modelKey, modelKeyPrefix, providerKey } from './health-key.js';

/** Which breakers an error class trips: the whole provider, or only that provider's model. */
const PROVIDER_WIDE = new Set(['auth', 'quota']);

export interface BreakerView {
  key: string;
  verdict: 'closed' | 'open' | 'probe';
  state: BreakerState | undefined;
}

/** Observed speed and success per provider, for ordering and for operators. */
export interface ProviderStats {
  successes: number;
  failures: number;
  /** Exponentially weighted mean latency of successful attempts, ms. */
  latencyMs: number | undefined;
}

/**
 * Breakers per provider and per provider+model over a store, with the clock injected.
 * `peek` never changes anything (the planner uses it); `acquire` claims the half-open probe (the executor uses it).
 */
export class HealthTracker {
  /** Replaced when the configuration is reloaded. */
  policy: HealthPolicy;
  #store: HealthStore;
  readonly #clock: Clock;
  readonly #stats = new Map<string, ProviderStats>();

  /** Upstream messages can echo part of a key: every message kept here (and shared through a store) is cleaned. */
  redact: (text: string) => string = (text) => text;

  constructor(store: HealthStore, clock: Clock, policy: HealthPolicy) {
    this.#store = store;
    this.#clock = clock;
    this.policy = policy;
  }

  /** Where breaker states live now. */
  get store(): HealthStore {
    return this.#store;
  }

  /** Keeps breaker states in another store from now on (the config named another Redis, or none); returns the old one. */
  useStore(store: HealthStore): HealthStore {
    const old = this.#store;
    this.#store = store;
    return old;
  }

  now(): number {
    return this.#clock.now();
  }

  /** The breaker that blocks this provider+model now, if any. */
  blocking(provider: string, model: string): BreakerView | undefined {
    const now = this.#clock.now();
    return this.#blockingBy(providerKey(provider), now) ?? this.#blockingBy(modelKey(provider, model), now);
  }

  #blockingBy(key: string, now: number): BreakerView | undefined {
    const state = this.#store.get(key);
    return peek(state, now, this.policy) === 'open' ? { key, verdict: 'open', state } : undefined;
  }

  /** Claims the right to send to this provider+model (both breakers must allow it). */
  acquire(provider: string, model: string): boolean {
    const now = this.#clock.now();
    const pKey = providerKey(provider);
    const mKey = modelKey(provider, model);
    const pState = this.#store.get(pKey);
    const mState = this.#store.get(mKey);
    // Check both before claiming either, so a refused model does not use up the provider's probe.
    if (peek(pState, now, this.policy) === 'open' || peek(mState, now, this.policy) === 'open') return false;
    const p = acquire(pState, now, this.policy);
    const m = acquire(mState, now, this.policy);
    if (p.next !== pState && p.next) this.#store.set(pKey, p.next);
    if (m.next !== mState && m.next) this.#store.set(mKey, m.next);
    return p.allowed && m.allowed;
  }

  recordSuccess(provider: string, model: string, latencyMs: number, options: { countLatency?: boolean } = {}): void {
    const now = this.#clock.now();
    for (let i = 0; i < 2; i++) {
      const key = i === 0 ? providerKey(provider) : modelKey(provider, model);
      const state = this.#store.get(key);
      // A closed breaker with nothing to forget needs no write (keeps the hot path free of store traffic).
      if (state === undefined) continue;
      if (state.state === 'closed' && state.consecutiveFailures === 0 && now - state.windowStart < this.policy.windowMs) {
        state.windowTotal++;
        state.lastSuccessAt = now;
        continue;
      }
      const next = onSuccess(state, now, this.policy);
      // A breaker back to plain health is forgotten, so state is kept only for what failed lately (bounded memory).
      if (next.windowFailures === 0) this.#store.delete(key);
      else this.#store.set(key, next);
    }
    const stats = this.#statsFor(provider);
    stats.successes++;
    if (options.countLatency !== false) stats.latencyMs = stats.latencyMs === undefined ? latencyMs : stats.latencyMs * 0.8 + latencyMs * 0.2;
  }

  recordFailure(provider: string, model: string, error: ProviderError): void {
    this.#recordFailure(provider, model, error);
  }

  #recordFailure(provider: string, model: string, error: ProviderError): void {
    if (error.errorClass === 'invalid_request' || error.errorClass === 'context_length' || error.code === 'aborted') return;
    // The caller's own short time limit cut it, the time went by inside the gateway (waiting for a free
    // connection), or the gateway had no room for the answer: nothing is known about the provider.
    if (error.code === 'client_timeout' || error.code === 'connection_wait_timeout' || error.code === 'answer_budget_full') return;
    // A feature a dialect refused before sending concerns that one request, not the provider's health.
    if (error.errorClass === 'unsupported' && error.status === undefined) return;
    const now = this.#clock.now();
    const keys = PROVIDER_WIDE.has(error.errorClass) ? [providerKey(provider)] : [modelKey(provider, model)];
    // Transient failures count toward both: a provider failing on every model is down as a whole.
    if (error.errorClass === 'transient') keys.push(providerKey(provider));
    const message = this.redact(error.message);
    for (const key of keys) this.#store.set(key, onFailure(this.#store.get(key), error, now, this.policy, message));
    this.#statsFor(provider).failures++;
  }

  stats(provider: string): ProviderStats | undefined {
    return this.#stats.get(provider);
  }

  /** Every breaker that is not plainly closed, for operators. */
  breakers(): Array<{ key: string; state: BreakerState }> {
    const out: Array<{ key: string; state: BreakerState }> = [];
    for (const [key, state] of this.#store.entries()) if (state.state !== 'closed') out.push({ key, state });
    return out;
  }

  /** Closes every breaker of a provider (operator action). */
  reset(provider: string): void {
    for (const [key] of [...this.#store.entries()]) {
      if (key === providerKey(provider) || key.startsWith(modelKeyPrefix(provider))) this.#store.delete(key);
    }
  }

  #statsFor(provider: string): ProviderStats {
    let stats = this.#stats.get(provider);
    if (!stats) {
      stats = { successes: 0, failures: 0, latencyMs: undefined };
      this.#stats.set(provider, stats);
    }
    return stats;
  }
}
