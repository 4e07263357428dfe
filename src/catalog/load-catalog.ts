import { existsSync, readFileSync } from 'node:fs';
import { Catalog } from './catalog.js';
import { CATALOG } from './data/index.js';
import { mergeSyncedOfferings, SYNCED_CATALOG_PATH, syncedCatalogSchema, type SyncedCatalog } from './synced-offerings.js';

/** The last good sync kept in the data folder, if there is one that validates (a bad file is ignored, never half-applied). */
export function readSyncedCatalog(syncedPath = SYNCED_CATALOG_PATH): SyncedCatalog | undefined {
  if (!existsSync(syncedPath)) return undefined;
  try {
    return syncedCatalogSchema.parse(JSON.parse(readFileSync(syncedPath, 'utf8')));
  } catch {
    return undefined;
  }
}

/** The shipped catalog, with the last good sync of OpenRouter's list (`wai serve`'s refresh, `wai catalog sync`) over it. */
export function loadCatalog(syncedPath = SYNCED_CATALOG_PATH): Catalog {
  const synced = readSyncedCatalog(syncedPath);
  return new Catalog(synced ? mergeSyncedOfferings(CATALOG, synced) : CATALOG);
}
