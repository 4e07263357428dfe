/**
 * Non-streamed `chat.completion` bodies and usage objects, shaped per provider
 * after the recorded fixtures (groq-text.json, deepseek-*.json, mistral-*.json,
 * perplexity-*.json, xai-text.json, openai-text.json).
 */
import type { Answer } from './answer.js';
import type { ProviderSpec } from './providers.js';

export interface ReplyCtx {
  spec: ProviderSpec;
  id: string;
  created: number;
  model: string;
  answer: Answer;
  toolId: string;
  includeUsage: boolean;
  /** Per-request counter, used for secondary ids (x_groq.id). */
  n: number;
}

export const CITATIONS = ['https://example.com/sim/source-1', 'https://example.com/sim/source-2'];
export const SEARCH_RESULTS = [
  { title: 'Simulated source one', url: 'https://example.com/sim/source-1', date: '2025-01-01' },
  { title: 'Simulated source two', url: 'https://example.com/sim/source-2', date: '2025-01-02' },
];

export const groqReqId = (n: number) => 'req_sim' + n.toString(36).padStart(19, '0');

/** The provider's usage object for `completion` output tokens (the whole answer unless given). */
export function usageFor(ctx: ReplyCtx, completion = ctx.answer.completionTokens): Record<string, unknown> {
  const p = ctx.answer.promptTokens;
  const total = p + completion;
  const reasoning = ctx.answer.reasoningTokens;
  switch (ctx.spec.id) {
    case 'openai':
      return {
        prompt_tokens: p, completion_tokens: completion, total_tokens: total,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      };
    case 'groq':
      return { queue_time: 0.01, prompt_tokens: p, prompt_time: 0.001, completion_tokens: completion, completion_time: 0.002, total_tokens: total, total_time: 0.003 };
    case 'deepseek':
      return {
        prompt_tokens: p, completion_tokens: completion, total_tokens: total, prompt_tokens_details: { cached_tokens: 0 },
        ...(reasoning ? { completion_tokens_details: { reasoning_tokens: reasoning } } : {}),
        prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: p,
      };
    case 'mistral':
      return { prompt_tokens: p, total_tokens: total, completion_tokens: completion };
    case 'openrouter':
      return {
        prompt_tokens: p, completion_tokens: completion, total_tokens: total, cost: total * 0.000001, is_byok: false,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, cost_details: { upstream_inference_cost: null },
        completion_tokens_details: { reasoning_tokens: 0 },
      };
    case 'xai':
      return {
        prompt_tokens: p, completion_tokens: completion - reasoning, total_tokens: total,
        prompt_tokens_details: { text_tokens: p, audio_tokens: 0, image_tokens: 0, cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
        num_sources_used: 0, cost_in_usd_ticks: total * 1000,
      };
    default:
      return reasoning
        ? { prompt_tokens: p, completion_tokens: completion, total_tokens: total, completion_tokens_details: { reasoning_tokens: reasoning } }
        : { prompt_tokens: p, completion_tokens: completion, total_tokens: total };
  }
}

function toolCallsFor(ctx: ReplyCtx): unknown[] {
  const tc = ctx.answer.toolCall!;
  const fn = { name: tc.name, arguments: tc.arguments };
  if (ctx.spec.id === 'mistral') return [{ id: ctx.toolId, function: fn }]; // no `type`, as recorded
  if (ctx.spec.id === 'deepseek') return [{ index: 0, id: ctx.toolId, type: 'function', function: fn }];
  return [{ id: ctx.toolId, type: 'function', function: fn }];
}

function messageFor(ctx: ReplyCtx): Record<string, unknown> {
  const { answer, spec } = ctx;
  const m: Record<string, unknown> = { role: 'assistant' };
  if (answer.toolCall) {
    if (spec.id === 'deepseek') m.content = '';
    else if (spec.id !== 'mistral' && spec.id !== 'groq') m.content = null;
  } else if (spec.id === 'mistral') {
    m.tool_calls = null;
    m.content = answer.content;
  } else m.content = answer.content;
  // OpenRouter names its reasoning text `reasoning` (openrouter.ai/docs, reasoning tokens); the others `reasoning_content`.
  if (answer.reasoning !== undefined && spec.id !== 'openrouter') m.reasoning_content = answer.reasoning;
  if (answer.toolCall) m.tool_calls = toolCallsFor(ctx);
  if (spec.id === 'openai') {
    m.refusal = null;
    m.annotations = [];
  } else if (spec.id === 'xai') m.refusal = null;
  else if (spec.id === 'openrouter') {
    m.refusal = null;
    m.reasoning = answer.reasoning ?? null;
  }
  return m;
}

/** The full non-streamed response body. */
export function completionBody(ctx: ReplyCtx): Record<string, unknown> {
  const { spec, id, created, model } = ctx;
  const finish = ctx.answer.toolCall ? 'tool_calls' : 'stop';
  const message = messageFor(ctx);
  const usage = usageFor(ctx);
  switch (spec.id) {
    case 'openai':
      return { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage, service_tier: 'default', system_fingerprint: 'fp_sim' };
    case 'groq':
      return {
        id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage,
        usage_breakdown: null, system_fingerprint: 'fp_sim', x_groq: { id: groqReqId(ctx.n), seed: ctx.n }, service_tier: 'on_demand',
      };
    case 'deepseek':
    case 'xai':
      return { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage, system_fingerprint: 'fp_sim' };
    case 'mistral':
      return { id, created, model, usage, object: 'chat.completion', choices: [{ index: 0, finish_reason: finish, message }] };
    case 'openrouter':
      return { id, provider: 'SimProvider', model, object: 'chat.completion', created, choices: [{ logprobs: null, finish_reason: finish, native_finish_reason: finish, index: 0, message }], usage };
    case 'perplexity':
      return { id, model, created, usage, citations: CITATIONS, search_results: SEARCH_RESULTS, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }] };
    default:
      return { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage };
  }
}
