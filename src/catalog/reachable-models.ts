import type { GatewayConfig } from '../config/config.js';
import { DIALECTS } from '../dialects/index.js';

export interface ReachableModel {
  /** `provider/model`, as a request names it. */
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** The models reachable with the keys present (OpenAI's model-list item shape). */
export function reachableModels(config: GatewayConfig): ReachableModel[] {
  const out: ReachableModel[] = [];
  for (const provider of config.providers.values()) {
    if (!provider.hasKey || !DIALECTS.has(provider.entry.dialect)) continue;
    for (const model of provider.entry.models) out.push({ id: `${provider.id}/${model}`, object: 'model', created: 0, owned_by: provider.id });
  }
  return out;
}
