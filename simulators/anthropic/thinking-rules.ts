/**
 * Anthropic's extended-thinking rules (docs: "Building with extended thinking"): `budget_tokens` at least 1024 and
 * below `max_tokens`; `temperature` only 1 and no `top_k` while thinking.
 */
type Obj = Record<string, unknown>;

export function checkThinking(body: Obj): string | undefined {
  const thinking = body.thinking as Obj | undefined;
  if (thinking === undefined || thinking.type !== 'enabled') return undefined;
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number' || !Number.isInteger(budget)) return 'thinking.enabled.budget_tokens: Field required';
  if (budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
  if (typeof body.max_tokens === 'number' && budget >= body.max_tokens) return '`max_tokens` must be greater than `thinking.budget_tokens`';
  if (body.temperature !== undefined && body.temperature !== 1) return '`temperature` may only be set to 1 when thinking is enabled';
  if (body.top_k !== undefined) return '`top_k` must be unset when thinking is enabled';
  return undefined;
}
