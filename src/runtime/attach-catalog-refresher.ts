import type { GatewayRuntime } from './gateway-runtime.js';
import { CatalogRefresher } from '../catalog/catalog-refresher.js';
import { CATALOG } from '../catalog/data/index.js';
import { readSyncedCatalog } from '../catalog/load-catalog.js';
import { SYNCED_CATALOG_PATH } from '../catalog/synced-offerings.js';
import { directListProviders } from '../catalog/direct-lists.js';

/**
 * Starts the catalog refresh of `wai serve` (OpenRouter's public list at start, then every `catalog.refreshHours`) when
 * the configuration allows it; the runtime then reports its status and stops it on close.
 */
export function attachCatalogRefresher(runtime: GatewayRuntime, cachePath = SYNCED_CATALOG_PATH): CatalogRefresher | undefined {
  const hours = runtime.config.catalogRefreshHours;
  if (hours <= 0) return undefined;
  const refresher = new CatalogRefresher({
    base: CATALOG,
    // The base URL as configured now (a reload may move it), the key never: the list is public.
    baseUrl: () => runtime.config.providers.get('openrouter')?.baseUrl ?? 'https://openrouter.ai/api/v1',
    cachePath,
    cached: readSyncedCatalog(cachePath),
    refreshHours: hours,
    clock: runtime.clock,
    log: runtime.log,
    apply: (catalog) => runtime.replaceCatalog(catalog),
    directProviders: () => directListProviders(runtime.config.providers.values()),
  });
  runtime.catalogRefresher = refresher;
  runtime.addObserver(refresher);
  runtime.onClose(() => refresher.stop());
  refresher.start();
  return refresher;
}
