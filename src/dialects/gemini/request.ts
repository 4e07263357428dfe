import type { AttemptContext, WireRequest } from '../types.js';
import type { ChatRequest } from '../../types/chat.js';
import type { GeminiFunctionDeclaration, GeminiGenerationConfig, GeminiRequest, GeminiThinkingConfig, GeminiToolConfig } from './wire-types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { toGeminiContents, isGemini3OrLater } from './messages.js';
import { toGeminiParameters, toGeminiSchema } from './schema.js';
import { UnsupportedContent } from './media.js';

/**
 * `POST {base}/v1beta/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse` for a stream
 * (SSE framing; without `alt=sse` Gemini streams one JSON array instead). The key travels in `x-goog-api-key`.
 */
export function buildGeminiChatRequest(ctx: AttemptContext): WireRequest {
  const provider = ctx.provider;
  let body: GeminiRequest;
  try {
    body = toGeminiRequest(ctx.request, ctx.upstreamModel);
  } catch (error) {
    if (!(error instanceof UnsupportedContent)) throw error;
    // The request itself cannot be expressed for Gemini: another provider may take it as it is.
    throw new ProviderError({
      errorClass: 'invalid_request', provider: provider.id, model: ctx.upstreamModel,
      code: 'unsupported_content', message: `${provider.entry.name} cannot take this request: ${error.message}`,
    });
  }
  const action = ctx.stream ? ':streamGenerateContent?alt=sse' : ':generateContent';
  return {
    method: 'POST',
    origin: provider.origin,
    path: `${provider.basePath}${provider.entry.chatPath}/${encodeURIComponent(wireModelName(ctx.upstreamModel))}${action}`,
    headers: provider.wireHeaders(),
    body: JSON.stringify(body),
  };
}

/** Callers may write `models/gemini-2.5-flash` as the API names it; the path wants the bare id. */
export function wireModelName(model: string): string {
  return model.startsWith('models/') ? model.slice('models/'.length) : model;
}

/**
 * The canonical request as a GenerateContentRequest. OpenAI fields with no Gemini counterpart are left out:
 * `user` (Gemini has no end-user field), `parallel_tool_calls`, `logit_bias`, `logprobs`/`top_logprobs`
 * (not mapped back), `service_tier`, `store`, `metadata`.
 */
export function toGeminiRequest(request: ChatRequest, model: string): GeminiRequest {
  const { systemParts, contents } = toGeminiContents(request.messages, model);
  const body: GeminiRequest = { contents };
  // OpenAI answers a conversation that is only a system prompt; Gemini needs at least one content, so the
  // system text becomes the user turn.
  if (contents.length === 0 && systemParts.length > 0) contents.push({ role: 'user', parts: systemParts });
  else if (systemParts.length > 0) body.systemInstruction = { parts: systemParts };

  const declarations = functionDeclarations(request);
  if (declarations.length > 0) {
    body.tools = [{ functionDeclarations: declarations }];
    const toolConfig = toToolConfig(request.tool_choice);
    if (toolConfig) body.toolConfig = toolConfig;
  }

  const generationConfig = toGenerationConfig(request, model);
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

function functionDeclarations(request: ChatRequest): GeminiFunctionDeclaration[] {
  const out: GeminiFunctionDeclaration[] = [];
  for (const tool of request.tools ?? []) {
    if (tool.type !== 'function') continue;
    const fn = tool.function;
    const declaration: GeminiFunctionDeclaration = { name: fn.name };
    if (fn.description) declaration.description = fn.description;
    const parameters = toGeminiParameters(fn.parameters);
    if (parameters) declaration.parameters = parameters;
    out.push(declaration);
  }
  return out;
}

/** `tool_choice` -> `functionCallingConfig.mode`: auto AUTO, none NONE, required ANY, a named function ANY limited to it. */
function toToolConfig(choice: ChatRequest['tool_choice']): GeminiToolConfig | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (typeof choice === 'object' && choice.function?.name) {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
  }
  return undefined;
}

function toGenerationConfig(request: ChatRequest, model: string): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (typeof request.temperature === 'number') config.temperature = request.temperature;
  if (typeof request.top_p === 'number') config.topP = request.top_p;
  // Anthropic's top_k (from /v1/messages), where Gemini has it: generationConfig.topK.
  if (typeof request.top_k === 'number') config.topK = request.top_k;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') config.maxOutputTokens = maxTokens;
  const stop = typeof request.stop === 'string' ? [request.stop] : Array.isArray(request.stop) ? request.stop : [];
  if (stop.length > 0) config.stopSequences = stop;
  if (typeof request.n === 'number' && request.n > 1) config.candidateCount = request.n;
  if (typeof request.seed === 'number') config.seed = request.seed;
  // Several Gemini models refuse penalties outright, and clients often send 0 as a default: only a real value goes.
  if (typeof request.presence_penalty === 'number' && request.presence_penalty !== 0) config.presencePenalty = request.presence_penalty;
  if (typeof request.frequency_penalty === 'number' && request.frequency_penalty !== 0) config.frequencyPenalty = request.frequency_penalty;

  const format = request.response_format;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  else if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    const schema = toGeminiSchema(format.json_schema.schema);
    if (schema) config.responseSchema = schema;
  }

  const thinking = toThinkingConfig(request.reasoning_effort, model);
  if (thinking) config.thinkingConfig = thinking;
  return config;
}

/**
 * OpenAI `reasoning_effort` -> `thinkingConfig`, with thought summaries switched on so they come back as
 * `reasoning_content`. Gemini 3 takes a level (low/high); 2.5 takes a token budget, using the budgets Google's own
 * OpenAI-compatible endpoint documents for low/medium/high (1024/8192/24576). `none` turns thinking off where a
 * model allows it (budget 0). Without `reasoning_effort` the model's default applies and no thoughts are asked for.
 */
function toThinkingConfig(effort: unknown, model: string): GeminiThinkingConfig | undefined {
  if (typeof effort !== 'string') return undefined;
  const levelModel = isGemini3OrLater(model); // Gemini 3 thinks in levels, 2.5 in budgets
  if (effort === 'none') return levelModel ? undefined : { thinkingBudget: 0 };
  if (levelModel) return { includeThoughts: true, thinkingLevel: effort === 'minimal' || effort === 'low' ? 'low' : 'high' };
  const budget = effort === 'high' ? 24576 : effort === 'medium' ? 8192 : 1024;
  return { includeThoughts: true, thinkingBudget: budget };
}
