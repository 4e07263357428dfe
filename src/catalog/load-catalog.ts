import { existsSync, readFileSync } from 'node:fs';
import { Catalog } from './catalog.js';
import { CATALOG } from './data/index.js';
import { mergeSyncedOfferings, SYNCED_CATALOG_PATH, syncedCatalogSchema } from './synced-offerings.js';

/**
 * The shipped catalog, with OpenRouter's offerings as last refreshed by `wai catalog sync` laid over it.
 * A synced file that does not validate is ignored (the shipped data stands), never half-applied.
 */
export function loadCatalog(syncedPath = SYNCED_CATALOG_PATH): Catalog {
  if (!existsSync(syncedPath)) return new Catalog(CATALOG);
  try {
    const synced = syncedCatalogSchema.parse(JSON.parse(readFileSync(syncedPath, 'utf8')));
    return new Catalog(mergeSyncedOfferings(CATALOG, synced));
  } catch {
    return new Catalog(CATALOG);
  }
}
