import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { request } from 'undici';
import { Catalog } from './catalog.js';
import type { CatalogData, Offering } from './types.js';
import { parseOpenRouterList, type OpenRouterEntry } from './openrouter-list.js';
import { SYNCED_CATALOG_PATH, syncedCatalogSchema, type SyncChanges, type SyncedCatalog, type SyncedOffering } from './synced-offerings.js';

export type SyncOutcome =
  | { ok: true; synced: SyncedCatalog; matched: number; expected: number; rejected: number; message: string }
  | { ok: false; message: string };

/** Fewer of our known OpenRouter offerings on the list than this share means a partial or wrong answer. */
const MIN_MATCH_SHARE = 0.5;
/** A model list is a few hundred kB; anything far larger is not one, and is not read further. */
export const MAX_LIST_BYTES = 16 * 1024 * 1024;

/**
 * Lays a fresh OpenRouter model list over the shipped catalog and the previous sync: known offerings get the list's
 * prices, windows and capabilities; ids the catalog resolves but did not offer on OpenRouter are added; known ones
 * missing from the list are marked gone (a past `expiration_date` counts as missing). Refused, changing nothing,
 * when the list is malformed or partial.
 */
export function syncFromList(base: CatalogData, text: string, previous: SyncedCatalog | undefined, now: Date, source: string): SyncOutcome {
  const parsed = parseOpenRouterList(text);
  if (!parsed.ok) return { ok: false, message: `${parsed.reason}; the catalog is unchanged` };
  const entries = parsed.entries;
  const lookup = new Catalog(base);
  const nowIso = now.toISOString();

  // What we knew of OpenRouter before this list: the shipped offerings, then the previous sync's.
  const known = new Map<string, { canonical: string; offering: Offering | SyncedOffering }>();
  for (const model of base.models) {
    // OpenRouter lists its embedding models apart from this (chat) list: their absence here says nothing.
    if (model.class === 'embedding') continue;
    for (const o of model.offerings) if (o.provider === 'openrouter') known.set(o.upstreamId, { canonical: model.id, offering: o });
  }
  for (const o of previous?.offerings ?? []) known.set(o.upstreamId, { canonical: o.canonical, offering: o });

  const expected = [...known.keys()].filter((id) => !previous?.goneSince[id]).length;
  let matched = 0;
  for (const id of known.keys()) if (entries.has(id) && !previous?.goneSince[id]) matched++;
  if (expected > 0 && matched / expected < MIN_MATCH_SHARE) {
    return { ok: false, message: `the list has only ${matched} of our ${expected} OpenRouter offerings: partial or wrong; the catalog is unchanged` };
  }
  if (previous && entries.size < previous.listed.length * MIN_MATCH_SHARE) {
    return { ok: false, message: `the list has ${entries.size} models against ${previous.listed.length} last time: partial; the catalog is unchanged` };
  }

  const changes: SyncChanges = { updated: [], added: [], gone: [], returned: [] };
  const offerings: SyncedOffering[] = [];
  const goneSince: Record<string, string> = {};
  for (const [id, { canonical, offering }] of known) {
    const entry = entries.get(id);
    const expired = entry?.expiration_date && Date.parse(entry.expiration_date) <= now.getTime();
    if (entry && !expired) {
      const fresh = toSynced(canonical, entry, offering.contextWindow);
      offerings.push(fresh);
      if (previous?.goneSince[id]) changes.returned.push(id);
      else if (differs(offering, fresh)) changes.updated.push(id);
      continue;
    }
    // Missing (or past its end date): kept with its last facts, marked gone from the first time it was missed.
    goneSince[id] = previous?.goneSince[id] ?? (expired ? entry.expiration_date! : nowIso);
    if (!previous?.goneSince[id]) changes.gone.push(id);
    if ('canonical' in offering) offerings.push(offering);
  }
  // Ids the catalog resolves to a model (by alias) that it does not yet offer on OpenRouter.
  for (const [id, entry] of entries) {
    if (known.has(id)) continue;
    const model = lookup.find(id);
    if (!model || model.class === 'speech' || model.class === 'embedding') continue;
    const family = model.offerings.find((o) => o.provider === 'openrouter');
    offerings.push(toSynced(model.id, entry, family?.contextWindow ?? 128_000));
    changes.added.push(id);
  }
  const synced = syncedCatalogSchema.parse({ asOf: nowIso, source, offerings, listed: [...entries.keys()], goneSince, changes });
  const summary = `${changes.updated.length} updated, ${changes.added.length} added, ${changes.gone.length} gone, ${changes.returned.length} back`;
  return { ok: true, synced, matched, expected, rejected: parsed.rejected, message: `${entries.size} models listed; ${summary}` };
}

/** Fetches OpenRouter's public model list (no key needed), reading at most MAX_LIST_BYTES. */
export async function fetchOpenRouterList(baseUrl: string, timeoutMs = 30_000): Promise<{ ok: true; text: string; url: string } | { ok: false; message: string; url: string }> {
  const url = `${baseUrl.replace(/\/+$/, '')}/models`;
  try {
    const response = await request(url, { headers: { accept: 'application/json' }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return { ok: false, message: `OpenRouter answered ${response.statusCode}; the catalog is unchanged`, url };
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_LIST_BYTES) {
        response.body.destroy();
        return { ok: false, message: `the model list is over ${MAX_LIST_BYTES} bytes; the catalog is unchanged`, url };
      }
      chunks.push(chunk as Buffer);
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8'), url };
  } catch (error) {
    return { ok: false, message: `the model list could not be fetched (${(error as Error).message}); the catalog is unchanged`, url };
  }
}

/** Writes a sync where the next start finds it: to a temporary file first, then renamed, so it is whole or absent. */
export function writeSyncedCatalog(synced: SyncedCatalog, path = SYNCED_CATALOG_PATH): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(synced, null, 2)}\n`);
  renameSync(temporary, path);
}

function differs(before: Offering | SyncedOffering, after: SyncedOffering): boolean {
  return before.inputPrice !== after.inputPrice || before.outputPrice !== after.outputPrice || before.contextWindow !== after.contextWindow
    || before.capabilities.tools !== after.capabilities.tools || before.capabilities.vision !== after.capabilities.vision
    || before.capabilities.json !== after.capabilities.json || (before.free === true) !== after.free;
}

function toSynced(canonical: string, entry: OpenRouterEntry, fallbackWindow: number): SyncedOffering {
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
    ...(entry.expiration_date ? { expires: entry.expiration_date } : {}),
  };
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}
