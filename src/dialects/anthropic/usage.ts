import type { Usage } from '../../types/chat.js';
import type { AnthropicUsage } from './wire-types.js';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Anthropic usage as OpenAI usage. Anthropic's `input_tokens` excludes cached input: the tokens written to and
 * read from the prompt cache are billed input too, so all three add up to `prompt_tokens`, and the cache
 * reads are reported as `cached_tokens` the way OpenAI does.
 */
export function toOpenAIUsage(usage: AnthropicUsage | undefined): Usage {
  const cacheRead = count(usage?.cache_read_input_tokens);
  const prompt = count(usage?.input_tokens) + count(usage?.cache_creation_input_tokens) + cacheRead;
  const completion = count(usage?.output_tokens);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: cacheRead },
  };
}

/**
 * Folds a later usage report into an earlier one. In a stream `message_start` carries the input counts and
 * `message_delta` the cumulative output (and, on some endpoints, corrected input counts): a field present
 * later replaces the earlier value.
 */
export function mergeUsage(into: AnthropicUsage, later: AnthropicUsage): void {
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = later[key];
    if (typeof value === 'number') into[key] = value;
  }
}
