import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { request } from 'undici';
import { z } from 'zod';
import type { CatalogData } from './types.js';
import type { ProviderRuntime } from '../providers/runtime.js';
import { SYNCED_CATALOG_PATH, syncedCatalogSchema, type SyncedCatalog, type SyncedOffering } from './synced-offerings.js';

/** One entry of OpenRouter's `GET /api/v1/models` (prices are USD per token, as strings). */
const openRouterModel = z.looseObject({
  id: z.string().min(1),
  context_length: z.number().int().positive().nullable().optional(),
  pricing: z.looseObject({ prompt: z.string(), completion: z.string() }),
  architecture: z.looseObject({ input_modalities: z.array(z.string()).optional() }).optional(),
  supported_parameters: z.array(z.string()).optional(),
});
const openRouterList = z.looseObject({ data: z.array(z.unknown()) });

export interface SyncResult {
  written: boolean;
  path: string;
  matched: number;
  expected: number;
  added: number;
  rejected: number;
  message: string;
}

/** Fewer matches than this share of our OpenRouter offerings means a partial or wrong answer: keep what we have. */
const MIN_MATCH_SHARE = 0.5;

/**
 * Refreshes OpenRouter offerings (prices, windows, capabilities, free variants) from its model list.
 * Nothing is written unless the answer validates and covers most of what we know; the file is replaced atomically.
 */
export async function syncOpenRouterCatalog(catalog: CatalogData, openrouter: ProviderRuntime, path = SYNCED_CATALOG_PATH, now = new Date()): Promise<SyncResult> {
  const url = `${openrouter.baseUrl}/models`;
  const response = await request(url, { headers: openrouter.wireHeaders(), headersTimeout: 30_000, bodyTimeout: 30_000 });
  const text = await response.body.text();
  const refuse = (message: string, counts: Partial<SyncResult> = {}): SyncResult =>
    ({ written: false, path, matched: 0, expected: 0, added: 0, rejected: 0, ...counts, message });
  if (response.statusCode !== 200) return refuse(`OpenRouter answered ${response.statusCode}; the catalog is unchanged`);
  let list: z.infer<typeof openRouterList>;
  try {
    list = openRouterList.parse(JSON.parse(text));
  } catch {
    return refuse('OpenRouter sent a model list that is not valid; the catalog is unchanged');
  }
  const byId = new Map<string, z.infer<typeof openRouterModel>>();
  let rejected = 0;
  for (const raw of list.data) {
    const parsed = openRouterModel.safeParse(raw);
    if (parsed.success && isPrice(parsed.data.pricing.prompt) && isPrice(parsed.data.pricing.completion)) byId.set(parsed.data.id, parsed.data);
    else rejected++;
  }

  const offerings: SyncedOffering[] = [];
  let expected = 0;
  let matched = 0;
  let added = 0;
  for (const model of catalog.models) {
    const ours = model.offerings.filter((o) => o.provider === 'openrouter');
    const known = new Set(ours.map((o) => o.upstreamId));
    for (const offering of ours) {
      expected++;
      const entry = byId.get(offering.upstreamId);
      if (!entry) continue;
      matched++;
      offerings.push(toSynced(model.id, entry, offering.contextWindow));
    }
    // A free variant OpenRouter lists that we did not know of.
    for (const offering of ours) {
      const freeId = `${offering.upstreamId}:free`;
      const entry = byId.get(freeId);
      if (!offering.free && entry && !known.has(freeId)) {
        offerings.push(toSynced(model.id, entry, offering.contextWindow));
        added++;
      }
    }
  }
  const counts = { matched, expected, added, rejected };
  if (expected === 0 || matched / expected < MIN_MATCH_SHARE) {
    return refuse(`OpenRouter's list matched only ${matched} of our ${expected} OpenRouter offerings; the catalog is unchanged`, counts);
  }
  const synced: SyncedCatalog = syncedCatalogSchema.parse({ asOf: now.toISOString(), source: url, offerings });
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(synced, null, 2)}\n`);
  renameSync(temporary, path);
  return { written: true, path, ...counts, message: `updated ${matched} offerings, added ${added} free variants` };
}

function isPrice(value: string): boolean {
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) && n >= 0;
}

function toSynced(canonical: string, entry: z.infer<typeof openRouterModel>, fallbackWindow: number): SyncedOffering {
  const params = new Set(entry.supported_parameters ?? []);
  const input = Number(entry.pricing.prompt) * 1e6;
  const output = Number(entry.pricing.completion) * 1e6;
  return {
    canonical,
    upstreamId: entry.id,
    inputPrice: round(input),
    outputPrice: round(output),
    contextWindow: entry.context_length ?? fallbackWindow,
    capabilities: {
      tools: params.has('tools'),
      vision: entry.architecture?.input_modalities?.includes('image') ?? false,
      json: params.has('response_format') || params.has('structured_outputs'),
      streaming: true,
    },
    free: entry.id.endsWith(':free') || (input === 0 && output === 0),
  };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
