import { z } from 'zod';
import type { CatalogData, Offering } from './types.js';

/** Where `wai catalog sync` keeps OpenRouter's offerings (relative to the working directory). */
export const SYNCED_CATALOG_PATH = 'data/catalog-openrouter.json';

const capabilities = z.strictObject({ tools: z.boolean(), vision: z.boolean(), json: z.boolean(), streaming: z.boolean() });

export const syncedOfferingSchema = z.strictObject({
  canonical: z.string().min(1),
  upstreamId: z.string().min(1),
  inputPrice: z.number().nonnegative(),
  outputPrice: z.number().nonnegative(),
  contextWindow: z.number().int().positive(),
  capabilities,
  free: z.boolean(),
});

export const syncedCatalogSchema = z.strictObject({
  asOf: z.string().min(1),
  source: z.string().min(1),
  offerings: z.array(syncedOfferingSchema).min(1),
});

export type SyncedOffering = z.infer<typeof syncedOfferingSchema>;
export type SyncedCatalog = z.infer<typeof syncedCatalogSchema>;

/** The shipped catalog with OpenRouter's offerings replaced (or added) by the synced ones. */
export function mergeSyncedOfferings(base: CatalogData, synced: SyncedCatalog): CatalogData {
  const byModel = new Map<string, SyncedOffering[]>();
  for (const offering of synced.offerings) {
    const list = byModel.get(offering.canonical) ?? [];
    list.push(offering);
    byModel.set(offering.canonical, list);
  }
  return {
    ...base,
    sources: [...base.sources, `${synced.source} (synced ${synced.asOf})`],
    models: base.models.map((model) => {
      const fresh = byModel.get(model.id);
      if (!fresh) return model;
      const updated = new Map(fresh.map((o) => [o.upstreamId, o]));
      const offerings: Offering[] = model.offerings.map((o) => {
        const f = o.provider === 'openrouter' ? updated.get(o.upstreamId) : undefined;
        if (!f) return o;
        updated.delete(o.upstreamId);
        return toOffering(f);
      });
      for (const f of updated.values()) offerings.push(toOffering(f));
      return { ...model, offerings };
    }),
  };
}

function toOffering(f: SyncedOffering): Offering {
  return {
    provider: 'openrouter',
    upstreamId: f.upstreamId,
    inputPrice: f.inputPrice,
    outputPrice: f.outputPrice,
    contextWindow: f.contextWindow,
    capabilities: f.capabilities,
    ...(f.free ? { free: true } : {}),
  };
}
