/**
 * The cost policies a configuration (or a request's `wai.cost_policy`) may name; routing/cost-policy.ts ranks by them.
 * - free-first (default): free variants first, then the cheapest paid offering;
 * - cheapest: paid offerings by price, free variants kept last as a backup (their rate limits are tight);
 * - quality: the best model of the class first (matters for substitutes), paid before free, then price.
 */
export type CostPolicy = 'free-first' | 'cheapest' | 'quality';
export const COST_POLICIES: readonly CostPolicy[] = ['free-first', 'cheapest', 'quality'];
