import type { Usage } from '../../types/chat.js';
import { isRecord } from '../../internal/json.js';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * `usageMetadata` -> OpenAI usage. Gemini counts thinking tokens apart (`thoughtsTokenCount`) while OpenAI
 * counts them inside `completion_tokens` (and repeats them as `reasoning_tokens`), so they are added back in.
 * Tokens spent on tool-use prompts are prompt tokens. Stream chunks that carry usageMetadata without any count
 * (Vertex sends only `trafficType` until the end) give undefined.
 */
export function toUsage(meta: unknown): Usage | undefined {
  if (!isRecord(meta)) return undefined;
  if (meta.promptTokenCount === undefined && meta.totalTokenCount === undefined && meta.candidatesTokenCount === undefined) return undefined;
  const prompt = count(meta.promptTokenCount) + count(meta.toolUsePromptTokenCount);
  const thoughts = count(meta.thoughtsTokenCount);
  const completion = count(meta.candidatesTokenCount) + thoughts;
  const usage: Usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: meta.totalTokenCount !== undefined ? count(meta.totalTokenCount) : prompt + completion,
  };
  if (meta.cachedContentTokenCount !== undefined) usage.prompt_tokens_details = { cached_tokens: count(meta.cachedContentTokenCount) };
  if (thoughts > 0) usage.completion_tokens_details = { reasoning_tokens: thoughts };
  return usage;
}
