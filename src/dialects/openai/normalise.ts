import { isRecord } from '../../internal/json.js';

/**
 * Small repairs that make OpenAI-dialect output from other providers what OpenAI clients expect.
 * Each returns true when it changed something (so the chunk must be serialised again).
 */

/** Tool-call deltas without `index` (Mistral sends the whole call at once) get their position; a new call gets `type`. */
export function repairToolCallDeltas(delta: Record<string, unknown>): boolean {
  const calls = delta.tool_calls;
  if (!Array.isArray(calls)) return false;
  let changed = false;
  calls.forEach((call, position) => {
    if (!isRecord(call)) return;
    if (typeof call.index !== 'number') {
      call.index = position;
      changed = true;
    }
    if (call.id !== undefined && call.type === undefined) {
      call.type = 'function';
      changed = true;
    }
  });
  return changed;
}

/**
 * Content given as typed parts (Mistral's Magistral: `thinking` and `text` parts) becomes a string, with the
 * thinking moved to `reasoning_content`, where OpenAI-dialect reasoning lives.
 */
export function flattenContentParts(holder: Record<string, unknown>): boolean {
  const content = holder.content;
  if (!Array.isArray(content)) return false;
  let text = '';
  let thinking = '';
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (part.type === 'text' && typeof part.text === 'string') text += part.text;
    else if (part.type === 'thinking') thinking += partText(part.thinking);
  }
  holder.content = text;
  if (thinking) holder.reasoning_content = `${typeof holder.reasoning_content === 'string' ? holder.reasoning_content : ''}${thinking}`;
  return true;
}

function partText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return '';
  return value.map((p) => (isRecord(p) && typeof p.text === 'string' ? p.text : '')).join('');
}
