import type { GatewayConfig } from '../config/config.js';
import type { Transport } from '../dialects/types.js';
import type { Clock } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import type { RequestObserver } from '../engine/request-record.js';
import type { HealthStore } from '../health/health-store.js';
import type { Engine } from '../engine/engine.js';
import { buildEngine } from '../engine/build-engine.js';
import { HttpTransport, transportOptionsOf } from '../engine/transport.js';
import { HealthTracker } from '../health/health-tracker.js';
import { MemoryHealthStore } from '../health/health-store.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import type { Catalog } from '../catalog/catalog.js';
import type { CatalogStatus } from '../catalog/catalog-refresher.js';
import { systemClock } from '../internal/clock.js';
import { connectRedisHealth } from '../health/connect-redis.js';
import { flushRecords } from '../engine/record-builder.js';

export type ReloadOutcome = { applied: true } | { applied: false; reason: string };

export interface RuntimeOptions {
  config: GatewayConfig;
  log: Logger;
  transport?: Transport;
  clock?: Clock;
  healthStore?: HealthStore;
  catalog?: Catalog;
}

/**
 * What lives as long as the process: connection pools, provider health, the catalog, the observers
 * (request log, metrics, dashboard feed). The engine is rebuilt when the configuration changes; a request
 * keeps the engine it started with, so a reload never disturbs one in flight.
 */
export class GatewayRuntime {
  readonly log: Logger;
  readonly clock: Clock;
  readonly transport: Transport;
  readonly health: HealthTracker;
  /** The shipped catalog (with the synced OpenRouter offerings); each engine gets it with the config's overrides. */
  #catalog: Catalog;
  /** What keeps the catalog following the live model lists, under `wai serve`: its status, and a way to wait for it. */
  catalogRefresher: { status(): CatalogStatus; settled(): Promise<boolean>; refresh(): Promise<boolean> } | undefined;
  /** Shared by every engine this runtime builds. */
  readonly observers: RequestObserver[] = [];
  /** Things to stop on close (request log, background probes …), last added first. */
  readonly #closers: Array<() => Promise<void> | void> = [];
  readonly #ownsTransport: boolean;
  /** The Redis URL the configuration asks for (whether or not it could be reached); a reload that changes it switches stores. */
  #redisUrl: string | undefined;
  /** What reloads set off (a health store switch, a new request log, probes), run one after another; settled() and close() wait for it. */
  #reloading: Promise<void> = Promise.resolve();
  readonly #reloadListeners: Array<(outcome: ReloadOutcome) => void> = [];
  readonly #applyListeners: Array<(config: GatewayConfig, previous: GatewayConfig) => Promise<void> | void> = [];
  #engine: Engine;
  #closed = false;

  constructor(options: RuntimeOptions) {
    this.log = options.log;
    this.clock = options.clock ?? systemClock;
    this.#ownsTransport = options.transport === undefined;
    this.transport = options.transport ?? new HttpTransport(transportOptionsOf(options.config));
    this.#redisUrl = options.config.redisUrl?.reveal();
    this.health = new HealthTracker(options.healthStore ?? new MemoryHealthStore(), this.clock, options.config.health);
    this.#catalog = options.catalog ?? loadCatalog();
    this.#engine = this.#build(options.config);
  }

  get catalog(): Catalog {
    return this.#catalog;
  }

  /** A refreshed catalog (a sync of a live model list): new requests plan with it, requests in flight keep theirs. */
  replaceCatalog(catalog: Catalog): void {
    this.#catalog = catalog;
    this.#engine = this.#build(this.#engine.config);
  }

  get engine(): Engine {
    return this.#engine;
  }

  get config(): GatewayConfig {
    return this.#engine.config;
  }

  /** Puts a new configuration in force for the requests that start from now on. */
  apply(config: GatewayConfig): void {
    this.health.policy = config.health;
    // Connect, first-byte and idle timeouts and the connection limit live in the pools; attempt and deadline ones in the engine.
    if (this.transport instanceof HttpTransport) this.transport.reconfigure(transportOptionsOf(config));
    const redisUrl = config.redisUrl?.reveal();
    if (redisUrl !== this.#redisUrl) {
      this.#redisUrl = redisUrl;
      this.#after(() => this.#switchHealthStore(redisUrl));
    }
    const previous = this.#engine.config;
    this.#engine = this.#build(config);
    for (const listener of this.#applyListeners) this.#after(() => listener(config, previous));
    this.#notify({ applied: true });
  }

  /** Runs after what earlier reloads set off, one at a time; a failure is logged and does not stop the next. */
  #after(task: () => Promise<void> | void): void {
    this.#reloading = this.#reloading.then(task).catch((error: unknown) => {
      this.log.error({ err: error }, 'config reload: a component could not take the new settings');
    });
  }

  /**
   * Called with each configuration put in force and the one before it, for parts built outside the engine (the
   * request log). What it returns is awaited by settled() and close().
   */
  onApply(listener: (config: GatewayConfig, previous: GatewayConfig) => Promise<void> | void): void {
    this.#applyListeners.push(listener);
  }

  /** Resolves once what a reload set off (a health store switch, a new request log) is done. */
  settled(): Promise<void> {
    return this.#reloading;
  }

  /**
   * Breaker states move to the Redis the configuration now names, or back to this process's memory. Until the new
   * store is connected the old one keeps serving; a Redis that cannot be reached leaves memory in use, and says so.
   */
  async #switchHealthStore(url: string | undefined): Promise<void> {
    const next: HealthStore | undefined = url ? await connectRedisHealth(url, this.log) : new MemoryHealthStore();
    // A later reload asked for something else meanwhile, or the runtime closed: this store is not wanted.
    if (url !== this.#redisUrl || this.#closed) {
      await next?.close?.();
      return;
    }
    if (!next) return;
    const old = this.health.useStore(next);
    if (!url) this.log.info('breaker state kept in this process from now on (no Redis configured)');
    await old.close?.();
  }

  /** A config edit was refused; the running config stays. */
  reloadRefused(reason: string): void {
    this.#notify({ applied: false, reason });
  }

  /** Called after every reload attempt (tests and the dashboard use it). */
  onReload(listener: (outcome: ReloadOutcome) => void): void {
    this.#reloadListeners.push(listener);
  }

  #notify(outcome: ReloadOutcome): void {
    for (const listener of this.#reloadListeners) listener(outcome);
  }

  addObserver(observer: RequestObserver): void {
    this.observers.push(observer);
  }

  removeObserver(observer: RequestObserver): void {
    const at = this.observers.indexOf(observer);
    if (at !== -1) this.observers.splice(at, 1);
  }

  onClose(closer: () => Promise<void> | void): void {
    this.#closers.push(closer);
  }

  async close(): Promise<void> {
    this.#closed = true;
    // Records of the last requests are still on their way to the observers (they go out after the answer).
    flushRecords();
    await this.#reloading;
    for (const closer of this.#closers.reverse()) await closer();
    await this.health.store.close?.();
    if (this.#ownsTransport && this.transport instanceof HttpTransport) await this.transport.close();
  }

  #build(config: GatewayConfig): Engine {
    return buildEngine({ config, transport: this.transport, clock: this.clock, health: this.health, catalog: this.catalog, observers: this.observers });
  }
}
