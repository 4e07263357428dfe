import type { Offering } from '../catalog/types.js';

/** USD for a request, from the offering's prices per million tokens (characters, for speech). */
export function costOf(offering: Offering | undefined, tokensIn: number | null, tokensOut: number | null): number | null {
  if (!offering) return null;
  if (offering.free) return 0;
  if (tokensIn === null && tokensOut === null) return null;
  const usd = ((tokensIn ?? 0) * offering.inputPrice + (tokensOut ?? 0) * offering.outputPrice) / 1_000_000;
  // Micro-dollar precision: enough for any bill, and stable in logs and tests.
  return Math.round(usd * 1e9) / 1e9;
}
