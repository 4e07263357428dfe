/**
 * Mistral's strict request validation: fields outside its documented request schema
 * are rejected with a pydantic 422, and tool-call ids must be 9 alphanumerics (400).
 * Accepted fields follow the official client's ChatCompletionRequest (mistralai/client-python).
 */
import type { Reply } from './errors.js';

const TOP_LEVEL = new Set([
  'model', 'messages', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'metadata',
  'response_format', 'tools', 'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction',
  'parallel_tool_calls', 'reasoning_effort', 'prompt_mode', 'guardrails', 'prompt_cache_key', 'safe_prompt',
]);

const MESSAGE_FIELDS: Record<string, Set<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'prefix']),
  tool: new Set(['role', 'content', 'tool_call_id', 'name']),
};

const TOOL_ID = /^[a-zA-Z0-9]{9}$/;

const json = (status: number, body: unknown): Reply => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** undefined when Mistral would accept the request. */
export function validateMistral(body: Record<string, unknown>): Reply | undefined {
  const detail: unknown[] = [];
  for (const k of Object.keys(body)) {
    if (!TOP_LEVEL.has(k)) detail.push({ type: 'extra_forbidden', loc: ['body', k], msg: 'Extra inputs are not permitted', input: body[k] });
  }
  const messages = Array.isArray(body.messages) ? body.messages : [];
  messages.forEach((m: unknown, i: number) => {
    if (!m || typeof m !== 'object') return;
    const rec = m as Record<string, unknown>;
    const role = String(rec.role);
    const allowed = MESSAGE_FIELDS[role];
    if (!allowed) return;
    for (const k of Object.keys(rec)) {
      if (!allowed.has(k)) detail.push({ type: 'extra_forbidden', loc: ['body', 'messages', i, role, k], msg: 'Extra inputs are not permitted', input: rec[k] });
    }
  });
  if (detail.length > 0) return json(422, { detail });

  for (const m of messages as Array<Record<string, unknown>>) {
    if (!m || typeof m !== 'object') continue;
    const ids: unknown[] = [];
    if (m.role === 'assistant' && Array.isArray(m.tool_calls)) for (const tc of m.tool_calls) ids.push((tc as { id?: unknown })?.id);
    if (m.role === 'tool' && m.tool_call_id !== undefined) ids.push(m.tool_call_id);
    for (const id of ids) {
      if (typeof id !== 'string' || !TOOL_ID.test(id)) {
        return json(400, {
          object: 'error',
          message: `Tool call id was ${String(id)} but must be a-z, A-Z, 0-9, with a length of 9.`,
          type: 'invalid_function_call',
          param: null,
          code: '3280',
        });
      }
    }
  }
  return undefined;
}
