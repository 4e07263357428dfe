import type { AttemptContext, WireRequest } from '../types.js';
import type { ChatMessage, ChatRequest, ContentPart } from '../../types/chat.js';
import type { LlamaImageItem, LlamaMessage, LlamaRequest, LlamaTextItem } from './wire-types.js';
import { ProviderError } from '../../errors/provider-error.js';

/**
 * The canonical (OpenAI) request as the Llama API's native body. The shapes are close: messages, tools and
 * tool_choice keep OpenAI's layout. Differences handled here:
 * - `max_tokens` travels as `max_completion_tokens` (the only spelling Llama knows);
 * - `json_object` mode becomes `json_schema` with an open object schema (Llama offers only json_schema);
 * - assistant tool calls lose `type`, and a null assistant content becomes '' (Llama's clients send text);
 * - fields Llama has no use for (stop, seed, user, n, logprobs, penalties, parallel_tool_calls) are not sent.
 * Streams must carry `Accept: text/event-stream`: the Llama API answers a stream request without it with 400.
 */
export function buildLlamaChatRequest(ctx: AttemptContext): WireRequest {
  const provider = ctx.provider;
  const headers = ctx.stream ? { ...provider.wireHeaders(), accept: 'text/event-stream' } : provider.wireHeaders();
  return {
    method: 'POST',
    origin: provider.origin,
    path: provider.basePath + provider.entry.chatPath,
    headers,
    body: JSON.stringify(toLlamaBody(ctx.request, ctx.upstreamModel, ctx.stream, ctx)),
  };
}

export function toLlamaBody(request: ChatRequest, model: string, stream: boolean, ctx: AttemptContext): LlamaRequest {
  const body: LlamaRequest = { model, messages: request.messages.map((m) => toLlamaMessage(m, ctx)) };
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') body.max_completion_tokens = maxTokens;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  // Llama-specific sampling knobs a caller may pass through.
  if (typeof request.top_k === 'number') body.top_k = request.top_k;
  if (typeof request.repetition_penalty === 'number') body.repetition_penalty = request.repetition_penalty;
  const format = request.response_format;
  if (format?.type === 'json_schema') {
    body.response_format = { type: 'json_schema', json_schema: { name: format.json_schema.name, schema: format.json_schema.schema ?? { type: 'object' } } };
  } else if (format?.type === 'json_object') {
    body.response_format = { type: 'json_schema', json_schema: { name: 'json_object', schema: { type: 'object' } } };
  }
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => ({ type: 'function', function: { ...t.function } }));
    if (request.tool_choice !== undefined) body.tool_choice = request.tool_choice;
  }
  if (stream) body.stream = true;
  return body;
}

function toLlamaMessage(message: ChatMessage, ctx: AttemptContext): LlamaMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: typeof message.content === 'string' ? message.content : textItems(message.content, ctx) };
    case 'user':
      return { role: 'user', content: typeof message.content === 'string' ? message.content : userItems(message.content, ctx) };
    case 'assistant': {
      const out: LlamaMessage = { role: 'assistant', content: typeof message.content === 'string' ? message.content : joinText(message.content) };
      if (message.tool_calls?.length) {
        out.tool_calls = message.tool_calls.map((c) => ({ id: c.id, function: { name: c.function.name, arguments: c.function.arguments } }));
        out.stop_reason = 'tool_calls';
      }
      return out;
    }
    case 'tool':
    case 'function':
      return { role: 'tool', tool_call_id: message.tool_call_id ?? message.name ?? '', content: typeof message.content === 'string' ? message.content : joinText(message.content) };
  }
}

function joinText(content: ContentPart[] | null | undefined): string {
  if (!content) return '';
  return content.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

function textItems(content: ContentPart[] | null | undefined, ctx: AttemptContext): LlamaTextItem[] {
  return (content ?? []).map((p) => {
    if (p.type !== 'text') throw unsupportedPart(p.type, ctx);
    return { type: 'text', text: p.text };
  });
}

function userItems(content: ContentPart[] | null | undefined, ctx: AttemptContext): (LlamaTextItem | LlamaImageItem)[] {
  return (content ?? []).map((p) => {
    if (p.type === 'text') return { type: 'text', text: p.text };
    if (p.type === 'image_url') return { type: 'image_url', image_url: { url: p.image_url.url } };
    throw unsupportedPart(p.type, ctx);
  });
}

function unsupportedPart(type: string, ctx: AttemptContext): ProviderError {
  return new ProviderError({
    errorClass: 'unsupported', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'unsupported_content',
    message: `The Llama API takes text and images only; a "${type}" content part cannot be sent`,
  });
}
