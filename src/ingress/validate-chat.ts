import { z } from 'zod';
import type { ChatRequest } from '../types/chat.js';
import { GatewayError } from '../errors/gateway-error.js';
import { modelName } from './model-name.js';
import { MAX_TIMER_MS } from '../internal/clock.js';
import { isPlainChatRequest } from './plain-chat-request.js';
import { valueAt } from '../internal/json.js';

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.enum(['auto', 'low', 'high']).optional() }),
});
const otherPart = z.looseObject({ type: z.enum(['input_audio', 'file', 'refusal']) });
const contentPart = z.discriminatedUnion('type', [textPart, imagePart, otherPart]);

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).optional(),
  tool_call_id: z.string().optional(),
});

const functionTool = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string().min(1).max(64),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullable().optional(),
  }),
});

/** OpenAI's free-form tool (GPT-5): the model writes raw text for it, optionally to a grammar. */
const customTool = z.looseObject({
  type: z.literal('custom'),
  custom: z.looseObject({ name: z.string().min(1).max(64), description: z.string().optional() }),
});

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
  z.looseObject({ type: z.literal('custom'), custom: z.looseObject({ name: z.string().min(1) }) }),
  // OpenAI's subset of the tools the model may use this turn.
  z.looseObject({
    type: z.literal('allowed_tools'),
    allowed_tools: z.looseObject({ mode: z.enum(['auto', 'required']), tools: z.array(z.looseObject({ type: z.string() })).min(1) }),
  }),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({ type: z.literal('json_schema'), json_schema: z.looseObject({ name: z.string().min(1), schema: z.record(z.string(), z.unknown()).optional() }) }),
]);

const optionalNumber = (min: number, max: number) => z.number().min(min).max(max).nullable().optional();

/** WAI's routing fields, accepted on every request that is routed (chat, responses). */
export const ROUTING_FIELDS = {
  models: z.array(modelName).optional(),
  provider: z.looseObject({
    order: z.array(z.string()).optional(),
    only: z.array(z.string()).optional(),
    ignore: z.array(z.string()).optional(),
    allow_fallbacks: z.boolean().optional(),
    sort: z.enum(['price', 'throughput', 'latency']).optional(),
    max_price: z.looseObject({ prompt: z.number().nonnegative().optional(), completion: z.number().nonnegative().optional() }).optional(),
  }).optional(),
  wai: z.strictObject({
    cost_policy: z.enum(['free-first', 'cheapest', 'quality']).optional(),
    substitute: z.enum(['same-class', 'same-family', 'off']).optional(),
    timeout_ms: z.number().int().positive().max(MAX_TIMER_MS, `is longer than the gateway can time (${MAX_TIMER_MS} ms)`).optional(),
    deadline_ms: z.number().int().positive().max(MAX_TIMER_MS, `is longer than the gateway can time (${MAX_TIMER_MS} ms)`).optional(),
    continue_stream: z.boolean().optional(),
  }).optional(),
};

/** The chat request as the gateway accepts it. Unknown fields pass through to providers that know them. */
const chatRequestSchema = z.looseObject({
  model: modelName,
  messages: z.array(message).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  tools: z.array(z.discriminatedUnion('type', [functionTool, customTool])).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormat.optional(),
  temperature: optionalNumber(0, 2),
  top_p: optionalNumber(0, 1),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  n: z.number().int().min(1).max(128).nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  presence_penalty: optionalNumber(-2, 2),
  frequency_penalty: optionalNumber(-2, 2),
  user: z.string().optional(),
  ...ROUTING_FIELDS,
});

/** Validates a parsed body; a violation is a 400 naming the field (`messages[0].role`). */
export function validateChatRequest(body: unknown): ChatRequest {
  // The usual text-only request is checked by hand; the schema sees the rest (and says what is wrong).
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && isPlainChatRequest(body as Record<string, unknown>)) return body as ChatRequest;
  return validateBody<ChatRequest>(chatRequestSchema, body);
}

/** Whether the schema alone accepts a body (the shortcut's soundness test compares the two). */
export function chatSchemaAccepts(body: unknown): boolean {
  return chatRequestSchema.safeParse(body).success;
}

/** A parsed body checked against a route's schema: not an object, or a violation, is a 400 naming the field. */
export function validateBody<T>(schema: z.ZodType, body: unknown): T {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError(400, 'The request body must be a JSON object.', { code: 'invalid_body' });
  }
  const result = schema.safeParse(body);
  if (result.success) return body as T;
  throw issueToError(result.error.issues[0]!, body);
}

/**
 * A schema violation as a 400 naming the field (`messages[0].role`). A field that is there with the wrong type
 * gets zod's "expected array, received string"; only an absent one "is required" (zod does not keep the input).
 */
export function issueToError(issue: z.core.$ZodIssue, body?: unknown): GatewayError {
  const param = fieldPath(issue.path);
  const absent = body === undefined ? /received undefined$/.test(issue.message) : valueAt(body, issue.path) === undefined;
  const detail = issue.code === 'invalid_type' && absent ? 'is required' : issue.code === 'invalid_union' ? unionDetail(issue, body) : issue.message;
  return new GatewayError(400, `Invalid value for '${param}': ${detail}`, { param, code: 'invalid_value' });
}

/** "Invalid input" says little: for a value of none of a union's types, the types it could have been. */
function unionDetail(issue: z.core.$ZodIssueInvalidUnion, body: unknown): string {
  const expected = new Set<string>();
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first?.code !== 'invalid_type' || first.path.length) return issue.message;
    expected.add(first.expected);
  }
  if (!expected.size) return issue.message;
  const value = body === undefined ? undefined : valueAt(body, issue.path);
  const received = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `Invalid input: expected ${[...expected].join(' or ')}${body === undefined ? '' : `, received ${received}`}`;
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(body)';
}
