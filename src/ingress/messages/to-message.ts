/** A canonical (OpenAI) answer as Anthropic's Message: the blocks, the stop reason and the usage. */
import type { ChatCompletion, FinishReason, Usage } from '../../types/chat.js';
import { isRecord, parseJson } from '../../internal/json.js';
// Anthropic's pattern for tool-use ids (`^[a-zA-Z0-9_-]+$`): another provider's ids (Moonshot's `f:0`) are mapped,
// so the conversation can go on at Anthropic.
import { toolUseId } from '../../dialects/anthropic/messages.js';
import type { MessagesOutputBlock, MessagesResponse, MessagesUsage, StopReason } from './wire-types.js';

export function toMessage(completion: ChatCompletion): MessagesResponse {
  const choice = completion.choices[0];
  const message = choice?.message;
  const content: MessagesOutputBlock[] = [];
  const reasoning = message?.reasoning_content ?? (typeof message?.reasoning === 'string' ? message.reasoning : undefined);
  // Reasoning from another provider has no Anthropic signature: the field is there, empty, as the SDK types it.
  if (reasoning) content.push({ type: 'thinking', thinking: reasoning, signature: '' });
  const text = message?.content ?? message?.refusal ?? '';
  if (text) content.push({ type: 'text', text });
  for (const call of message?.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: toolUseId(call.id), name: call.function.name, input: toolInput(call.function.arguments) });
  }
  return {
    id: messageId(completion.id),
    type: 'message',
    role: 'assistant',
    model: completion.model,
    content,
    stop_reason: toStopReason(choice?.finish_reason ?? null, content.some((b) => b.type === 'tool_use')),
    stop_sequence: null,
    usage: toMessagesUsage(completion.usage),
  };
}

/** Anthropic ids start with `msg_`; another provider's id is kept after it, so logs still match. */
export function messageId(id: string): string {
  return id.startsWith('msg_') ? id : `msg_${id.replace(/[^a-zA-Z0-9_-]/g, '')}`;
}

/**
 * OpenAI's finish reason as Anthropic's stop reason. A stop sequence cannot be told from a natural end in
 * OpenAI's answer, so both are `end_turn`.
 */
export function toStopReason(finish: FinishReason | null, calledTools: boolean): StopReason {
  switch (finish) {
    case 'length': return 'max_tokens';
    case 'tool_calls':
    case 'function_call': return 'tool_use';
    case 'content_filter': return 'refusal';
    default: return calledTools ? 'tool_use' : 'end_turn';
  }
}

/** OpenAI usage counts cached input inside `prompt_tokens`; Anthropic counts it apart from `input_tokens`. */
export function toMessagesUsage(usage: Usage | undefined): MessagesUsage {
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
    output_tokens: usage?.completion_tokens ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

/** Tool arguments are JSON text on OpenAI and an object on Anthropic; text that is not an object becomes `{}`. */
export function toolInput(args: string): Record<string, unknown> {
  const parsed = parseJson(args);
  return parsed.ok && isRecord(parsed.value) ? parsed.value : {};
}
