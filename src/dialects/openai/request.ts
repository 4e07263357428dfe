import { createHash } from 'node:crypto';
import type { AttemptContext, WireRequest } from '../types.js';
import type { ChatMessage, ChatRequest } from '../../types/chat.js';
import type { OpenAIQuirks } from '../../providers/types.js';

/** Fields that steer the gateway and never go upstream. */
const GATEWAY_FIELDS = new Set(['model', 'models', 'provider', 'wai', 'stream', 'stream_options']);

/** Builds the upstream request: the caller's body with the upstream model, minus gateway fields, plus quirks. */
export function buildOpenAIChatRequest(ctx: AttemptContext): WireRequest {
  const provider = ctx.provider;
  const quirks = provider.entry.quirks ?? {};
  return {
    method: 'POST',
    origin: provider.origin,
    path: provider.basePath + provider.entry.chatPath,
    headers: provider.wireHeaders(),
    body: JSON.stringify(toWireBody(ctx.request, ctx.upstreamModel, ctx.stream, quirks)),
  };
}

export function toWireBody(request: ChatRequest, model: string, stream: boolean, quirks: OpenAIQuirks): Record<string, unknown> {
  const body: Record<string, unknown> = { model };
  const renamed = quirks.renamedParams;
  for (const key in request) {
    if (GATEWAY_FIELDS.has(key) || (key === 'top_k' && !quirks.topK)) continue;
    const value = request[key];
    if (value === undefined) continue;
    const wireKey = renamed?.[key] ?? key;
    // A renamed field never overwrites the provider's own spelling when the caller sent both.
    if (wireKey !== key && request[wireKey] !== undefined) continue;
    body[wireKey] = value;
  }
  if (stream) {
    body.stream = true;
    // Usage is always asked for where the provider needs asking: the gateway accounts for every stream.
    if ((quirks.streamUsage ?? 'request') === 'request') {
      body.stream_options = { ...request.stream_options, include_usage: true };
    }
  }
  if (quirks.allowedParams) {
    const allowed = new Set(quirks.allowedParams);
    for (const key of Object.keys(body)) if (!allowed.has(key)) delete body[key];
  }
  if (quirks.toolChoiceValues && typeof body.tool_choice === 'string') {
    body.tool_choice = quirks.toolChoiceValues[body.tool_choice] ?? body.tool_choice;
  }
  if (quirks.toolCallIdFormat === 'alnum9' && Array.isArray(body.messages)) {
    body.messages = rewriteToolCallIds(body.messages as ChatMessage[]);
  }
  if (!quirks.cacheControl) withoutCacheMarks(body);
  if ((quirks.allowedMessageFields || quirks.renamedRoles) && Array.isArray(body.messages)) {
    body.messages = (body.messages as ChatMessage[]).map((m) => strictMessage(m, quirks));
  }
  return body;
}

/**
 * Anthropic's `cache_control` marks (on content parts and tools) removed, for providers that do not take them:
 * OpenAI and most others cache prompts on their own and refuse fields they do not know. Copies only what changes.
 */
function withoutCacheMarks(body: Record<string, unknown>): void {
  const messages = body.messages as ChatMessage[] | undefined;
  if (Array.isArray(messages) && messages.some((m) => Array.isArray(m.content) && m.content.some(isMarked))) {
    body.messages = messages.map((m) => (Array.isArray(m.content) && m.content.some(isMarked) ? { ...m, content: m.content.map(unmarked) } : m));
  }
  const tools = body.tools as Array<Record<string, unknown>> | undefined;
  if (Array.isArray(tools) && tools.some(isMarked)) body.tools = tools.map(unmarked);
}

function isMarked(part: object): boolean {
  return (part as { cache_control?: unknown }).cache_control !== undefined;
}

function unmarked<T extends object>(part: T): T {
  if (!isMarked(part)) return part;
  const { cache_control: _, ...rest } = part as T & { cache_control?: unknown };
  return rest as T;
}

/** A message cut down to what a strict provider accepts for its role. */
function strictMessage(message: ChatMessage, quirks: OpenAIQuirks): ChatMessage {
  const role = quirks.renamedRoles?.[message.role] ?? message.role;
  const allowed = quirks.allowedMessageFields?.[role];
  if (!allowed) return role === message.role ? message : { ...message, role: role as ChatMessage['role'] };
  const out: Record<string, unknown> = {};
  for (const field of allowed) if (message[field] !== undefined) out[field] = message[field];
  out.role = role;
  return out as ChatMessage;
}

const ALNUM9 = /^[a-zA-Z0-9]{9}$/;

/**
 * Mistral accepts only 9-character alphanumeric tool-call ids. Ids from other providers (`call_…`, `toolu_…`)
 * are mapped to a stable 9-character id, the same in the assistant's call and in the tool's answer.
 */
function rewriteToolCallIds(messages: ChatMessage[]): ChatMessage[] {
  if (!messages.some((m) => m.tool_calls?.length || m.tool_call_id)) return messages;
  return messages.map((message) => {
    if (message.tool_calls?.length) {
      return { ...message, tool_calls: message.tool_calls.map((call) => ({ ...call, id: toAlnum9(call.id) })) };
    }
    if (message.tool_call_id) return { ...message, tool_call_id: toAlnum9(message.tool_call_id) };
    return message;
  });
}

export function toAlnum9(id: string): string {
  if (ALNUM9.test(id)) return id;
  return createHash('sha256').update(id).digest('base64url').replace(/[-_]/g, '').slice(0, 9).padEnd(9, '0');
}
