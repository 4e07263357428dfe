import type { FinishReason, Usage } from '../../types/chat.js';
import { isRecord } from '../../internal/json.js';

/** Llama's stop reasons are already OpenAI's words; anything else (a newer reason) reads as a plain stop. */
export function finishReasonFromLlama(stopReason: unknown, hasToolCalls: boolean): FinishReason {
  if (stopReason === 'length') return 'length';
  if (stopReason === 'tool_calls' || hasToolCalls) return 'tool_calls';
  return 'stop';
}

/**
 * Usage from Llama's `metrics` list (`num_prompt_tokens`, `num_completion_tokens`, `num_total_tokens`).
 * Undefined when the list has no token counts.
 */
export function usageFromMetrics(metrics: unknown): Usage | undefined {
  if (!Array.isArray(metrics)) return undefined;
  let prompt: number | undefined;
  let completion: number | undefined;
  let total: number | undefined;
  for (const m of metrics) {
    if (!isRecord(m) || typeof m.value !== 'number') continue;
    if (m.metric === 'num_prompt_tokens') prompt = m.value;
    else if (m.metric === 'num_completion_tokens') completion = m.value;
    else if (m.metric === 'num_total_tokens') total = m.value;
  }
  if (prompt === undefined && completion === undefined && total === undefined) return undefined;
  const p = prompt ?? 0;
  const c = completion ?? Math.max(0, (total ?? p) - p);
  return { prompt_tokens: p, completion_tokens: c, total_tokens: total ?? p + c };
}
