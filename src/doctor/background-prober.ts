import type { GatewayConfig } from '../config/config.js';
import type { Transport } from '../dialects/types.js';
import type { Clock, TimerHandle } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import type { HealthTracker } from '../health/health-tracker.js';
import { keyedProviders, probeAll, probeLabel, redactorFor, type ProbeResult } from './probe.js';

/** What the prober needs from the runtime (a GatewayRuntime is one). */
export interface ProberHost {
  /** Read at every round, so a reload's providers, keys, interval and timeout apply from the next one. */
  readonly config: GatewayConfig;
  readonly clock: Clock;
  readonly transport: Transport;
  readonly health: HealthTracker;
  readonly log: Logger;
  onClose(closer: () => Promise<void> | void): void;
}

export interface BackgroundProberOptions {
  /** Each result as it arrives (the metrics' probe gauges). */
  onResult?: (result: ProbeResult) => void;
  /** Delay before the first round. Default 0: health knows about a rejected key before the first request. */
  initialDelayMs?: number;
  /**
   * A probe that needs a completion (Bedrock, Azure, Sarvam …) is billed: it runs at most this often.
   * Default: the larger of the probe interval and one hour.
   */
  billableIntervalMs?: number;
  /** Asked before each round: false skips it (another instance holds the probe lease). */
  mayProbe?: () => boolean;
}

/** Model name under which a model-list probe reports to health: it says nothing about any one model. */
export const PROVIDER_PROBE_MODEL = '*';

/**
 * Classes a probe may report to health. A probe proves the key and the endpoint, so only provider-wide findings
 * count: a rejected key, an exhausted quota, a provider that is down. A 429 may be the probe's own doing, and a
 * model list says nothing about a model.
 */
const REPORTED = new Set(['auth', 'quota', 'transient']);

/**
 * Runs the doctor's probes every `probes.intervalMs` on the runtime's clock (timers unref'd, so it never holds the
 * process open) and feeds health: a success closes what a probe can vouch for, a failure of a provider-wide
 * class counts against the provider's breaker. Rounds never overlap; close() abandons the one in flight.
 */
export class BackgroundProber {
  readonly #host: ProberHost;
  readonly #options: BackgroundProberOptions;
  #timer: TimerHandle | undefined;
  #stopped = false;
  #round: Promise<ProbeResult[]> | undefined;
  #abort: AbortController | undefined;
  /** Last outcome per provider (for logging changes only) and when a billed probe last ran. */
  readonly #lastOk = new Map<string, boolean>();
  readonly #lastBilled = new Map<string, number>();

  constructor(host: ProberHost, options: BackgroundProberOptions = {}) {
    this.#host = host;
    this.#options = options;
  }

  start(): void {
    this.#schedule(this.#options.initialDelayMs ?? 0);
  }

  /**
   * A config reload changed the interval, or turned probes back on: the wait under way restarts, with the new
   * interval or `delayMs`. A round in flight is left be (the next wait starts when it ends).
   */
  reschedule(delayMs?: number): void {
    if (this.#stopped || this.#timer === undefined) return;
    this.#host.clock.clearTimeout(this.#timer);
    this.#schedule(delayMs ?? this.#host.config.probes.intervalMs);
  }

  /** One round now (also what the timer runs). Resolves with the results that were fed to health. */
  async runOnce(): Promise<ProbeResult[]> {
    if (this.#round) return this.#round;
    this.#round = this.#probe().finally(() => {
      this.#round = undefined;
    });
    return this.#round;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#host.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#abort?.abort(new Error('gateway closing'));
    await this.#round?.catch(() => undefined);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = this.#host.clock.setTimeout(() => {
      this.#timer = undefined;
      this.runOnce().catch((error: unknown) => this.#host.log.warn({ err: error }, 'background probe round failed'))
        .finally(() => this.#schedule(this.#host.config.probes.intervalMs));
    }, ms);
    this.#timer.unref?.();
  }

  async #probe(): Promise<ProbeResult[]> {
    const config = this.#host.config;
    if (!config.probes.enabled || this.#stopped) return [];
    if (this.#options.mayProbe && !this.#options.mayProbe()) return [];
    const now = this.#host.clock.now();
    const billedEvery = this.#options.billableIntervalMs ?? Math.max(config.probes.intervalMs, 3_600_000);
    const due = keyedProviders(config).filter((p) => {
      const last = this.#lastBilled.get(p.id);
      return last === undefined || now - last >= billedEvery;
    });
    if (due.length === 0) return [];
    const abort = new AbortController();
    this.#abort = abort;
    const results = await probeAll(config, {
      transport: this.#host.transport,
      timeoutMs: config.probes.timeoutMs,
      clock: this.#host.clock,
      redactor: redactorFor(config),
      signal: abort.signal,
    }, undefined, due);
    this.#abort = undefined;
    // A round cut short by close() says nothing about the providers.
    if (abort.signal.aborted) return [];
    for (const result of results) this.#feed(result);
    return results;
  }

  #feed(result: ProbeResult): void {
    const { health, log, clock } = this.#host;
    if (result.kind === 'chat') this.#lastBilled.set(result.provider, clock.now());
    const model = result.model ?? PROVIDER_PROBE_MODEL;
    // A model-list probe proves the key, not how fast answers come: it does not feed the latency figures.
    if (result.ok) health.recordSuccess(result.provider, model, result.latencyMs, { countLatency: false });
    else if (result.error && REPORTED.has(result.error.errorClass)) health.recordFailure(result.provider, model, result.error);

    const before = this.#lastOk.get(result.provider);
    this.#lastOk.set(result.provider, result.ok);
    if (before !== result.ok && !(before === undefined && result.ok)) {
      const fields = { provider: result.provider, check: result.check, status: result.status, errorClass: result.errorClass, latencyMs: result.latencyMs };
      if (result.ok) log.info(fields, `probe: ${result.name} works again`);
      else log.warn({ ...fields, message: result.message }, `probe: ${probeLabel(result)} failed (${result.errorClass})`);
    }
    try {
      this.#options.onResult?.(result);
    } catch {
      // An observer must not stop the prober.
    }
  }
}

/** Starts the prober on a runtime and stops it when the runtime closes. */
export function startBackgroundProber(host: ProberHost, options: BackgroundProberOptions = {}): BackgroundProber {
  const prober = new BackgroundProber(host, options);
  host.onClose(() => prober.stop());
  prober.start();
  return prober;
}
