import type { Usage } from '../../types/chat.js';
import { isRecord } from '../../internal/json.js';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Converse usage to OpenAI usage. Converse counts cache reads and writes apart from `inputTokens`, while
 * OpenAI's `prompt_tokens` includes cached tokens, so they are added back in and the reads reported as
 * `cached_tokens`. `totalTokens` is Bedrock's own total when given.
 */
export function usageFromConverse(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const cacheRead = count(raw.cacheReadInputTokens);
  const cacheWrite = count(raw.cacheWriteInputTokens);
  const prompt = count(raw.inputTokens) + cacheRead + cacheWrite;
  const completion = count(raw.outputTokens);
  const usage: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: typeof raw.totalTokens === 'number' ? raw.totalTokens : prompt + completion,
  };
  if (cacheRead > 0) usage.prompt_tokens_details = { cached_tokens: cacheRead };
  return usage;
}
