import type { Offering } from '../catalog/types.js';
import { blendedPrice } from '../catalog/catalog.js';
import type { CostPolicy } from '../config/cost-policies.js';


export interface Rankable {
  offering?: Offering;
  /** Quality of the model this candidate serves (catalog rank within its class). */
  quality: number;
  /** Observed latency of the provider, when known. */
  latencyMs: number | undefined;
}

export function compareByPolicy(policy: CostPolicy, a: Rankable, b: Rankable): number {
  const freeA = a.offering?.free ? 1 : 0;
  const freeB = b.offering?.free ? 1 : 0;
  const priceA = a.offering ? blendedPrice(a.offering) : Number.POSITIVE_INFINITY;
  const priceB = b.offering ? blendedPrice(b.offering) : Number.POSITIVE_INFINITY;
  let order: number;
  if (policy === 'free-first') order = freeB - freeA || priceA - priceB;
  else if (policy === 'cheapest') order = freeA - freeB || priceA - priceB;
  else order = b.quality - a.quality || freeA - freeB || priceA - priceB;
  return order || compareLatency(a, b);
}

/** Faster first; unknown latency after known. */
export function compareLatency(a: Rankable, b: Rankable): number {
  return (a.latencyMs ?? Number.MAX_SAFE_INTEGER) - (b.latencyMs ?? Number.MAX_SAFE_INTEGER);
}
