/**
 * Small helpers the catalog data files share, so each entry reads as one line of facts.
 * Prices are USD per million tokens; context windows are in tokens.
 */
import type { Capabilities, CanonicalModel, EmbeddingFacts, ModelClass, Offering } from '../types.js';

function caps(tools: boolean, vision: boolean, json: boolean, streaming = true): Capabilities {
  return { tools, vision, json, streaming };
}

/** Text in, text out; no tool calls, no JSON mode (Replicate, free routes, bare hosts). */
export const TEXT = caps(false, false, false);
/** Text only, JSON mode, no tool calls. */
export const TEXT_JSON = caps(false, false, true);
/** Text only, tool calls, no JSON mode (e.g. Bedrock Converse, which has no response_format). */
export const TOOLS = caps(true, false, false);
/** Text only, tool calls and JSON mode. */
export const TOOLS_JSON = caps(true, false, true);
/** Images in, JSON mode, no tool calls. */
export const VISION_JSON = caps(false, true, true);
/** Images in, tool calls, no JSON mode. */
export const VISION_TOOLS = caps(true, true, false);
/** Images in, tool calls and JSON mode. */
export const VISION_TOOLS_JSON = caps(true, true, true);

export function offer(
  provider: string,
  upstreamId: string,
  inputPrice: number,
  outputPrice: number,
  contextWindow: number,
  capabilities: Capabilities,
): Offering {
  return { provider, upstreamId, inputPrice, outputPrice, contextWindow, capabilities };
}

/** A free variant (OpenRouter `…:free`): price 0, tighter rate limits, and (to be safe) no tools or JSON mode. */
export function freeOffer(provider: string, upstreamId: string, contextWindow: number, capabilities: Capabilities = TEXT): Offering {
  return { provider, upstreamId, inputPrice: 0, outputPrice: 0, contextWindow, capabilities, free: true };
}

/** Marks an offering whose figures could not be confirmed, saying why (kept in the data, shown by `wai catalog`). */
export function unconfirmed(offering: Offering, why: string): Offering {
  return { ...offering, unconfirmed: why };
}

export interface ModelSpec {
  id: string;
  /** The model line for `same-family` substitution; the id when omitted. */
  family?: string;
  name: string;
  vendor: string;
  class: ModelClass;
  quality: number;
  /** Friendly and dated names; every offering's upstream id is added on top. */
  aliases?: string[];
  offerings: Offering[];
  embedding?: EmbeddingFacts;
}

/**
 * Builds a canonical model. Its aliases are the friendly names given plus every upstream id of its offerings,
 * without duplicates (compared case-insensitively; an upstream id keeps its own spelling over a friendly name
 * that differs only in case) and without the canonical id itself.
 */
export function model(spec: ModelSpec): CanonicalModel {
  const upstream = spec.offerings.map((o) => o.upstreamId);
  const upstreamKeys = new Set(upstream.map((u) => u.toLowerCase()));
  const seen = new Set<string>([spec.id.toLowerCase()]);
  const aliases: string[] = [];
  const add = (name: string): void => {
    const key = name.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    aliases.push(name);
  };
  for (const name of spec.aliases ?? []) if (!upstreamKeys.has(name.toLowerCase())) add(name);
  for (const name of upstream) add(name);
  return {
    id: spec.id,
    name: spec.name,
    vendor: spec.vendor,
    class: spec.class,
    family: spec.family ?? spec.id,
    aliases,
    quality: spec.quality,
    offerings: spec.offerings,
    ...(spec.embedding ? { embedding: spec.embedding } : {}),
  };
}
