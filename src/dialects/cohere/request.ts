import type { AttemptContext, WireRequest } from '../types.js';
import type { ChatRequest, FunctionTool } from '../../types/chat.js';
import type { CohereChatRequest, CohereResponseFormat, CohereTool } from './wire-types.js';
import { toCohereMessages } from './messages.js';
import { cohereFailure } from './failure.js';

/** POST {base}/v2/chat with the key as a Bearer token (from the provider's wire headers). */
export function buildCohereChatRequest(ctx: AttemptContext): WireRequest {
  const provider = ctx.provider;
  return {
    method: 'POST',
    origin: provider.origin,
    path: provider.basePath + provider.entry.chatPath,
    headers: provider.wireHeaders(),
    body: JSON.stringify(toCohereBody(ctx)),
  };
}

/**
 * The canonical request as a Cohere v2 body. Cohere rejects unknown fields with 422, so the body is built
 * field by field; OpenAI fields Cohere has no equivalent for (`user`, `logit_bias`, `logprobs`,
 * `parallel_tool_calls`, `service_tier`, `metadata` …) are left out rather than failing the request.
 */
export function toCohereBody(ctx: AttemptContext): CohereChatRequest {
  const request = ctx.request;
  // invalid_request rather than unsupported for the reason given in messages.ts.
  if (typeof request.n === 'number' && request.n > 1) {
    throw cohereFailure(ctx, 'invalid_request', 'unsupported_parameter', 'returns one choice per request; n > 1 is not available');
  }
  const body: CohereChatRequest = { model: ctx.upstreamModel, messages: toCohereMessages(request.messages, ctx) };
  if (ctx.stream) body.stream = true;

  const maxTokens = request.max_tokens ?? request.max_completion_tokens;
  if (typeof maxTokens === 'number') body.max_tokens = maxTokens;
  // Ranges: the v2 reference calls temperature only "non-negative", but Cohere's errors page lists
  // "temperature must be between 0 and 1.0 inclusive" and callers report v2 refusing values above 1, while
  // OpenAI's range is 0–2. Values above 1 ask for "as random as possible" and are capped rather than refused.
  if (typeof request.temperature === 'number') body.temperature = clamp(request.temperature, 0, 1);
  // `p` is documented as 0.01–0.99; OpenAI clients often send top_p 1, meaning "no cut-off".
  if (typeof request.top_p === 'number') body.p = clamp(request.top_p, 0.01, 0.99);
  // Not an OpenAI field, but several clients send it (vLLM, Together): Cohere's `k`, documented as 0–500.
  if (typeof request.top_k === 'number') body.k = clamp(Math.round(request.top_k), 0, 500);
  if (typeof request.seed === 'number') body.seed = request.seed;
  // Penalties are documented as 0–1 (OpenAI: -2–2). A negative OpenAI penalty (favour repetition) has no
  // Cohere equivalent and becomes 0, "no penalty".
  if (typeof request.frequency_penalty === 'number') body.frequency_penalty = clamp(request.frequency_penalty, 0, 1);
  if (typeof request.presence_penalty === 'number') body.presence_penalty = clamp(request.presence_penalty, 0, 1);
  const stop = request.stop;
  if (typeof stop === 'string') body.stop_sequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) body.stop_sequences = stop;

  const format = responseFormat(request);
  if (format) body.response_format = format;
  addTools(body, request);
  return body;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** json_object stays json_object; json_schema becomes Cohere's json_object carrying the schema. */
function responseFormat(request: ChatRequest): CohereResponseFormat | undefined {
  const format = request.response_format;
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  const schema = format.json_schema?.schema;
  return schema ? { type: 'json_object', json_schema: schema } : { type: 'json_object' };
}

/**
 * Tools and tool_choice. Cohere's tool_choice has only REQUIRED and NONE (absent = auto); a choice naming one
 * function becomes REQUIRED with only that function offered, which forces the same call. OpenAI's per-tool
 * `strict` is not a Cohere field (422 "unknown field"); Cohere's request-wide `strict_tools` is set when every
 * tool asks for strict schemas.
 */
function addTools(body: CohereChatRequest, request: ChatRequest): void {
  let tools: readonly FunctionTool[] = request.tools ?? [];
  if (tools.length === 0) return;
  const choice = request.tool_choice;
  if (choice === 'none') body.tool_choice = 'NONE';
  else if (choice === 'required') body.tool_choice = 'REQUIRED';
  else if (typeof choice === 'object' && choice !== null) {
    const named = tools.filter((tool) => tool.function.name === choice.function.name);
    if (named.length > 0) tools = named;
    body.tool_choice = 'REQUIRED';
  }
  body.tools = tools.map(toCohereTool);
  if (tools.every((tool) => tool.function.strict === true)) body.strict_tools = true;
}

function toCohereTool(tool: FunctionTool): CohereTool {
  const { name, description, parameters } = tool.function;
  return {
    type: 'function',
    function: {
      name,
      ...(description ? { description } : {}),
      // Required by Cohere; OpenAI allows a tool without parameters.
      parameters: parameters ?? { type: 'object', properties: {} },
    },
  };
}
