import type { Clock, TimerHandle } from '../internal/clock.js';
import type { Logger } from '../internal/logger.js';
import type { ErrorClass } from '../errors/error-class.js';
import { Catalog } from './catalog.js';
import type { CatalogData } from './types.js';
import { mergeSyncedOfferings, type SyncChanges, type SyncedCatalog } from './synced-offerings.js';
import { fetchOpenRouterList, syncFromList, writeSyncedCatalog } from './sync-openrouter.js';
import { fetchDirectList, mergeDirectLists, type DirectList } from './direct-lists.js';
import type { ProviderRuntime } from '../providers/runtime.js';

/** A 404 "model not found" asks for a refresh; refreshes asked that way are at least this far apart. */
export const MIN_ASKED_REFRESH_GAP_MS = 10 * 60_000;

export interface CatalogStatus {
  /** The layer the catalog in force comes from: the shipped data, the last good sync cached on disk, or a live list. */
  inUse: 'shipped' | 'cache' | 'live';
  shipped: { asOf: string };
  cache: { path: string; asOf: string | null };
  live: {
    url: string;
    refreshHours: number;
    lastAttemptAt: string | null;
    lastSuccessAt: string | null;
    /** Why the last refresh was refused or failed (the last good catalog stayed in force); null after a success. */
    lastError: string | null;
    nextAt: string | null;
  };
  /** Age of the OpenRouter list in force, in ms (null: none, the shipped data stands). */
  ageMs: number | null;
  /** What the sync in force changed against the one before it. */
  changes: SyncChanges | null;
  /** Keyed providers' own model lists in force (they confirm direct offerings). */
  direct: Array<{ provider: string; asOf: string; listed: number }>;
}

export interface CatalogRefresherOptions {
  base: CatalogData;
  /** OpenRouter's API base (OPENROUTER_BASE_URL in tests: a loopback simulator). */
  baseUrl: () => string;
  cachePath: string;
  /** The sync found in the data folder at start, if any. */
  cached: SyncedCatalog | undefined;
  refreshHours: number;
  clock: Clock;
  log: Logger;
  /** Puts a refreshed catalog in force for new requests. */
  apply: (catalog: Catalog) => void;
  /** Keyed providers whose own model list is read at each refresh (see direct-lists.ts). */
  directProviders?: () => ProviderRuntime[];
}

/**
 * Keeps the catalog following OpenRouter's public model list: one refresh at start, in the background, then one every
 * `refreshHours`, and one (rate-limited) when an upstream says a model is not found. A failed or refused refresh
 * keeps the last good catalog and says so (log, status). Never on a request's path.
 */
/**
 * What the refresher reads of a finished request: its attempts. The engine's RequestRecord is one, so the runtime
 * adds the refresher as a request observer; the catalog sits below the engine and does not import it.
 */
export interface FinishedAttempts {
  attempts: ReadonlyArray<{ provider: string; model: string; errorClass?: ErrorClass }>;
}

export class CatalogRefresher {
  readonly #o: CatalogRefresherOptions;
  #synced: SyncedCatalog | undefined;
  #inUse: CatalogStatus['inUse'];
  #lastAttemptAt: number | null = null;
  #lastSuccessAt: number | null = null;
  #lastError: string | null = null;
  #nextAt: number | null = null;
  #timer: TimerHandle | undefined;
  #running: Promise<boolean> | undefined;
  #stopped = false;
  /** The last list read from each keyed provider (a failed read keeps the one before). */
  readonly #direct = new Map<string, DirectList>();

  constructor(options: CatalogRefresherOptions) {
    this.#o = options;
    this.#synced = options.cached;
    this.#inUse = options.cached ? 'cache' : 'shipped';
  }

