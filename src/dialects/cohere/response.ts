import type { AttemptContext, DecodedCompletion } from '../types.js';
import type { AssistantMessage, ToolCall } from '../../types/chat.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord } from '../../internal/json.js';
import { cohereFailure } from './failure.js';
import { malformedAnswer, readAnswerObject } from '../failures.js';
import { oneChoiceCompletion } from '../completion.js';
import { isFailedFinish, toOpenAIFinishReason } from './finish-reason.js';
import { normaliseArguments } from './tool-arguments.js';
import { toOpenAIUsage } from './usage.js';

/**
 * A whole Cohere v2 answer as an OpenAI `chat.completion`.
 * - `text` parts are joined into `content`; `thinking` parts become `reasoning_content`.
 * - `tool_plan` (Cohere's sentence about which tools it is going to call) is kept as reasoning, after any
 *   thinking: it is the model explaining itself, not the answer, so it must not land in `content` (where it
 *   would break JSON consumers and show up as the reply), and keeping it lets it go back as `tool_plan`
 *   with the tool calls on the next turn (see messages.ts), which is how Cohere wants the history.
 * - Tool calls keep Cohere's ids; arguments are normalised (`"null"` → `"{}"`, see tool-arguments.ts).
 * - finish_reason ERROR or TIMEOUT is Cohere saying the generation failed: a transient error, not an answer.
 */
export function decodeCohereChatResponse(bytes: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError {
  const body = readAnswerObject(bytes, ctx);
  if (ProviderError.is(body)) return body;
  const message = body.message;
  if (!isRecord(message)) {
    // `{message: "…"}` under a 2xx is an error body in the wrong place; anything else is not a chat answer.
    const text = typeof message === 'string' ? message : 'response has no message object';
    return malformedAnswer(ctx, text, body);
  }
  if (isFailedFinish(body.finish_reason)) {
    return cohereFailure(ctx, 'transient', 'generation_failed', `stopped the generation with finish_reason ${body.finish_reason}`, body);
  }

  let text = '';
  let thinking = '';
  if (Array.isArray(message.content)) {
    for (const part of message.content) {
      if (!isRecord(part)) continue;
      if (part.type === 'text' && typeof part.text === 'string') text += part.text;
      else if (part.type === 'thinking' && typeof part.thinking === 'string') thinking += part.thinking;
    }
  }
  const plan = typeof message.tool_plan === 'string' ? message.tool_plan : '';
  const reasoning = thinking && plan ? `${thinking}\n\n${plan}` : thinking || plan;
  const toolCalls = toToolCalls(message.tool_calls);

  const assistant: AssistantMessage = { role: 'assistant', content: toolCalls.length > 0 && text === '' ? null : text };
  if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
  if (reasoning) assistant.reasoning_content = reasoning;

  return oneChoiceCompletion(ctx, body.id, assistant, toOpenAIFinishReason(body.finish_reason, toolCalls.length > 0), toOpenAIUsage(body.usage));
}

function toToolCalls(raw: unknown): ToolCall[] {
  if (!Array.isArray(raw)) return [];
  const calls: ToolCall[] = [];
  for (const call of raw) {
    if (!isRecord(call) || !isRecord(call.function) || typeof call.function.name !== 'string') continue;
    calls.push({
      id: typeof call.id === 'string' ? call.id : `call_${calls.length}`,
      type: 'function',
      function: { name: call.function.name, arguments: normaliseArguments(call.function.arguments) },
    });
  }
  return calls;
}
