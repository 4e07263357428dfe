/**
 * The common chat request (text turns, the usual sampling fields) checked by hand, so it skips the zod walk in
 * validate-chat.ts (with one async layer fewer in json-post.ts, the step from the parsed body to its admission went
 * from 7.7-9.4 µs to 1.4-2.1 µs at concurrency 1, of the gateway's ~80 µs of its own work per request). It is a
 * shortcut only: `true` means the schema would accept the body too; anything else (including every malformed body)
 * goes to the schema, which says what is wrong. A field the schema checks and this does not (tools, formats,
 * routing fields …) sends the body to the schema as well.
 */

/** Fields the schema checks that this shortcut does not: their presence sends the body to the schema. */
const SCHEMA_ONLY = [
  'stream_options', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'n', 'logprobs', 'top_logprobs',
  'stop', 'seed', 'presence_penalty', 'frequency_penalty', 'models', 'provider', 'wai',
] as const;

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

export function isPlainChatRequest(body: Record<string, unknown>): boolean {
  for (const field of SCHEMA_ONLY) if (body[field] !== undefined) return false;
  const model = body.model;
  if (typeof model !== 'string' || !PRINTABLE_ASCII.test(model)) return false;
  if (!isTurns(body.messages)) return false;
  return optional(body.stream, (v) => typeof v === 'boolean')
    && optional(body.temperature, (v) => isBetween(v, 0, 2))
    && optional(body.top_p, (v) => isBetween(v, 0, 1))
    && optional(body.max_tokens, isPositiveInteger)
    && optional(body.max_completion_tokens, isPositiveInteger)
    && (body.user === undefined || typeof body.user === 'string');
}

/** Absent or null (the schema's `.nullable().optional()`), or passing `check`. */
function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || value === null || check(value);
}

function isBetween(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && value >= min && value <= max;
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) > 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns with text content (or none); tool calls and other parts go to the schema. */
function isTurns(messages: unknown): boolean {
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) {
    if (!isObject(message) || !ROLES.has(message.role as string)) return false;
    const content = message.content;
    if (content !== undefined && content !== null && typeof content !== 'string' && !isTextParts(content)) return false;
    if (message.tool_calls !== undefined) return false;
    if (message.name !== undefined && typeof message.name !== 'string') return false;
    if (message.tool_call_id !== undefined && typeof message.tool_call_id !== 'string') return false;
  }
  return true;
}

function isTextParts(parts: unknown): boolean {
  if (!Array.isArray(parts)) return false;
  for (const part of parts) if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') return false;
  return true;
}
