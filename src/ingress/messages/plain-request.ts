/**
 * The common Messages request (text turns, optional text system prompt and sampling fields, no tools or
 * thinking) checked by hand, so the usual request skips the schema walk in validate.ts. It is a shortcut only:
 * `true` means the schema would accept the body too; anything else (including every malformed body) goes to the
 * schema, which says what is wrong. A field this check does not know is left to the schema as well.
 */

/** Fields the schema checks that this shortcut does not: their presence sends the body to the schema. */
const SCHEMA_ONLY = ['tools', 'tool_choice', 'thinking', 'output_config', 'output_format'] as const;

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

export function isPlainMessagesRequest(body: Record<string, unknown>, needsMaxTokens: boolean): boolean {
  for (const field of SCHEMA_ONLY) if (body[field] !== undefined) return false;
  const model = body.model;
  if (typeof model !== 'string' || !PRINTABLE_ASCII.test(model)) return false;
  const max = body.max_tokens;
  if (needsMaxTokens ? !(Number.isSafeInteger(max) && (max as number) >= 1) : max !== undefined) return false;
  if (!isTurns(body.messages)) return false;
  const system = body.system;
  if (system !== undefined && typeof system !== 'string' && !isTextBlocks(system)) return false;
  if (!needsMaxTokens) return true;
  return optional(body.stream, (v) => typeof v === 'boolean')
    && optional(body.temperature, isUnit)
    && optional(body.top_p, isUnit)
    && optional(body.top_k, (v) => Number.isSafeInteger(v) && (v as number) >= 0)
    && optional(body.stop_sequences, (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'))
    && optional(body.metadata, isMetadata);
}

function optional(value: unknown, check: (value: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

function isUnit(value: unknown): boolean {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMetadata(value: unknown): boolean {
  return isObject(value) && (value.user_id === undefined || value.user_id === null || typeof value.user_id === 'string');
}

function isTurns(messages: unknown): boolean {
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) {
    if (!isObject(message) || (message.role !== 'user' && message.role !== 'assistant')) return false;
    if (typeof message.content !== 'string' && !isTextBlocks(message.content)) return false;
  }
  return true;
}

/** Text blocks only (`text` or Claude Code's `input_text`); images, tools and thinking go to the schema. */
function isTextBlocks(blocks: unknown): boolean {
  if (!Array.isArray(blocks)) return false;
  for (const block of blocks) {
    if (!isObject(block) || (block.type !== 'text' && block.type !== 'input_text') || typeof block.text !== 'string') return false;
  }
  return true;
}
