import type { AttemptContext, DecodedCompletion } from '../types.js';
import type { AssistantMessage, ChatChoice, ChatCompletion, ToolCall } from '../../types/chat.js';
import type { GeminiCandidate, GeminiResponse } from './wire-types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord } from '../../internal/json.js';
import { inStreamError } from './errors.js';
import { toFinishReason } from './finish-reason.js';
import { toUsage } from './usage.js';
import { completionId, newToolCallId } from './ids.js';
import { malformedAnswer, readAnswerObject } from '../failures.js';

/** A whole GenerateContentResponse -> an OpenAI `chat.completion` (one choice per candidate). */
export function decodeGeminiChatResponse(bytes: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError {
  const read = readAnswerObject(bytes, ctx);
  if (ProviderError.is(read)) return read;
  const body = read as GeminiResponse;
  if (isRecord(body.error)) return inStreamError(body, ctx);
  const candidates = Array.isArray(body.candidates) ? body.candidates.filter(isRecord) as GeminiCandidate[] : [];

  let choices: ChatChoice[];
  if (candidates.length > 0) {
    choices = candidates.map((candidate, i) => toChoice(candidate, typeof candidate.index === 'number' ? candidate.index : i));
  } else if (isRecord(body.promptFeedback) && typeof body.promptFeedback.blockReason === 'string') {
    // The prompt itself was blocked: no candidate at all. OpenAI's nearest answer is an empty content_filter choice.
    choices = [{ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter', native_finish_reason: body.promptFeedback.blockReason } as ChatChoice];
  } else {
    return malformedAnswer(ctx, 'a response with neither candidates nor promptFeedback');
  }

  const completion: ChatCompletion = {
    id: completionId(body.responseId, ctx.requestId),
    object: 'chat.completion',
    created: Math.floor(ctx.clock.now() / 1000),
    model: typeof body.modelVersion === 'string' ? body.modelVersion : ctx.upstreamModel,
    choices,
  };
  const usage = toUsage(body.usageMetadata);
  if (usage) completion.usage = usage;
  return { completion };
}

export interface PartsSummary {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
}

/** Text parts joined, `thought: true` parts as reasoning, function calls with fresh ids and JSON-string arguments. */
export function summariseParts(candidate: GeminiCandidate): PartsSummary {
  const out: PartsSummary = { text: '', reasoning: '', toolCalls: [] };
  const parts = isRecord(candidate.content) && Array.isArray(candidate.content.parts) ? candidate.content.parts : [];
  for (const part of parts) {
    if (!isRecord(part)) continue;
    if (typeof part.text === 'string') {
      if (part.thought === true) out.reasoning += part.text;
      else out.text += part.text;
    }
    const call = part.functionCall;
    if (isRecord(call) && typeof call.name === 'string' && call.name !== '') {
      out.toolCalls.push({
        id: typeof call.id === 'string' && call.id !== '' ? call.id : newToolCallId(),
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(isRecord(call.args) ? call.args : {}) },
      });
    }
  }
  return out;
}

function toChoice(candidate: GeminiCandidate, index: number): ChatChoice {
  const { text, reasoning, toolCalls } = summariseParts(candidate);
  const message: AssistantMessage = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const choice: ChatChoice = { index, message, finish_reason: toFinishReason(candidate.finishReason, toolCalls.length > 0) };
  if (typeof candidate.finishReason === 'string') (choice as ChatChoice & { native_finish_reason?: string }).native_finish_reason = candidate.finishReason;
  return choice;
}
