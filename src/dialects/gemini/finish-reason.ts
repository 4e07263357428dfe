import type { FinishReason } from '../../types/chat.js';

/** Gemini stopped the answer for a safety, recitation or policy reason: OpenAI calls all of these content_filter. */
const FILTERED = new Set([
  'SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII',
  'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_RECITATION',
]);

/**
 * Gemini `finishReason` -> OpenAI `finish_reason`. Gemini says STOP after a function call too, so STOP becomes
 * `tool_calls` when the candidate called a tool. Reasons OpenAI has no word for (LANGUAGE, OTHER,
 * MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, NO_IMAGE, unknown future values) end the
 * answer normally: the caller sees what was produced, and the raw reason is kept in `native_finish_reason`.
 */
export function toFinishReason(reason: string | undefined, calledTools: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason !== undefined && FILTERED.has(reason)) return 'content_filter';
  return calledTools ? 'tool_calls' : 'stop';
}
