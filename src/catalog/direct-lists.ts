import { request } from 'undici';
import { z } from 'zod';
import type { ProviderRuntime } from '../providers/runtime.js';
import type { CatalogData } from './types.js';
import { parseJson } from '../internal/json.js';
import { MAX_LIST_BYTES } from './sync-openrouter.js';

/** A keyed provider's own model list, as last read. */
export interface DirectList {
  provider: string;
  asOf: string;
  ids: string[];
}

const openAiList = z.looseObject({ data: z.array(z.looseObject({ id: z.string().min(1) })).min(1) });

/**
 * The providers whose own list can confirm the catalog: keyed, on the OpenAI dialect (the `{data:[{id}]}` list shape),
 * with a model-list endpoint. OpenRouter's list has its own sync; aggregators' lists are theirs to keep.
 */
export function directListProviders(providers: Iterable<ProviderRuntime>): ProviderRuntime[] {
  return [...providers].filter((p) => p.hasKey && p.entry.dialect === 'openai' && p.entry.modelsPath && p.entry.role !== 'aggregator');
}

/** Reads one provider's model list with its key; undefined when it cannot be read or is not a list (nothing changes then). */
export async function fetchDirectList(provider: ProviderRuntime, now: Date, timeoutMs = 30_000): Promise<DirectList | undefined> {
  try {
    const response = await request(`${provider.baseUrl}${provider.entry.modelsPath}`, { headers: { ...provider.wireHeaders(), accept: 'application/json' }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    if (response.statusCode !== 200 || Number(response.headers['content-length'] ?? 0) > MAX_LIST_BYTES) {
      await response.body.dump();
      return undefined;
    }
    const text = await response.body.text();
    if (text.length > MAX_LIST_BYTES) return undefined;
    const json = parseJson(text);
    const list = json.ok ? openAiList.safeParse(json.value) : undefined;
    return list?.success ? { provider: provider.id, asOf: now.toISOString(), ids: list.data.data.map((m) => m.id) } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Lays keyed providers' own lists over the catalog: the ids each lists are kept (so ids the catalog lacks route to
 * it as written), and its offerings the list no longer has are marked gone, like OpenRouter's.
 */
export function mergeDirectLists(base: CatalogData, lists: readonly DirectList[], names: ReadonlyMap<string, string>): CatalogData {
  if (!lists.length) return base;
  const byProvider = new Map(lists.map((l) => [l.provider, { list: l, ids: new Set(l.ids.map((id) => id.toLowerCase())) }]));
  const listed = { ...base.listed };
  for (const l of lists) listed[l.provider] = { asOf: l.asOf, ids: l.ids };
  return {
    ...base,
    listed,
    models: base.models.map((model) => {
      let changed = false;
      const offerings = model.offerings.map((o) => {
        const own = byProvider.get(o.provider);
        if (!own || o.gone || own.ids.has(o.upstreamId.toLowerCase())) return o;
        changed = true;
        return { ...o, gone: { since: own.list.asOf, why: `not on ${names.get(o.provider) ?? o.provider}'s own model list of ${own.list.asOf.slice(0, 10)}` } };
      });
      return changed ? { ...model, offerings } : model;
    }),
  };
}
