/**
 * The canonical (OpenAI) chat request as an Anthropic Messages API call: `POST {base}/v1/messages`
 * with `x-api-key` and `anthropic-version` (both from the provider entry, via `wireHeaders()`).
 */
import type { AttemptContext, WireRequest } from '../types.js';
import type { ChatRequest, FunctionTool, ToolChoice } from '../../types/chat.js';
import type { AnthropicRequest, AnthropicTool, AnthropicToolChoice } from './wire-types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord } from '../../internal/json.js';
import { toAnthropicHistory, UnsupportedInputError } from './messages.js';
import { jsonModePlan } from './json-mode.js';
import { nativeBodyFor, nativeBodyOf } from '../native-body.js';

/** `max_tokens` is required by Anthropic; OpenAI callers often leave it out. */
export const DEFAULT_MAX_TOKENS = 4096;

export function buildAnthropicRequest(ctx: AttemptContext): WireRequest {
  const provider = ctx.provider;
  // A request that came in as Anthropic's own format goes as it came, with the caller's version and betas.
  const native = nativeBodyOf(ctx.request, 'anthropic-messages');
  if (native) {
    return {
      method: 'POST',
      origin: provider.origin,
      path: provider.basePath + provider.entry.chatPath,
      headers: { ...provider.wireHeaders(), ...native.headers },
      body: nativeBodyFor(native, ctx.upstreamModel),
    };
  }
  let body: AnthropicRequest;
  try {
    body = toAnthropicBody(ctx.request, ctx.upstreamModel, ctx.stream);
  } catch (error) {
    if (!(error instanceof UnsupportedInputError)) throw error;
    throw new ProviderError({
      errorClass: 'unsupported', provider: provider.id, model: ctx.upstreamModel, code: 'unsupported_input', message: error.message,
    });
  }
  return {
    method: 'POST',
    origin: provider.origin,
    path: provider.basePath + provider.entry.chatPath,
    headers: provider.wireHeaders(),
    body: JSON.stringify(body),
  };
}

/**
 * Fields OpenAI has and Anthropic does not (seed, n, penalties, logit_bias, logprobs) are left out rather
 * than failing the request: Anthropic rejects unknown fields, and these only tune sampling.
 */
export function toAnthropicBody(request: ChatRequest, model: string, stream: boolean): AnthropicRequest {
  const history = toAnthropicHistory(request.messages);
  const body: AnthropicRequest = {
    model,
    messages: history.messages,
    max_tokens: request.max_completion_tokens ?? request.max_tokens ?? DEFAULT_MAX_TOKENS,
  };
  if (history.system !== undefined) body.system = history.system;
  const stop = stopSequences(request.stop);
  if (stop) body.stop_sequences = stop;
  // OpenAI allows temperature up to 2, Anthropic up to 1: the top of OpenAI's range means "most random" on both.
  if (typeof request.temperature === 'number') body.temperature = Math.min(1, Math.max(0, request.temperature));
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (typeof request.top_k === 'number') body.top_k = request.top_k;
  if (typeof request.user === 'string' && request.user !== '') body.metadata = { user_id: request.user };
  // Anthropic's own extended-thinking switch, for callers who know it; passed as given.
  if (isRecord(request.thinking)) body.thinking = request.thinking;
  applyTools(body, request);
  if (stream) body.stream = true;
  return body;
}

function stopSequences(stop: ChatRequest['stop']): string[] | undefined {
  if (typeof stop === 'string') return stop === '' ? undefined : [stop];
  if (!Array.isArray(stop)) return undefined;
  const list = stop.filter((s) => typeof s === 'string' && s !== '');
  return list.length ? list : undefined;
}

function toTool(tool: FunctionTool): AnthropicTool {
  const fn = tool.function;
  return {
    name: fn.name,
    ...(fn.description ? { description: fn.description } : {}),
    // input_schema is required; a tool without parameters takes an empty object.
    input_schema: fn.parameters ?? { type: 'object', properties: {} },
  };
}

function toToolChoice(choice: ToolChoice | undefined): AnthropicToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.function.name };
}

/** Tools, tool_choice and JSON mode (a forced synthetic tool, see json-mode.ts) together. */
function applyTools(body: AnthropicRequest, request: ChatRequest): void {
  const tools = (request.tools ?? []).map(toTool);
  let choice = toToolChoice(request.tool_choice);
  const plan = jsonModePlan(request);
  if (plan) {
    // Without usable caller tools the JSON tool is forced. With them, the model must call some tool: one of
    // the caller's, or the JSON tool to answer. A named caller tool stays forced. The caller's tools stay
    // defined even under "none": a history holding tool_use blocks is only accepted with tool definitions.
    if (tools.length === 0 || choice?.type === 'none') choice = { type: 'tool', name: plan.toolName };
    else if (choice === undefined || choice.type === 'auto' || choice.type === 'any') choice = { type: 'any' };
    tools.push(plan.tool);
  }
  if (tools.length === 0) return;
  body.tools = tools;
  if (request.parallel_tool_calls === false && choice?.type !== 'none') {
    choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true } as AnthropicToolChoice;
  }
  if (choice) body.tool_choice = choice;
}
