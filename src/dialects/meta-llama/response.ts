import type { AttemptContext, DecodedCompletion } from '../types.js';
import type { AssistantMessage, ToolCall } from '../../types/chat.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord } from '../../internal/json.js';
import { finishReasonFromLlama, usageFromMetrics } from './finish-and-usage.js';
import { llamaInBodyError } from './errors.js';
import { malformedAnswer, readAnswerObject } from '../failures.js';
import { oneChoiceCompletion } from '../completion.js';

/** A whole Llama answer (`{id, completion_message, metrics}`) as an OpenAI `chat.completion`. */
export function decodeLlamaChatResponse(bytes: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError {
  const body = readAnswerObject(bytes, ctx);
  if (ProviderError.is(body)) return body;
  if (body.error !== undefined) return llamaInBodyError(body, ctx);
  const message = body.completion_message;
  if (!isRecord(message)) return malformedAnswer(ctx, 'the body has no completion_message');

  const { text, reasoning } = readContent(message.content);
  const toolCalls = readToolCalls(message.tool_calls);
  const assistant: AssistantMessage = { role: 'assistant', content: toolCalls.length && text === '' ? null : text, refusal: null };
  if (reasoning !== undefined) assistant.reasoning_content = reasoning;
  if (toolCalls.length) assistant.tool_calls = toolCalls;

  return oneChoiceCompletion(ctx, body.id, assistant, finishReasonFromLlama(message.stop_reason, toolCalls.length > 0), usageFromMetrics(body.metrics));
}

/** `content` is a string, a `{type:'text'}` item, or a `{type:'reasoning', reasoning, answer}` item. */
export function readContent(content: unknown): { text: string; reasoning?: string } {
  if (typeof content === 'string') return { text: content };
  if (isRecord(content)) {
    if (content.type === 'reasoning') {
      return { text: typeof content.answer === 'string' ? content.answer : '', reasoning: typeof content.reasoning === 'string' ? content.reasoning : '' };
    }
    if (typeof content.text === 'string') return { text: content.text };
  }
  if (Array.isArray(content)) return { text: content.map((c) => readContent(c).text).join('') };
  return { text: '' };
}

function readToolCalls(raw: unknown): ToolCall[] {
  if (!Array.isArray(raw)) return [];
  const calls: ToolCall[] = [];
  for (const call of raw) {
    if (!isRecord(call) || !isRecord(call.function)) continue;
    const args = call.function.arguments;
    calls.push({
      id: typeof call.id === 'string' ? call.id : `call_${calls.length}`,
      type: 'function',
      function: {
        name: typeof call.function.name === 'string' ? call.function.name : '',
        // Arguments are a JSON string on the wire; an object (seen in older Llama stacks) is serialised.
        arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      },
    });
  }
  return calls;
}
