import type { Usage } from '../../types/chat.js';
import { isRecord } from '../../internal/json.js';

/**
 * Cohere's usage as OpenAI's. `tokens` counts what the model actually processed (Cohere's own system
 * preamble included), `billed_units` what is charged; `tokens` is preferred because it is what the context
 * window and the caller's token accounting see, `billed_units` is the fallback when `tokens` is absent.
 * `cached_tokens` (input tokens served from Cohere's prompt cache) maps to `prompt_tokens_details.cached_tokens`.
 */
export function toOpenAIUsage(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const tokens = isRecord(raw.tokens) ? raw.tokens : undefined;
  const billed = isRecord(raw.billed_units) ? raw.billed_units : undefined;
  const prompt = num(tokens?.input_tokens) ?? num(billed?.input_tokens);
  const completion = num(tokens?.output_tokens) ?? num(billed?.output_tokens);
  if (prompt === undefined && completion === undefined) return undefined;
  const usage: Usage = {
    prompt_tokens: prompt ?? 0,
    completion_tokens: completion ?? 0,
    total_tokens: (prompt ?? 0) + (completion ?? 0),
  };
  const cached = num(raw.cached_tokens);
  if (cached !== undefined) usage.prompt_tokens_details = { cached_tokens: cached };
  return usage;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
