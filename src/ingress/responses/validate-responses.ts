import { z } from 'zod';
import { modelName } from '../model-name.js';
import type { ResponsesRequest } from '../../types/responses.js';
import { ROUTING_FIELDS, validateBody } from '../validate-chat.js';

/**
 * The Responses request as the gateway accepts it (OpenAI's ResponseCreateParams, read from the `openai` package's
 * type files 2026-12-06). Item and part types it does not translate are still accepted: they pass through to
 * providers that speak the Responses API and are refused with a 400 by the translation elsewhere.
 */
const textPart = z.looseObject({ type: z.enum(['input_text', 'output_text']), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().min(1).nullable().optional(),
  file_id: z.string().nullable().optional(),
  detail: z.enum(['auto', 'low', 'high']).optional(),
});
const otherPart = z.looseObject({ type: z.enum(['refusal', 'input_file', 'input_audio']) });
const contentPart = z.discriminatedUnion('type', [textPart, imagePart, otherPart]);
const contentParts = z.array(contentPart);
/** A string or parts; checked by hand so a bad part is named (`input[0].content[1].text`), not a failed union. */
const content = z.unknown().superRefine((value, ctx) => {
  if (typeof value !== 'string') relay(contentParts.safeParse(value), ctx);
});

const messageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content,
});
const functionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});
const functionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: content,
});
/**
 * An item is checked by the schema of its type, so a bad field is named (`input[1].call_id`), not a failed union.
 * Other item types (reasoning, item_reference, built-in tool calls) are checked by whoever serves them.
 */
const inputItem = z.looseObject({ type: z.string().min(1).optional() }).superRefine((item, ctx) => {
  const type = item.type;
  const own = type === undefined || type === 'message' ? messageItem : type === 'function_call' ? functionCallItem : type === 'function_call_output' ? functionCallOutputItem : undefined;
  if (own) relay(own.safeParse(item), ctx);
});

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1).max(64),
  description: z.string().nullable().optional(),
  parameters: z.record(z.string(), z.unknown()).nullable().optional(),
  strict: z.boolean().nullable().optional(),
});
const tool = z.looseObject({ type: z.string().min(1) }).superRefine((value, ctx) => {
  if (value.type === 'function') relay(functionTool.safeParse(value), ctx);
});

/** Reports a nested schema's first issue at its own path below the value being refined. */
function relay(result: z.ZodSafeParseResult<unknown>, ctx: z.core.$RefinementCtx): void {
  const issue = result.success ? undefined : result.error.issues[0];
  if (issue) ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path], input: issue.input });
}

const textFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({ type: z.literal('json_schema'), name: z.string().min(1).max(64), schema: z.record(z.string(), z.unknown()) }),
]);

const optionalNumber = (min: number, max: number) => z.number().min(min).max(max).nullable().optional();

const responsesSchema = z.looseObject({
  model: modelName,
  input: z.union([z.string(), z.array(inputItem)]),
  instructions: z.string().nullable().optional(),
  max_output_tokens: z.number().int().min(16).nullable().optional(),
  temperature: optionalNumber(0, 2),
  top_p: optionalNumber(0, 1),
  tools: z.array(tool).optional(),
  tool_choice: z.union([
    z.enum(['none', 'auto', 'required']),
    z.looseObject({ type: z.literal('function'), name: z.string().min(1) }),
    z.looseObject({ type: z.string().min(1) }),
  ]).optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  text: z.looseObject({ format: textFormat.optional() }).nullable().optional(),
  reasoning: z.looseObject({ effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']).nullable().optional() }).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  store: z.boolean().nullable().optional(),
  previous_response_id: z.string().min(1).max(200).nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  user: z.string().optional(),
  include: z.array(z.string()).nullable().optional(),
  ...ROUTING_FIELDS,
});

/** Validates a parsed body; a violation is a 400 in OpenAI's format naming the field (`input[0].content`). */
export function validateResponsesRequest(body: unknown): ResponsesRequest {
  return validateBody<ResponsesRequest>(responsesSchema, body);
}
