import type { AttemptContext, DecodedCompletion } from '../types.js';
import type { AssistantMessage, ToolCall } from '../../types/chat.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord } from '../../internal/json.js';
import { finishReasonFor } from './finish-reason.js';
import { usageFromConverse } from './usage.js';
import { jsonModeFor, JSON_TOOL_NAME } from './json-mode.js';
import { malformedAnswer, readAnswerObject } from '../failures.js';
import { oneChoiceCompletion } from '../completion.js';

/** A Converse answer as an OpenAI `chat.completion`. Converse sends no id, so the gateway's request id stands in. */
export function decodeBedrockChatResponse(bytes: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError {
  const body = readAnswerObject(bytes, ctx);
  if (ProviderError.is(body)) return body;
  const output = isRecord(body.output) ? body.output : undefined;
  const message = output && isRecord(output.message) ? output.message : undefined;
  if (!message || !Array.isArray(message.content)) return malformedAnswer(ctx, 'a Converse response without output.message.content');

  const jsonTool = jsonModeFor(ctx.request, ctx.upstreamModel).kind === 'tool';
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content as unknown[]) {
    if (!isRecord(block)) continue;
    if (typeof block.text === 'string') text += block.text;
    else if (isRecord(block.toolUse)) {
      const use = block.toolUse;
      const name = typeof use.name === 'string' ? use.name : '';
      const args = JSON.stringify(use.input ?? {});
      if (jsonTool && name === JSON_TOOL_NAME) text += args;
      else toolCalls.push({ id: typeof use.toolUseId === 'string' ? use.toolUseId : `call_${toolCalls.length}`, type: 'function', function: { name, arguments: args } });
    } else if (isRecord(block.reasoningContent)) {
      const r = block.reasoningContent;
      if (isRecord(r.reasoningText) && typeof r.reasoningText.text === 'string') reasoning += r.reasoningText.text;
    }
  }

  const assistant: AssistantMessage = { role: 'assistant', content: text === '' && toolCalls.length ? null : text };
  if (toolCalls.length) assistant.tool_calls = toolCalls;
  if (reasoning) assistant.reasoning_content = reasoning;
  return oneChoiceCompletion(ctx, undefined, assistant, finishReasonFor(body.stopReason, jsonTool), usageFromConverse(body.usage));
}
