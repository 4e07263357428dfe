import { isDeepStrictEqual } from 'node:util';
import type { GatewayConfig } from '../config/config.js';
import type { Transport } from '../dialects/types.js';
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { withOverrides, type OfferingOverride } from '../catalog/overrides.js';
import { systemClock, type Clock } from '../internal/clock.js';
import { HealthTracker } from '../health/health-tracker.js';
import { MemoryHealthStore, type HealthStore } from '../health/health-store.js';
import { FallbackPlanner } from '../routing/fallback-planner.js';
import type { Planner } from '../routing/planner.js';
import type { RequestObserver } from './request-record.js';
import { HttpTransport, transportOptionsOf } from './transport.js';
import { Engine } from './engine.js';

export interface BuildEngineOptions {
  config: GatewayConfig;
  /** Default: pools of its own, closed with the engine. */
  transport?: Transport;
  clock?: Clock;
  /** Source of randomness for backoff jitter (tests make it fixed). */
  random?: () => number;
  healthStore?: HealthStore;
  /** A tracker shared with other engines (a runtime rebuilds its engine on reload and keeps its health). */
  health?: HealthTracker;
  /** Receivers of finished-request records; the array is used as given, so its owner can add to it later. */
  observers?: RequestObserver[];
  /** The catalog the config's overrides are laid over. Default: the shipped one with the last good sync (loadCatalog). */
  catalog?: Catalog;
  /** A planner of the caller's own (tests); default the fallback planner over this catalog and config. */
  planner?: Planner;
}

/**
 * The one way an engine is assembled: the server (through its runtime), the SDK and every CLI command call this, so
 * they all plan with the same catalog (the config's catalog overrides laid over it) and the same planner and
 * cannot disagree about what a model resolves to. See docs/architecture.md, "The walk of one request".
 */
export function buildEngine(options: BuildEngineOptions): Engine {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const transport = options.transport ?? new HttpTransport(transportOptionsOf(config));
  const health = options.health ?? new HealthTracker(options.healthStore ?? new MemoryHealthStore(), clock, config.health);
  const catalog = withOverridesKept(options.catalog ?? loadCatalog(), config.catalogOverrides);
  const planner = options.planner ?? new FallbackPlanner({
    providers: config.providers,
    catalog,
    fallbackMap: config.fallbackMap,
    health,
    costPolicy: config.costPolicy,
    substitute: config.substitute,
  });
  return new Engine({
    config, transport, ownsTransport: options.transport === undefined, clock, random: options.random ?? Math.random, health,
    observers: options.observers ?? [], catalog, planner,
  });
}

/** The last overridden catalog built from each base catalog, with the overrides it was built with. */
const overridden = new WeakMap<Catalog, { overrides: readonly OfferingOverride[]; catalog: Catalog }>();

/**
 * The catalog with these overrides: the same instance while neither the base nor the overrides change (the planner
 * caches by it, and a runtime rebuilds its engine on every reload).
 */
function withOverridesKept(base: Catalog, overrides: readonly OfferingOverride[]): Catalog {
  if (overrides.length === 0) return base;
  const kept = overridden.get(base);
  if (kept && isDeepStrictEqual(kept.overrides, overrides)) return kept.catalog;
  const catalog = withOverrides(base, overrides);
  overridden.set(base, { overrides, catalog });
  return catalog;
}
