/**
 * The Anthropic Messages request as the gateway accepts it on POST /v1/messages (and, without `max_tokens`,
 * on /v1/messages/count_tokens). Objects are loose: fields the gateway does not read (cache_control, citations,
 * container, mcp_servers …) pass to Anthropic untouched. A violation is a 400 whose message starts with the
 * field, the way Anthropic words its own (`messages.0.content: Field required`).
 */
import { z } from 'zod';
import { modelName } from '../model-name.js';
import { GatewayError } from '../../errors/gateway-error.js';
import type { MessagesRequest } from './wire-types.js';
import { isPlainMessagesRequest } from './plain-request.js';
import { valueAt } from '../../internal/json.js';

const text = z.looseObject({ type: z.enum(['text', 'input_text']), text: z.string() });
const imageSource = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string().min(1) }),
  z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  z.looseObject({ type: z.literal('file'), file_id: z.string().min(1) }),
]);
const image = z.looseObject({ type: z.literal('image'), source: imageSource });
const document = z.looseObject({ type: z.literal('document'), source: z.looseObject({ type: z.string() }) });
const toolUse = z.looseObject({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: z.record(z.string(), z.unknown()) });
const toolResult = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.lazy(() => block))]).optional(),
  is_error: z.boolean().optional(),
});
const thinking = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() });
const redactedThinking = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

/** The blocks the gateway reads, checked by their own schema; other types (server-tool history, newer kinds) pass. */
const KNOWN_BLOCKS: Readonly<Record<string, z.ZodType>> = {
  text, input_text: text, image, document, tool_use: toolUse, thinking, redacted_thinking: redactedThinking,
};

/**
 * A content block: dispatched on its `type` (a failed zod union reports the branch it did not give up on, often
 * not the one meant), so a bad block names its own field (`messages.0.content.1.source`).
 */
const block = z.looseObject({ type: z.string().min(1) }).superRefine((value, ctx) => {
  checkWith(value.type === 'tool_result' ? toolResult : KNOWN_BLOCKS[value.type], value, ctx);
});

function checkWith(schema: z.ZodType | undefined, value: unknown, ctx: z.core.$RefinementCtx): void {
  const result = schema?.safeParse(value);
  if (!result || result.success) return;
  for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: detailOf(issue, value), path: issue.path as PropertyKey[] });
}

const message = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(block)]),
});

const customTool = z.looseObject({
  type: z.literal('custom').optional(),
  name: z.string().min(1).max(128),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()),
});
/** Anthropic-defined tools (`web_search_20250305`, `bash_20250124` …): only Anthropic can run them. */
const serverTool = z.looseObject({ type: z.string().regex(/^[a-z_]+_\d{8}$/, 'Anthropic tool types end in a date, e.g. web_search_20250305'), name: z.string().min(1) });
/** A tool: the caller's own (no type, or `custom`) or one of Anthropic's, each checked by its schema. */
const tool = z.looseObject({ type: z.string().optional() }).superRefine((value, ctx) => {
  checkWith(value.type === undefined || value.type === 'custom' ? customTool : serverTool, value, ctx);
});

const toolChoice = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().optional() }),
  z.looseObject({ type: z.literal('none') }),
]);

/** `enabled` needs its budget; the other kinds (`disabled`, `adaptive`, `between_tools`, newer ones) are passed on. */
const thinkingConfig = z.looseObject({ type: z.string().min(1), budget_tokens: z.number().int().min(1).optional() })
  .refine((t) => t.type !== 'enabled' || t.budget_tokens !== undefined, { message: 'Field required', path: ['budget_tokens'] });

const outputFormat = z.looseObject({ type: z.string().min(1), schema: z.record(z.string(), z.unknown()).optional() });
const outputConfig = z.looseObject({
  effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullable().optional(),
  format: outputFormat.nullable().optional(),
});

const unit = z.number().min(0).max(1).optional();

const countTokensSchema = z.looseObject({
  model: modelName,
  messages: z.array(message).min(1),
  system: z.union([z.string(), z.array(text)]).optional(),
  tools: z.array(tool).optional(),
  tool_choice: toolChoice.optional(),
  thinking: thinkingConfig.optional(),
  output_config: outputConfig.optional(),
  output_format: outputFormat.nullable().optional(),
});

const messagesSchema = countTokensSchema.extend({
  max_tokens: z.number().int().min(1),
  stream: z.boolean().optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: unit,
  top_p: unit,
  top_k: z.number().int().min(0).optional(),
  metadata: z.looseObject({ user_id: z.string().nullable().optional() }).optional(),
});

/** A Messages request (POST /v1/messages). */
export function validateMessagesRequest(body: unknown): MessagesRequest {
  return check(messagesSchema, body, true);
}

/** A token-count request (POST /v1/messages/count_tokens): the same, without `max_tokens`. */
export function validateCountTokensRequest(body: unknown): MessagesRequest {
  return check(countTokensSchema, body, false);
}

/** Whether the schema alone accepts a body (the shortcut's soundness test compares the two). */
export function schemaAccepts(body: unknown, countTokens = false): boolean {
  return (countTokens ? countTokensSchema : messagesSchema).safeParse(body).success;
}

function check(schema: z.ZodType, body: unknown, needsMaxTokens: boolean): MessagesRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError(400, 'The request body must be a JSON object.', { code: 'invalid_body' });
  }
  // The usual text-only request is checked by hand; the schema sees the rest (and says what is wrong).
  if (isPlainMessagesRequest(body as Record<string, unknown>, needsMaxTokens)) return body as MessagesRequest;
  const result = schema.safeParse(body);
  if (result.success) return body as MessagesRequest;
  const issue = deepest(result.error.issues[0]!);
  const field = issue.path.map(String).join('.') || '(body)';
  return fail(field, detailOf(issue, body));
}

/** Anthropic's wording for a field that is absent; a field given with the wrong type keeps the schema's message. */
function detailOf(issue: z.core.$ZodIssue, body: unknown): string {
  return issue.code === 'invalid_type' && valueAt(body, issue.path) === undefined ? 'Field required' : issue.message;
}

function fail(field: string, detail: string): never {
  throw new GatewayError(400, `${field}: ${detail}`, { param: field, code: 'invalid_value' });
}

/**
 * A union that failed in every branch reports the branch meant (its `type` matched) that got furthest, so a bad
 * content block names `messages.0.content.1.source`, not just `messages.0.content`.
 */
function deepest(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || !issue.errors.length) return issue;
  const meant = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 1 && inner.path[0] === 'type'));
  let best: z.core.$ZodIssue | undefined;
  for (const branch of meant.length ? meant : issue.errors) {
    for (const inner of branch) {
      const candidate = deepest({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue);
      if (!best || candidate.path.length > best.path.length) best = candidate;
    }
  }
  return best ?? issue;
}
