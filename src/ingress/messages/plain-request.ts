/**
 * The common Messages request checked by hand, so the usual request skips the schema walk in validate.ts: text
 * turns, an optional text system prompt and sampling fields, and the caller's own tools with the turns that use
 * them (`tool_use`, and `tool_result` with text), as Claude Code sends on every request of a session (for such a
 * 160 kB body, 230-265 µs in the schema, 23-36 µs here). It is a shortcut only: `true` means the schema would
 * accept the body too; anything else (including every malformed body) goes to the schema, which says what is
 * wrong. A field or block this check does not know (thinking, images, Anthropic's server tools …) is left to the
 * schema as well.
 */

/** Fields the schema checks that this shortcut does not: their presence sends the body to the schema. */
const SCHEMA_ONLY = ['thinking', 'output_config', 'output_format'] as const;

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
  if (!optional(body.tools, isCustomTools) || !optional(body.tool_choice, isToolChoice)) return false;
  if (!needsMaxTokens) return true;
  return optional(body.stream, isBoolean)
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
    if (typeof message.content !== 'string' && !isTurnBlocks(message.content)) return false;
  }
  return true;
}

/** A turn's blocks: text, the caller's tool calls and their results (a result's content as text only). */
function isTurnBlocks(blocks: unknown): boolean {
  if (!Array.isArray(blocks)) return false;
  for (const block of blocks) {
    if (!isObject(block)) return false;
    switch (block.type) {
      case 'text':
      case 'input_text':
        if (typeof block.text !== 'string') return false;
        break;
      case 'tool_use':
        if (!isFilled(block.id) || !isFilled(block.name) || !isObject(block.input)) return false;
        break;
      case 'tool_result':
        if (!isFilled(block.tool_use_id)) return false;
        if (!optional(block.content, (c) => typeof c === 'string' || isTextBlocks(c)) || !optional(block.is_error, isBoolean)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** The caller's own tools (no type, or `custom`); Anthropic's server tools go to the schema. */
function isCustomTools(tools: unknown): boolean {
  if (!Array.isArray(tools)) return false;
  for (const tool of tools) {
    if (!isObject(tool) || (tool.type !== undefined && tool.type !== 'custom')) return false;
    if (!isFilled(tool.name) || (tool.name as string).length > 128) return false;
    if (!optional(tool.description, (d) => typeof d === 'string') || !isObject(tool.input_schema)) return false;
  }
  return true;
}

function isToolChoice(choice: unknown): boolean {
  if (!isObject(choice)) return false;
  switch (choice.type) {
    case 'auto':
    case 'any':
      return optional(choice.disable_parallel_tool_use, isBoolean);
    case 'tool':
      return isFilled(choice.name) && optional(choice.disable_parallel_tool_use, isBoolean);
    case 'none':
      return true;
    default:
      return false;
  }
}

function isFilled(value: unknown): boolean {
  return typeof value === 'string' && value !== '';
}

function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}

/** Text blocks only (`text` or Claude Code's `input_text`), as a system prompt and a tool result's content take them. */
function isTextBlocks(blocks: unknown): boolean {
  if (!Array.isArray(blocks)) return false;
  for (const block of blocks) {
    if (!isObject(block) || (block.type !== 'text' && block.type !== 'input_text') || typeof block.text !== 'string') return false;
  }
  return true;
}