  /** Starts the first refresh at once, in the background (nothing waits for it), and schedules the periodic ones. */
  start(): void {
    void this.refresh().finally(() => this.#schedule(this.#o.refreshHours * 3_600_000));
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#nextAt = null;
  }

  /** Resolves once the refresh in flight (if any) is done. */
  settled(): Promise<boolean> {
    return this.#running ?? Promise.resolve(true);
  }

  /** Refreshes now (joining one in flight); true when a new catalog was put in force. */
  refresh(): Promise<boolean> {
    this.#running ??= this.#refresh().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Asks for a refresh because something suggests the list changed; ignored when one ran recently. */
  requestRefresh(reason: string): boolean {
    const now = this.#o.clock.now();
    if (this.#stopped || this.#running || (this.#lastAttemptAt !== null && now - this.#lastAttemptAt < MIN_ASKED_REFRESH_GAP_MS)) return false;
    this.#o.log.info({ reason }, 'catalog: refresh asked for');
    void this.refresh();
    return true;
  }

  /** A finished request whose OpenRouter attempt found no such model asks for a refresh (the list may have moved). */
  requestFinished(record: FinishedAttempts): void {
    for (const attempt of record.attempts) {
      if (attempt.provider === 'openrouter' && attempt.errorClass === 'model_unavailable') {
        this.requestRefresh(`OpenRouter does not know ${attempt.model}`);
        return;
      }
    }
  }

  status(): CatalogStatus {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const listedAt = this.#synced ? Date.parse(this.#synced.asOf) : null;
    return {
      inUse: this.#inUse,
      shipped: { asOf: this.#o.base.asOf },
      cache: { path: this.#o.cachePath, asOf: this.#o.cached?.asOf ?? null },
      live: {
        url: `${this.#o.baseUrl().replace(/\/+$/, '')}/models`,
        refreshHours: this.#o.refreshHours,
        lastAttemptAt: iso(this.#lastAttemptAt),
        lastSuccessAt: iso(this.#lastSuccessAt),
        lastError: this.#lastError,
        nextAt: iso(this.#nextAt),
      },
      ageMs: listedAt === null ? null : Math.max(0, this.#o.clock.now() - listedAt),
      changes: this.#synced?.changes ?? null,
      direct: [...this.#direct.values()].map((l) => ({ provider: l.provider, asOf: l.asOf, listed: l.ids.length })),
    };
  }

  async #refresh(): Promise<boolean> {
    const { clock, log } = this.#o;
    this.#lastAttemptAt = clock.now();
    const now = new Date(clock.now());
    const [fetched, direct] = await Promise.all([
      fetchOpenRouterList(this.#o.baseUrl()),
      Promise.all((this.#o.directProviders?.() ?? []).map((p) => fetchDirectList(p, now))),
    ]);
    const outcome = fetched.ok ? syncFromList(this.#o.base, fetched.text, this.#synced, now, fetched.url) : fetched;
    if (this.#stopped) return false;
    for (const list of direct) if (list) this.#direct.set(list.provider, list);
    if (!outcome.ok) {
      this.#lastError = outcome.message;
      log.warn({ url: fetched.url, inUse: this.#inUse }, `catalog refresh failed: ${outcome.message}; keeping the ${this.#inUse === 'shipped' ? 'shipped catalog' : 'last good sync'}`);
      // Providers' own lists still apply over the catalog in force.
      if (direct.some(Boolean)) this.#o.apply(this.#catalog());
      return false;
    }
    try {
      writeSyncedCatalog(outcome.synced, this.#o.cachePath);
    } catch (error) {
      // The data folder may be read-only: the fresh catalog still applies, it just will not survive a restart.
      log.warn({ err: error, path: this.#o.cachePath }, 'catalog refresh: could not keep the sync in the data folder');
    }
    this.#synced = outcome.synced;
    this.#inUse = 'live';
    this.#lastSuccessAt = clock.now();
    this.#lastError = null;
    this.#o.apply(this.#catalog());
    log.info({ url: fetched.url, changes: outcome.synced.changes }, `catalog refreshed from OpenRouter: ${outcome.message}`);
    return true;
  }

  /** The layers in force: the shipped data, OpenRouter's sync, keyed providers' own lists. */
  #catalog(): Catalog {
    const synced = this.#synced ? mergeSyncedOfferings(this.#o.base, this.#synced) : this.#o.base;
    const names = new Map((this.#o.directProviders?.() ?? []).map((p) => [p.id, p.entry.name]));
    return new Catalog(mergeDirectLists(synced, [...this.#direct.values()], names));
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#nextAt = this.#o.clock.now() + delayMs;
    this.#timer = this.#o.clock.setTimeout(() => {
      void this.refresh().finally(() => this.#schedule(this.#o.refreshHours * 3_600_000));
    }, delayMs);
    this.#timer.unref?.();
  }
}
