import type { GatewayConfig } from '../config/config.js';
import type { Catalog } from '../catalog/catalog.js';
import { DIALECTS } from '../dialects/index.js';

export interface ReachableModel {
  /** `provider/model`, as a request names it. */
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/**
 * The models reachable directly with the keys present (OpenAI's model-list item shape): each keyed provider's
 * catalog offerings under its own ids, plus the ids its registry entry lists.
 */
export function reachableModels(config: GatewayConfig, catalog: Catalog): ReachableModel[] {
  const ids = new Map<string, Set<string>>();
  for (const model of catalog.data.models) {
    for (const offering of model.offerings) {
      let set = ids.get(offering.provider);
      if (!set) ids.set(offering.provider, (set = new Set()));
      set.add(offering.upstreamId);
    }
  }
  const out: ReachableModel[] = [];
  for (const provider of config.providers.values()) {
    if (!provider.hasKey || !DIALECTS.has(provider.entry.dialect)) continue;
    const models = new Set([...(ids.get(provider.id) ?? []), ...provider.entry.models]);
    for (const model of models) out.push({ id: `${provider.id}/${model}`, object: 'model', created: 0, owned_by: provider.id });
  }
  return out;
}
