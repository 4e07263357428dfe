import { z } from 'zod';
import { Catalog } from './catalog.js';
import type { CanonicalModel, Capabilities, CatalogData, Offering } from './types.js';

/**
 * Catalog overrides from the config file: an operator's own prices (a negotiated rate), context windows, a provider
 * that now serves a model the shipped catalog does not list, or one that no longer does.
 */
export const offeringOverrideSchema = z.strictObject({
  /** The canonical model, by id or any alias the catalog knows. */
  model: z.string().min(1),
  provider: z.string().min(1),
  /** The model id as the provider spells it. */
  upstreamId: z.string().min(1),
  /** USD per million tokens. */
  inputPrice: z.number().nonnegative().optional(),
  outputPrice: z.number().nonnegative().optional(),
  contextWindow: z.number().int().positive().optional(),
  free: z.boolean().optional(),
  capabilities: z.strictObject({ tools: z.boolean().optional(), vision: z.boolean().optional(), json: z.boolean().optional(), streaming: z.boolean().optional() }).optional(),
  /** Drop this offering (the provider no longer serves the model). */
  remove: z.boolean().optional(),
});

export type OfferingOverride = z.infer<typeof offeringOverrideSchema>;

/** What is wrong with an override, as the config field it sits in and a message; undefined when all are sound. */
export function overrideProblem(overrides: readonly OfferingOverride[], catalog: Catalog, providers: ReadonlySet<string>): { path: (string | number)[]; message: string } | undefined {
  for (const [i, o] of overrides.entries()) {
    const at = (field: string) => ['catalog', 'offerings', i, field];
    const model = catalog.find(o.model);
    if (!model) return { path: at('model'), message: `unknown model "${o.model}" (use a catalog id or alias; \`wai catalog\` lists them)` };
    if (!providers.has(o.provider)) return { path: at('provider'), message: `unknown provider "${o.provider}"` };
    const exists = model.offerings.some((x) => x.provider === o.provider && x.upstreamId === o.upstreamId);
    if (!exists && o.remove) return { path: at('remove'), message: `${o.provider} has no offering "${o.upstreamId}" of ${model.id} to remove` };
    if (!exists && !o.remove) {
      for (const field of ['inputPrice', 'outputPrice', 'contextWindow'] as const) {
        if (o[field] === undefined) return { path: at(field), message: `required to add an offering the catalog does not have (${o.provider} ${o.upstreamId})` };
      }
    }
  }
  return undefined;
}

/** The catalog with the overrides laid over it, in order; a catalog without overrides is returned as it is. */
export function withOverrides(catalog: Catalog, overrides: readonly OfferingOverride[]): Catalog {
  if (overrides.length === 0) return catalog;
  const data: CatalogData = { ...catalog.data, sources: [...catalog.data.sources, 'config file: catalog overrides'], models: catalog.data.models.map((m) => ({ ...m, offerings: [...m.offerings] })) };
  const lookup = new Catalog(data);
  for (const o of overrides) {
    const model = lookup.find(o.model);
    if (!model) continue; // refused when the config was read
    const at = model.offerings.findIndex((x) => x.provider === o.provider && x.upstreamId === o.upstreamId);
    if (o.remove) {
      if (at !== -1) model.offerings.splice(at, 1);
      continue;
    }
    if (at !== -1) model.offerings[at] = merged(model.offerings[at]!, o);
    else if (o.inputPrice !== undefined && o.outputPrice !== undefined && o.contextWindow !== undefined) model.offerings.push(added(model, o, o.inputPrice, o.outputPrice, o.contextWindow));
  }
  return new Catalog(data);
}

function merged(offering: Offering, o: OfferingOverride): Offering {
  return {
    ...offering,
    ...(o.inputPrice !== undefined ? { inputPrice: o.inputPrice } : {}),
    ...(o.outputPrice !== undefined ? { outputPrice: o.outputPrice } : {}),
    ...(o.contextWindow !== undefined ? { contextWindow: o.contextWindow } : {}),
    ...(o.free !== undefined ? { free: o.free } : {}),
    capabilities: { ...offering.capabilities, ...definedOnly(o.capabilities) },
  };
}

function added(model: CanonicalModel, o: OfferingOverride, inputPrice: number, outputPrice: number, contextWindow: number): Offering {
  // Capabilities not given are taken from the model's other offerings (the model, not the host, decides most of them).
  const base: Capabilities = model.offerings[0]?.capabilities ?? { tools: false, vision: false, json: false, streaming: true };
  return {
    provider: o.provider,
    upstreamId: o.upstreamId,
    inputPrice,
    outputPrice,
    contextWindow,
    capabilities: { ...base, ...definedOnly(o.capabilities) },
    ...(o.free !== undefined ? { free: o.free } : {}),
  };
}

function definedOnly(capabilities: OfferingOverride['capabilities']): Partial<Capabilities> {
  const out: Partial<Capabilities> = {};
  for (const [name, value] of Object.entries(capabilities ?? {})) if (value !== undefined) out[name as keyof Capabilities] = value;
  return out;
}
