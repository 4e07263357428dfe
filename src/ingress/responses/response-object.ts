import { randomBytes } from 'node:crypto';
import type { ChatCompletion, FinishReason, Usage } from '../../types/chat.js';
import type { ResponseObject, ResponseOutputItem, ResponsesRequest, ResponseUsage } from '../../types/responses.js';

/** A new response id in OpenAI's style: `resp_` and random hex. */
export function newResponseId(): string {
  return `resp_${randomBytes(24).toString('hex')}`;
}

/**
 * The id of a translated response's output item: its type prefix, the response's hex and the item's position, so
 * an `item_reference` to it (the Vercel AI SDK sends those for earlier turns) leads back to the stored response.
 */
export function outputItemId(responseId: string, prefix: 'msg' | 'fc' | 'rs', index: number): string {
  return `${prefix}_${responseId.slice('resp_'.length)}${index.toString(16).padStart(4, '0')}`;
}

const OUTPUT_ITEM_ID = /^(?:msg|fc|rs)_([0-9a-f]{48})([0-9a-f]{4})$/;

/** Where an item id made by outputItemId points: the response id and the position; undefined for any other id. */
export function outputItemOrigin(itemId: string): { responseId: string; index: number } | undefined {
  const match = OUTPUT_ITEM_ID.exec(itemId);
  return match ? { responseId: `resp_${match[1]}`, index: parseInt(match[2]!, 16) } : undefined;
}

/** The fields of a Response that echo the request, as OpenAI's do (read from recorded responses, 2026-12-06). */
export function responseEnvelope(request: ResponsesRequest, id: string, createdAt: number, model: string): ResponseObject {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model,
    output: [],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: null },
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: 'disabled',
    usage: null,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}

/** How a chat answer ended, as a Response's status and incomplete_details. */
export function finishStatus(reason: FinishReason | null | undefined): Pick<ResponseObject, 'status' | 'incomplete_details'> {
  if (reason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

export function toResponseUsage(usage: Usage | undefined | null): ResponseUsage | null {
  if (!usage) return null;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens,
  };
}

/** A Responses usage object in the canonical (chat) shape, for accounting. */
export function toChatUsage(usage: ResponseUsage | null | undefined): Usage | undefined {
  if (!usage || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') return undefined;
  return {
    prompt_tokens: usage.input_tokens,
    completion_tokens: usage.output_tokens,
    total_tokens: usage.total_tokens ?? usage.input_tokens + usage.output_tokens,
  };
}

/** A whole chat completion (its first choice) as a Response object. */
export function responseFromCompletion(completion: ChatCompletion, request: ResponsesRequest, id: string, createdAt: number): ResponseObject {
  const response = responseEnvelope(request, id, createdAt, completion.model);
  const choice = completion.choices[0];
  const message = choice?.message;
  const output: ResponseOutputItem[] = [];
  if (message?.reasoning_content) {
    output.push({ type: 'reasoning', id: outputItemId(id, 'rs', output.length), summary: [{ type: 'summary_text', text: message.reasoning_content }] });
  }
  const text = typeof message?.content === 'string' ? message.content : '';
  if (text || message?.refusal) {
    output.push({
      type: 'message',
      id: outputItemId(id, 'msg', output.length),
      status: 'completed',
      role: 'assistant',
      content: message?.refusal ? [{ type: 'refusal', refusal: message.refusal }] : [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of message?.tool_calls ?? []) {
    output.push({ type: 'function_call', id: outputItemId(id, 'fc', output.length), call_id: call.id, name: call.function.name, arguments: call.function.arguments, status: 'completed' });
  }
  return { ...response, ...finishStatus(choice?.finish_reason), output, usage: toResponseUsage(completion.usage) };
}
