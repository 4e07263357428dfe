/**
 * Request checks the real API makes, so a gateway that sends OpenAI fields to Cohere fails here as it would
 * there: Cohere answers 422 "unknown field" for any field outside its schema (confirmed for a tool's `strict`;
 * assumed for every level, as the SDK schemas are closed objects), and 400 for invalid values.
 * Field lists: the official `cohere-ai` SDK's V2ChatRequest / ChatMessageV2 / ToolV2 schemas.
 */
import { invalidRequest, unknownField, type CohereErrorReply } from './errors.js';

const TOP_LEVEL = new Set([
  'model', 'messages', 'stream', 'tools', 'strict_tools', 'documents', 'citation_options', 'response_format',
  'safety_mode', 'max_tokens', 'stop_sequences', 'temperature', 'seed', 'frequency_penalty', 'presence_penalty',
  'k', 'p', 'logprobs', 'tool_choice', 'thinking', 'priority',
]);

const MESSAGE_FIELDS: Record<string, Set<string>> = {
  system: new Set(['role', 'content']),
  user: new Set(['role', 'content']),
  assistant: new Set(['role', 'content', 'tool_calls', 'tool_plan', 'citations']),
  tool: new Set(['role', 'tool_call_id', 'content']),
};

const TOOL_FIELDS = new Set(['type', 'function']);
const FUNCTION_FIELDS = new Set(['name', 'description', 'parameters']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function firstUnknown(obj: Obj, allowed: Set<string>): string | undefined {
  for (const key of Object.keys(obj)) if (!allowed.has(key)) return key;
  return undefined;
}

/** The error the real API would give for this body, or undefined when it would accept it. */
export function validateChatBody(body: Obj): CohereErrorReply | undefined {
  const extra = firstUnknown(body, TOP_LEVEL);
  if (extra) return unknownField(extra);
  if (typeof body.model !== 'string' || body.model === '') return invalidRequest('a model parameter is required for this endpoint.');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return invalidRequest('messages must not be empty'); // (U) wording
  for (const [i, m] of body.messages.entries()) {
    if (!isObj(m) || typeof m.role !== 'string' || !MESSAGE_FIELDS[m.role]) {
      return invalidRequest(`invalid role in messages at index ${i}. Role must be one of the following: system, user, assistant, tool`);
    }
    const field = firstUnknown(m, MESSAGE_FIELDS[m.role]!);
    if (field) return unknownField(field);
    if (m.role === 'tool' && (typeof m.tool_call_id !== 'string' || m.tool_call_id === '')) return invalidRequest('tool messages must have a tool_call_id'); // (U)
  }
  if (body.tools !== undefined) {
    if (!Array.isArray(body.tools)) return invalidRequest('tools must be a list');
    for (const t of body.tools) {
      if (!isObj(t)) return invalidRequest('each tool must be an object');
      const field = firstUnknown(t, TOOL_FIELDS) ?? (isObj(t.function) ? firstUnknown(t.function, FUNCTION_FIELDS) : undefined);
      if (field) return unknownField(field);
      if (!isObj(t.function) || typeof t.function.name !== 'string') return invalidRequest('each tool needs a function with a name');
      if (!isObj(t.function.parameters)) return invalidRequest(`tool '${t.function.name}' must have parameters`); // (U)
    }
  }
  if (body.tool_choice !== undefined && body.tool_choice !== 'REQUIRED' && body.tool_choice !== 'NONE') {
    return invalidRequest("tool_choice must be one of 'REQUIRED' or 'NONE'"); // (U) wording
  }
  const t = body.temperature;
  if (t !== undefined && (typeof t !== 'number' || t < 0 || t > 1)) return invalidRequest('temperature must be between 0 and 1.0 inclusive.');
  for (const name of ['presence_penalty', 'frequency_penalty']) {
    const v = body[name];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) return invalidRequest(`${name} must be between 0 and 1 inclusive.`);
  }
  // Documented as 0.01–0.99; callers report 0–1 accepted, so only values outside 0–1 are refused (U).
  if (body.p !== undefined && (typeof body.p !== 'number' || body.p < 0 || body.p > 1)) return invalidRequest('p must be between 0 and 1.0 inclusive.');
  if (body.k !== undefined && (typeof body.k !== 'number' || body.k < 0 || body.k > 500)) return invalidRequest('k must be between 0 and 500 inclusive.'); // (U) wording
  if (body.stop_sequences !== undefined && !Array.isArray(body.stop_sequences)) return invalidRequest('stop_sequences must be a list of strings'); // (U)
  return undefined;
}
