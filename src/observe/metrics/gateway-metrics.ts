import { Counter, Gauge, Registry } from 'prom-client';
import { FastCounter, FastHistogram } from './series.js';
import type { RequestObserver, RequestRecord } from '../../engine/request-record.js';
import type { HealthTracker } from '../../health/health-tracker.js';
import type { BreakerState } from '../../health/breaker-state.js';
import { isModelKey, isProviderKey, parseBreakerKey } from '../../health/health-key.js';
import type { GatewayConfig } from '../../config/config.js';
import type { ErrorClass } from '../../errors/error-class.js';

/** A finished probe as the probe gauges count it (the doctor's ProbeResult is one; the doctor sits above observe). */
export interface ProbeOutcome {
  provider: string;
  ok: boolean;
  latencyMs: number;
  errorClass?: ErrorClass;
}

/** Where the metrics read what they collect at scrape time. */
export interface MetricsSource {
  health: HealthTracker;
  /** The configuration in force now (it changes on reload). */
  readonly config: GatewayConfig;
}

/** Breaker state as a number: 0 closed, 1 half-open (the next request is a probe), 2 open. */
export function breakerValue(state: BreakerState | undefined, now: number): 0 | 1 | 2 {
  if (!state || state.state === 'closed') return 0;
  if (state.state === 'half_open') return 1;
  return now < state.openUntil ? 2 : 1;
}

const NONE = 'none';
/**
 * Most provider+model breaker series one scrape shows. Breakers exist for every model attempted, and a caller
 * can name models that do not exist; open ones are listed first, so what matters is kept.
 */
export const MAX_MODEL_BREAKER_SERIES = 500;

/** Seconds buckets for whole requests: from a cached answer to a long stream. */
const REQUEST_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];
const TTFT_BUCKETS = [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30];
/** What the gateway itself adds: sub-millisecond when healthy. */
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

/**
 * The gateway's Prometheus metrics, in a registry of its own (one per runtime, never prom-client's global one).
 * Request counters are updated from request records (a few map lookups, no I/O); breaker states are read from
 * health at scrape time. Labels are bounded: providers, served upstream models, levels, statuses, error classes.
 */
export class GatewayMetrics implements RequestObserver {
  readonly registry = new Registry();
  readonly #source: MetricsSource;

  readonly #requests: FastCounter<'provider' | 'model' | 'level' | 'status' | 'operation'>;
  readonly #requestErrors: FastCounter<'provider' | 'error'>;
  readonly #duration: FastHistogram<'provider' | 'operation' | 'stream'>;
  readonly #ttft: FastHistogram<'provider'>;
  readonly #overhead: FastHistogram<'operation'>;
  readonly #attempts: FastCounter<'provider' | 'class'>;
  readonly #retries: FastCounter<'provider'>;
  readonly #fallbacks: FastCounter<'provider' | 'class'>;
  readonly #tokens: FastCounter<'provider' | 'direction'>;
  readonly #cost: FastCounter<'provider'>;
  readonly #probeUp: Gauge<'provider'>;
  readonly #probeLatency: Gauge<'provider'>;
  readonly #probes: Counter<'provider' | 'result'>;

  constructor(source: MetricsSource) {
    this.#source = source;
    const registers = [this.registry];
    // One line a metric: its name, labels (and buckets), then what it counts.
    const counter = <L extends string>(name: string, labelNames: L[], help: string) => new FastCounter<L>({ name, help, labelNames, registers });
    const histogram = <L extends string>(name: string, labelNames: L[], buckets: number[], help: string) => new FastHistogram<L>({ name, help, labelNames, buckets, registers });
    const gauge = <L extends string>(name: string, labelNames: L[], help: string) => new Gauge<L>({ name, help, labelNames, registers });
    const probeCounter = <L extends string>(name: string, labelNames: L[], help: string) => new Counter<L>({ name, help, labelNames, registers });
    this.#requests = counter('wai_requests_total', ['provider', 'model', 'level', 'status', 'operation'], 'Finished requests, by the provider and upstream model that served them ("none" when none did), fallback level and HTTP status.');
    this.#requestErrors = counter('wai_request_errors_total', ['provider', 'error'], 'Requests that went wrong, by provider and what went wrong (the last attempt\'s error class, stream_broken, client_closed, gateway).');
    this.#duration = histogram('wai_request_duration_seconds', ['provider', 'operation', 'stream'], REQUEST_BUCKETS, 'Whole request time, all attempts included (streams: to the end of the stream).');
    this.#ttft = histogram('wai_time_to_first_token_seconds', ['provider'], TTFT_BUCKETS, 'Streams: from the request\'s start to the first content event.');
    this.#overhead = histogram('wai_gateway_overhead_seconds', ['operation'], OVERHEAD_BUCKETS, 'Time the gateway itself added: total minus upstream time minus backoff waits.');
    this.#attempts = counter('wai_attempts_total', ['provider', 'class'], 'Upstream attempts, by provider and outcome (ok, or the error class).');
    this.#retries = counter('wai_retries_total', ['provider'], 'Attempts that repeated the previous attempt\'s provider and model after a transient failure.');
    this.#fallbacks = counter('wai_fallbacks_total', ['provider', 'class'], 'Moves to another provider or model after a failed attempt, by the provider that failed and the error class.');
    this.#tokens = counter('wai_tokens_total', ['provider', 'direction'], 'Tokens (characters, for speech) as the serving provider reported them; direction "in" (prompt) or "out" (completion).');
    this.#cost = counter('wai_cost_usd_total', ['provider'], 'USD spent, from the catalog price of what served each request.');
    this.#probeUp = gauge('wai_probe_up', ['provider'], 'Last background probe of the provider: 1 working, 0 failing.');
    this.#probeLatency = gauge('wai_probe_latency_seconds', ['provider'], 'Duration of the last background probe of the provider.');
    this.#probes = probeCounter('wai_probes_total', ['provider', 'result'], 'Background probes, by provider and result (ok, or the error class).');

    const metrics = this;
    new Gauge({
      name: 'wai_provider_breaker_state',
      help: 'Provider-wide breaker: 0 closed, 1 half-open, 2 open. Every keyed provider is listed.',
      labelNames: ['provider'], registers,
      collect() {
        this.reset();
        for (const [provider, value] of metrics.providerBreakers()) this.set({ provider }, value);
      },
    });
    new Gauge({
      name: 'wai_model_breaker_state',
      help: `Provider+model breakers that are not closed: 1 half-open, 2 open (at most ${MAX_MODEL_BREAKER_SERIES} series, open ones first).`,
      labelNames: ['provider', 'model'], registers,
      collect() {
        this.reset();
        for (const { provider, model, value } of metrics.modelBreakers()) this.set({ provider, model }, value);
      },
    });
  }

