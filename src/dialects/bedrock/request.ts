import type { AttemptContext, WireRequest } from '../types.js';
import type { ChatRequest, FunctionTool } from '../../types/chat.js';
import type { ConverseRequestBody, InferenceConfig, ToolConfig, ToolSpec } from './wire-types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { convertMessages, historyHasTools, UntranslatableRequest } from './messages.js';
import { jsonModeFor, JSON_TOOL_NAME, type JsonMode } from './json-mode.js';
import { bedrockHeaders } from './auth.js';

/** `/model/{modelId}/converse[-stream]`; the id is one path segment, so `:` and `/` (ARNs) are percent-encoded. */
export function conversePath(basePath: string, chatPath: string, modelId: string, stream: boolean): string {
  return `${basePath}${chatPath}/${encodeURIComponent(modelId)}/${stream ? 'converse-stream' : 'converse'}`;
}

export async function buildBedrockChatRequest(ctx: AttemptContext): Promise<WireRequest> {
  let body: ConverseRequestBody;
  try {
    body = toConverseBody(ctx.request, ctx.upstreamModel);
  } catch (error) {
    if (error instanceof UntranslatableRequest) {
      throw new ProviderError({
        errorClass: error.kind, provider: ctx.provider.id, model: ctx.upstreamModel, code: error.kind, message: error.message,
      });
    }
    throw error;
  }
  const provider = ctx.provider;
  const path = conversePath(provider.basePath, provider.entry.chatPath, ctx.upstreamModel, ctx.stream);
  const text = JSON.stringify(body);
  const headers = await bedrockHeaders(ctx, path, text);
  return { method: 'POST', origin: provider.origin, path, headers, body: text };
}

/** The whole Converse body for a canonical request. Throws UntranslatableRequest for what Converse cannot express. */
export function toConverseBody(request: ChatRequest, modelId: string): ConverseRequestBody {
  if (typeof request.n === 'number' && request.n > 1) {
    throw new UntranslatableRequest('Bedrock Converse returns one choice per request; n > 1 is not supported', 'unsupported');
  }
  const jsonMode = jsonModeFor(request, modelId);
  const callerTools = request.tools ?? [];
  // Tool blocks in the history need the tools they name in toolConfig; without the caller's tools they go as text.
  const converted = convertMessages(request.messages, callerTools.length === 0 && historyHasTools(request.messages));
  if (converted.messages.length === 0) {
    throw new UntranslatableRequest('the request has no user or assistant message to send (Converse needs at least one)', 'invalid_request');
  }

  const body: ConverseRequestBody = { messages: converted.messages };
  const system = converted.system;
  if (jsonMode.kind === 'prompt') system.push({ text: jsonMode.instruction });
  if (system.length) body.system = system;

  const inference = inferenceConfig(request);
  if (inference) body.inferenceConfig = inference;

  const toolConfig = buildToolConfig(request, callerTools, jsonMode, converted.usesTools);
  if (toolConfig) body.toolConfig = toolConfig;

  // Converse's requestMetadata is the closest thing to OpenAI's `user`: it is kept with the invocation logs.
  if (typeof request.user === 'string' && request.user !== '') body.requestMetadata = { user: metadataValue(request.user) };
  return body;
}

function inferenceConfig(request: ChatRequest): InferenceConfig | undefined {
  const config: InferenceConfig = {};
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') config.maxTokens = maxTokens;
  // OpenAI's scale runs to 2; the models behind Converse (Claude, Llama, Nova, Mistral) refuse more than 1.
  if (typeof request.temperature === 'number') config.temperature = Math.min(Math.max(request.temperature, 0), 1);
  if (typeof request.top_p === 'number') config.topP = request.top_p;
  const stop = request.stop;
  if (typeof stop === 'string' && stop !== '') config.stopSequences = [stop];
  else if (Array.isArray(stop) && stop.length) config.stopSequences = stop.filter((s) => typeof s === 'string' && s !== '');
  return Object.keys(config).length ? config : undefined;
}

function buildToolConfig(request: ChatRequest, tools: readonly FunctionTool[], jsonMode: JsonMode, historyUsesTools: boolean): ToolConfig | undefined {
  if (jsonMode.kind === 'tool') {
    const spec: ToolSpec = { toolSpec: { name: JSON_TOOL_NAME, description: jsonMode.description, inputSchema: { json: jsonMode.schema } } };
    return { tools: [spec], toolChoice: { tool: { name: JSON_TOOL_NAME } } };
  }
  if (tools.length === 0) return undefined;
  const choice = request.tool_choice;
  // Converse has no "none": leaving the tools out does it, unless the history has tool blocks, which need a toolConfig.
  if (choice === 'none' && !historyUsesTools) return undefined;
  const specs: ToolSpec[] = tools.map((tool) => ({
    toolSpec: {
      name: tool.function.name,
      ...(tool.function.description ? { description: tool.function.description } : {}),
      inputSchema: { json: tool.function.parameters ?? { type: 'object', properties: {} } },
    },
  }));
  const config: ToolConfig = { tools: specs };
  if (choice === 'required') config.toolChoice = { any: {} };
  else if (choice === 'auto') config.toolChoice = { auto: {} };
  else if (typeof choice === 'object' && choice?.type === 'function') config.toolChoice = { tool: { name: choice.function.name } };
  return config;
}

/** requestMetadata values allow letters, digits, whitespace and `:_@$#=/+,-.`, up to 256 characters. */
function metadataValue(value: string): string {
  return value.replace(/[^a-zA-Z0-9\s:_@$#=/+,.-]/g, '_').slice(0, 256);
}
