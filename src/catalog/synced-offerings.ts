import { z } from 'zod';
import type { CatalogData, Offering } from './types.js';

/** Where the last good sync of OpenRouter's list is kept (relative to the working directory): the middle layer. */
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
  /** OpenRouter's `expiration_date`, when it announced one. */
  expires: z.string().min(1).optional(),
});

export const syncChangesSchema = z.strictObject({
  updated: z.array(z.string()),
  added: z.array(z.string()),
  gone: z.array(z.string()),
  returned: z.array(z.string()),
});

export const syncedCatalogSchema = z.strictObject({
  asOf: z.string().min(1),
  source: z.string().min(1),
  offerings: z.array(syncedOfferingSchema).min(1),
  /** Every id the list had (whether the catalog knows it or not): ids the catalog lacks route under these. */
  listed: z.array(z.string()).default([]),
  /** OpenRouter ids of the catalog missing from a complete list, with when they were first missed. */
  goneSince: z.record(z.string(), z.string()).default({}),
  /** What this sync changed against the one before it (or the shipped catalog). */
  changes: syncChangesSchema.default({ updated: [], added: [], gone: [], returned: [] }),
});

export type SyncedOffering = z.infer<typeof syncedOfferingSchema>;
export type SyncedCatalog = z.infer<typeof syncedCatalogSchema>;
export type SyncChanges = z.infer<typeof syncChangesSchema>;

/**
 * The shipped catalog with a sync of OpenRouter's list laid over it: OpenRouter offerings it lists are replaced by its
 * facts (or added), those it no longer lists are marked gone (never planned, still explained), and every listed id is
 * kept so that ids the catalog lacks still route to OpenRouter.
 */
export function mergeSyncedOfferings(base: CatalogData, synced: SyncedCatalog): CatalogData {
  const byModel = new Map<string, SyncedOffering[]>();
  for (const offering of synced.offerings) {
    const list = byModel.get(offering.canonical) ?? [];
    list.push(offering);
    byModel.set(offering.canonical, list);
  }
  const why = `not on OpenRouter's model list of ${synced.asOf.slice(0, 10)}`;
  return {
    ...base,
    sources: [...base.sources, `${synced.source} (synced ${synced.asOf})`],
    listed: { ...base.listed, openrouter: { asOf: synced.asOf, ids: synced.listed } },
    models: base.models.map((model) => {
      const fresh = byModel.get(model.id);
      const updated = new Map((fresh ?? []).map((o) => [o.upstreamId, o]));
      let changed = fresh !== undefined;
      const offerings: Offering[] = model.offerings.map((o) => {
        if (o.provider !== 'openrouter') return o;
        const f = updated.get(o.upstreamId);
        if (f) {
          updated.delete(o.upstreamId);
          return toOffering(f, synced.goneSince, why);
        }
        const since = synced.goneSince[o.upstreamId];
        if (!since) return o;
        changed = true;
        return { ...o, gone: { since, why } };
      });
      for (const f of updated.values()) offerings.push(toOffering(f, synced.goneSince, why));
      return changed ? { ...model, offerings } : model;
    }),
  };
}

function toOffering(f: SyncedOffering, goneSince: Record<string, string>, why: string): Offering {
  const since = goneSince[f.upstreamId];
  return {
    provider: 'openrouter',
    upstreamId: f.upstreamId,
    inputPrice: f.inputPrice,
    outputPrice: f.outputPrice,
    contextWindow: f.contextWindow,
    capabilities: f.capabilities,
    ...(f.free ? { free: true } : {}),
    ...(f.expires ? { expires: f.expires } : {}),
    ...(since ? { gone: { since, why } } : {}),
  };
}