  requestFinished(record: RequestRecord): void {
    const provider = record.servedProvider ?? NONE;
    this.#requests.inc({
      provider,
      model: record.servedModel ?? NONE,
      level: record.level === null ? NONE : String(record.level),
      status: String(record.status),
      operation: record.operation,
    });
    if (record.error !== null) this.#requestErrors.inc({ provider, error: record.error });
    this.#duration.observe({ provider, operation: record.operation, stream: record.stream ? 'true' : 'false' }, record.totalMs / 1000);
    if (record.ttftMs !== null && record.stream) this.#ttft.observe({ provider }, record.ttftMs / 1000);
    this.#overhead.observe({ operation: record.operation }, record.overheadMs / 1000);

    const attempts = record.attempts;
    for (let i = 0; i < attempts.length; i++) {
      const attempt = attempts[i]!;
      this.#attempts.inc({ provider: attempt.provider, class: attempt.ok ? 'ok' : attempt.errorClass ?? 'unknown' });
      const next = attempts[i + 1];
      if (attempt.ok || !next) continue;
      if (next.provider === attempt.provider && next.model === attempt.model) this.#retries.inc({ provider: attempt.provider });
      else this.#fallbacks.inc({ provider: attempt.provider, class: attempt.errorClass ?? 'unknown' });
    }

    if (record.servedProvider !== null) {
      if (record.tokensIn !== null && record.tokensIn > 0) this.#tokens.inc({ provider, direction: 'in' }, record.tokensIn);
      if (record.tokensOut !== null && record.tokensOut > 0) this.#tokens.inc({ provider, direction: 'out' }, record.tokensOut);
      if (record.costUsd !== null && record.costUsd > 0) this.#cost.inc({ provider }, record.costUsd);
    }
  }

  /** A background probe finished. */
  probeFinished(result: ProbeOutcome): void {
    this.#probeUp.set({ provider: result.provider }, result.ok ? 1 : 0);
    this.#probeLatency.set({ provider: result.provider }, result.latencyMs / 1000);
    this.#probes.inc({ provider: result.provider, result: result.ok ? 'ok' : result.errorClass ?? 'unknown' });
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every keyed provider (0 unless a breaker says otherwise), plus any provider with a provider-wide breaker. */
  providerBreakers(): Map<string, 0 | 1 | 2> {
    const out = new Map<string, 0 | 1 | 2>();
    for (const provider of this.#source.config.providers.values()) if (provider.hasKey) out.set(provider.id, 0);
    const now = this.#source.health.now();
    for (const { key, state } of this.#source.health.breakers()) {
      if (isProviderKey(key)) out.set(parseBreakerKey(key).provider, breakerValue(state, now));
    }
    return out;
  }

  /** Provider+model breakers that are not closed (a closed one is simply absent). */
  modelBreakers(): Array<{ provider: string; model: string; value: 0 | 1 | 2 }> {
    const out: Array<{ provider: string; model: string; value: 0 | 1 | 2 }> = [];
    const now = this.#source.health.now();
    for (const { key, state } of this.#source.health.breakers()) {
      if (!isModelKey(key)) continue;
      const { provider, model } = parseBreakerKey(key);
      if (model === null) continue;
      const value = breakerValue(state, now);
      if (value !== 0) out.push({ provider, model, value });
    }
    if (out.length <= MAX_MODEL_BREAKER_SERIES) return out;
    return out.sort((a, b) => b.value - a.value).slice(0, MAX_MODEL_BREAKER_SERIES);
  }
}
