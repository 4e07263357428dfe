/**
 * Azure OpenAI's success bodies: OpenAI's chat objects plus Azure's additions, laid out as in the recorded
 * stream (fixture openai/azure-model-router.1.chunks.txt): a first chunk with empty `choices`, empty id and
 * model and the prompt's filter results; per-choice `content_filter_results`; a usage-only last chunk.
 */
import type { Answer } from '../openai-compatible/answer.js';
import { splitArgs, splitDeltas } from '../openai-compatible/answer.js';
import { sseEvent } from '../loopback-kit/sse-writer.js';
import { filterResults } from './errors.js';

export interface AzureReplyCtx {
  id: string;
  created: number;
  /** Azure reports the deployed model, not the deployment name; the simulator deploys each name as itself. */
  model: string;
  answer: Answer;
  toolId: string;
  includeUsage: boolean;
  /** The completion was cut by the output content filter (finish_reason content_filter). */
  outputFiltered: boolean;
}

const promptFilters = () => [{ prompt_index: 0, content_filter_results: { ...filterResults(), jailbreak: { filtered: false, detected: false } } }];

function usage(ctx: AzureReplyCtx) {
  const p = ctx.answer.promptTokens;
  const c = ctx.outputFiltered ? 0 : ctx.answer.completionTokens;
  return {
    completion_tokens: c, completion_tokens_details: { accepted_prediction_tokens: 0, audio_tokens: 0, reasoning_tokens: 0, rejected_prediction_tokens: 0 },
    prompt_tokens: p, prompt_tokens_details: { audio_tokens: 0, cached_tokens: 0 }, total_tokens: p + c,
  };
}

const finishOf = (ctx: AzureReplyCtx) => (ctx.outputFiltered ? 'content_filter' : ctx.answer.toolCall ? 'tool_calls' : 'stop');

export function completionBody(ctx: AzureReplyCtx): Record<string, unknown> {
  const { answer } = ctx;
  const message: Record<string, unknown> = { annotations: [], content: ctx.outputFiltered ? null : answer.toolCall ? null : answer.content, refusal: null, role: 'assistant' };
  if (answer.toolCall && !ctx.outputFiltered) {
    message.tool_calls = [{ function: { arguments: answer.toolCall.arguments, name: answer.toolCall.name }, id: ctx.toolId, type: 'function' }];
  }
  return {
    choices: [{ content_filter_results: filterResults(ctx.outputFiltered ? 'violence' : undefined), finish_reason: finishOf(ctx), index: 0, logprobs: null, message }],
    created: ctx.created, id: ctx.id, model: ctx.model, object: 'chat.completion',
    prompt_filter_results: promptFilters(), system_fingerprint: 'fp_sim_azure', usage: usage(ctx),
  };
}

const data = (o: unknown) => sseEvent(JSON.stringify(o));
export const DONE = 'data: [DONE]\n\n';

export function streamFrames(ctx: AzureReplyCtx): string[] {
  const { id, created, model, answer } = ctx;
  const chunk = (delta: Record<string, unknown>, finish: string | null, filters: Record<string, unknown>) => ({
    choices: [{ content_filter_results: filters, delta, finish_reason: finish, index: 0, logprobs: null }],
    created, id, model, object: 'chat.completion.chunk', system_fingerprint: 'fp_sim_azure', ...(ctx.includeUsage ? { usage: null } : {}),
  });
  const frames = [data({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: promptFilters() })];
  frames.push(data(chunk({ content: '', refusal: null, role: 'assistant' }, null, {})));
  if (!ctx.outputFiltered) {
    if (answer.toolCall) {
      frames.push(data(chunk({ tool_calls: [{ function: { arguments: '', name: answer.toolCall.name }, id: ctx.toolId, index: 0, type: 'function' }] }, null, {})));
      for (const piece of splitArgs(answer.toolCall.arguments)) frames.push(data(chunk({ tool_calls: [{ function: { arguments: piece }, index: 0 }] }, null, {})));
    } else {
      for (const piece of splitDeltas(answer.content)) frames.push(data(chunk({ content: piece }, null, filterResults())));
    }
  }
  frames.push(data(chunk({}, finishOf(ctx), ctx.outputFiltered ? filterResults('violence') : {})));
  if (ctx.includeUsage) frames.push(data({ choices: [], created, id, model, object: 'chat.completion.chunk', system_fingerprint: 'fp_sim_azure', usage: usage(ctx) }));
  frames.push(DONE);
  return frames;
}

export function streamErrorFrame(message: string, code: number | undefined): string {
  return data({ error: { message, type: 'server_error', param: null, code: code ?? null } });
}

export const MALFORMED_FRAME = 'data: {"id":"chatcmpl-sim-broken","choices":[{"delta":{"content":"oops"\n\n';
