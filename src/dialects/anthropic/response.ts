/** A whole Messages API response as an OpenAI `chat.completion`. */
import type { AttemptContext, DecodedCompletion } from '../types.js';
import type { AssistantMessage, ChatCompletion, ToolCall } from '../../types/chat.js';
import type { AnthropicUsage } from './wire-types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord } from '../../internal/json.js';
import { toFinishReason } from './finish-reason.js';
import { toOpenAIUsage } from './usage.js';
import { jsonAnswerText, jsonModePlan } from './json-mode.js';
import { streamEventError } from './errors.js';
import { malformedAnswer, readAnswerObject } from '../failures.js';
import { nativeBodyOf } from '../native-body.js';

export function decodeAnthropicResponse(bytes: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError {
  const body = readAnswerObject(bytes, ctx);
  if (ProviderError.is(body)) return body;
  // An error object under HTTP 200 (seen behind proxies) is still an error.
  if (body.type === 'error') return streamEventError(body, ctx);
  if (!Array.isArray(body.content)) return malformedAnswer(ctx, 'a message without a content array');

  const plan = jsonModePlan(ctx.request);
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const block of body.content as unknown[]) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'thinking' && typeof block.thinking === 'string') reasoning += block.thinking;
    else if (block.type === 'tool_use') {
      if (plan && block.name === plan.toolName) text += jsonAnswerText(plan, block.input);
      else {
        toolCalls.push({
          id: String(block.id ?? ''),
          type: 'function',
          function: { name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) },
        });
      }
    }
    // redacted_thinking, server tool blocks and anything newer carry nothing an OpenAI client can show.
  }

  let finish = toFinishReason(body.stop_reason);
  // The model "used a tool" only to give the JSON answer: for the caller that is a normal stop.
  if (finish === 'tool_calls' && toolCalls.length === 0) finish = 'stop';
  const refused = body.stop_reason === 'refusal';
  const message: AssistantMessage = {
    role: 'assistant',
    content: text !== '' ? text : toolCalls.length > 0 || refused ? null : '',
  };
  if (refused) message.refusal = isRecord(body.stop_details) && typeof body.stop_details.explanation === 'string' ? body.stop_details.explanation : 'The model declined to answer.';
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;

  const completion: ChatCompletion = {
    id: typeof body.id === 'string' ? body.id : `msg_${ctx.requestId}`,
    object: 'chat.completion',
    created: Math.floor(ctx.clock.now() / 1000),
    model: typeof body.model === 'string' ? body.model : ctx.upstreamModel,
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
    usage: toOpenAIUsage(isRecord(body.usage) ? (body.usage as AnthropicUsage) : undefined),
  };
  // The caller asked in Anthropic's format: it gets Anthropic's bytes (the completion serves the accounting).
  return nativeBodyOf(ctx.request, 'anthropic-messages') ? { completion, native: bytes } : { completion };
}
