import type { ChatRequest } from '../types/chat.js';
import type { Capabilities } from '../catalog/types.js';
import type { ChatOption } from '../providers/types.js';

/** What a request needs from a model, worked out once per request. */
export interface Requirements {
  capabilities: Partial<Record<keyof Capabilities, true>>;
  /** Rough size of the request in tokens (prompt estimate plus the answer budget). */
  estimatedTokens: number;
  /** Embeddings: the input is token ids, which only providers taking OpenAI's whole request accept. */
  tokenInput?: boolean;
  /** Chat options only some providers honour (see ProviderEntry.honours), each with the field the caller set. */
  options?: Array<{ option: ChatOption; param: string }>;
}

/** The chat options a request uses, with the field that asked for each (for the 400 naming it). */
export function chatOptionsOf(request: ChatRequest): Requirements['options'] {
  const options: NonNullable<Requirements['options']> = [];
  if (typeof request.n === 'number' && request.n > 1) options.push({ option: 'n', param: 'n' });
  if (request.logprobs === true || (typeof request.top_logprobs === 'number' && request.top_logprobs > 0)) {
    options.push({ option: 'logprobs', param: request.logprobs === true ? 'logprobs' : 'top_logprobs' });
  }
  if (request.tools?.some((tool) => (tool as { type?: string }).type === 'custom')) options.push({ option: 'custom_tools', param: 'tools' });
  const choice = request.tool_choice as { type?: string } | undefined;
  if (choice?.type === 'allowed_tools') options.push({ option: 'allowed_tools', param: 'tool_choice' });
  if (choice?.type === 'custom' && !options.some((o) => o.option === 'custom_tools')) options.push({ option: 'custom_tools', param: 'tool_choice' });
  return options.length ? options : undefined;
}

/** About four characters a token for English text: a cheap, deliberately generous estimate. */
const CHARS_PER_TOKEN = 4;

export function requirementsOf(request: ChatRequest): Requirements {
  const capabilities: Requirements['capabilities'] = {};
  if (request.tools?.length && request.tool_choice !== 'none') capabilities.tools = true;
  const format = request.response_format?.type;
  if (format === 'json_object' || format === 'json_schema') capabilities.json = true;
  if (request.stream) capabilities.streaming = true;
  let chars = 0;
  for (const message of request.messages) {
    const content = message.content;
    if (typeof content === 'string') chars += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === 'text') chars += part.text.length;
        else if (part.type === 'image_url') capabilities.vision = true;
      }
    }
    if (message.tool_calls) for (const call of message.tool_calls) chars += call.function.arguments.length;
  }
  const answer = request.max_completion_tokens ?? request.max_tokens ?? 0;
  const options = chatOptionsOf(request);
  return { capabilities, estimatedTokens: Math.ceil(chars / CHARS_PER_TOKEN) + answer, ...(options ? { options } : {}) };
}

const NONE_MISSING: readonly string[] = Object.freeze([]);

/** The capabilities `needed` that `offered` lacks, in the order they were needed; nothing is allocated when none is. */
export function missingCapabilities(needed: Requirements['capabilities'], offered: Capabilities): readonly string[] {
  let missing: string[] | undefined;
  for (const key in needed) if (!offered[key as keyof Capabilities]) (missing ??= []).push(key);
  return missing ?? NONE_MISSING;
}
