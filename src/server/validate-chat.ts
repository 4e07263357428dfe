import { z } from 'zod';
import type { ChatRequest } from '../types/chat.js';
import { GatewayError } from '../errors/gateway-error.js';

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

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string().min(1) }) }),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({ type: z.literal('json_schema'), json_schema: z.looseObject({ name: z.string().min(1), schema: z.record(z.string(), z.unknown()).optional() }) }),
]);

const optionalNumber = (min: number, max: number) => z.number().min(min).max(max).nullable().optional();

/** The chat request as the gateway accepts it. Unknown fields pass through to providers that know them. */
const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  tools: z.array(functionTool).optional(),
  tool_choice: toolChoice.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormat.optional(),
  temperature: optionalNumber(0, 2),
  top_p: optionalNumber(0, 1),
  max_tokens: z.number().int().positive().nullable().optional(),
  max_completion_tokens: z.number().int().positive().nullable().optional(),
  n: z.number().int().min(1).max(128).nullable().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  presence_penalty: optionalNumber(-2, 2),
  frequency_penalty: optionalNumber(-2, 2),
  user: z.string().optional(),
  models: z.array(z.string().min(1)).optional(),
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
    timeout_ms: z.number().int().positive().optional(),
    deadline_ms: z.number().int().positive().optional(),
  }).optional(),
});

/** Validates a parsed body; a violation is a 400 naming the field (`messages[0].role`). */
export function validateChatRequest(body: unknown): ChatRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError(400, 'The request body must be a JSON object.', { code: 'invalid_body' });
  }
  const result = chatRequestSchema.safeParse(body);
  if (result.success) return body as ChatRequest;
  throw issueToError(result.error.issues[0]!);
}

/** A schema violation as a 400 naming the field (`messages[0].role`). */
export function issueToError(issue: z.core.$ZodIssue): GatewayError {
  const param = fieldPath(issue.path);
  const detail = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  return new GatewayError(400, `Invalid value for '${param}': ${detail}`, { param, code: 'invalid_value' });
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(body)';
}
