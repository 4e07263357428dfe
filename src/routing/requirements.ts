import type { ChatRequest } from '../types/chat.js';
import type { Capabilities } from '../catalog/types.js';

/** What a request needs from a model, worked out once per request. */
export interface Requirements {
  capabilities: Partial<Record<keyof Capabilities, true>>;
  /** Rough size of the request in tokens (prompt estimate plus the answer budget). */
  estimatedTokens: number;
  /** Embeddings: the input is token ids, which only providers taking OpenAI's whole request accept. */
  tokenInput?: boolean;
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
  return { capabilities, estimatedTokens: Math.ceil(chars / CHARS_PER_TOKEN) + answer };
}

export function missingCapabilities(needed: Requirements['capabilities'], offered: Capabilities): string[] {
  const missing: string[] = [];
  for (const key of Object.keys(needed) as Array<keyof Capabilities>) if (!offered[key]) missing.push(key);
  return missing;
}
