/**
 * An Anthropic Messages request as the canonical (OpenAI chat) request: what the planner reads, and what every
 * provider but Anthropic is sent (Anthropic gets the caller's bytes, see dialects/native-body.ts).
 * - `system` (text or blocks) becomes the first, system message;
 * - `tool_result` blocks become `role: "tool"` messages ahead of the rest of their user turn (OpenAI wants each
 *   answer right after the call); images inside a result follow in a user message (tool messages are text);
 * - `tool_use` blocks become `tool_calls`; earlier thinking is not sent back (other providers cannot check it);
 * - images become `image_url` parts (base64 as data: URLs), PDFs `file` parts, text documents text;
 * - `cache_control` on system, text, image and tool_result blocks and on tools stays on the part made from it
 *   (OpenRouter takes it; the openai dialect removes it for providers that do not); `top_k` is kept;
 * - `thinking` and `output_config.effort` become `reasoning_effort` where the model reasons (see thinkingEffort);
 * - a JSON schema in `output_config.format` (or `output_format`) becomes `response_format`.
 * Content only Anthropic can serve (its server tools, Files API ids, server-tool history) keeps the request
 * on Anthropic (`provider.only`), rather than being dropped on its way elsewhere.
 */
import type { ChatMessage, ChatRequest, ContentPart, FunctionTool, ToolCall, ToolChoice } from '../../types/chat.js';
import type { Catalog } from '../../catalog/catalog.js';
import type {
  MessagesBlock, MessagesDocumentBlock, MessagesImageBlock, MessagesRequest, MessagesTextBlock, MessagesToolChoice, MessagesToolResultBlock,
} from './wire-types.js';

/** The canonical request, and why only Anthropic can serve it (if so). */
export interface Translated {
  request: ChatRequest;
  anthropicOnly: string | undefined;
}

export function toChatRequest(source: MessagesRequest, catalog: Catalog): Translated {
  const state = { anthropicOnly: undefined as string | undefined };
  const only = (why: string) => { state.anthropicOnly ??= why; };
  const messages: ChatMessage[] = [];
  const system = systemContent(source.system);
  if (system) messages.push({ role: 'system', content: system });
  source.messages.forEach((message, i) => {
    if (typeof message.content === 'string') messages.push({ role: message.role, content: message.content });
    else if (message.role === 'user') pushUserTurn(messages, message.content, (why) => only(`messages.${i}: ${why}`));
    else pushAssistantTurn(messages, message.content, (why) => only(`messages.${i}: ${why}`));
  });

  const request: ChatRequest = { model: source.model, messages };
  if (source.max_tokens !== undefined) request.max_tokens = source.max_tokens;
  if (source.stream === true) request.stream = true;
  if (source.stop_sequences?.length) request.stop = source.stop_sequences;
  if (source.temperature !== undefined) request.temperature = source.temperature;
  if (source.top_p !== undefined) request.top_p = source.top_p;
  // Not an OpenAI field: each dialect sends it where the provider takes it (Gemini topK, Cohere k, OpenRouter,
  // Together) and leaves it out elsewhere, where it would be refused; it only narrows sampling.
  if (source.top_k !== undefined) request.top_k = source.top_k;
  if (typeof source.metadata?.user_id === 'string' && source.metadata.user_id !== '') request.user = source.metadata.user_id;

  const tools: FunctionTool[] = [];
  source.tools?.forEach((tool, i) => {
    if (tool.type !== undefined && tool.type !== 'custom') return only(`tools.${i} is Anthropic's ${tool.type} tool`);
    tools.push({
      type: 'function',
      function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.input_schema ?? { type: 'object', properties: {} } },
      ...cacheMark(tool),
    });
  });
  if (tools.length) {
    request.tools = tools;
    const choice = toToolChoice(source.tool_choice);
    if (choice) request.tool_choice = choice;
    if (source.tool_choice && 'disable_parallel_tool_use' in source.tool_choice && source.tool_choice.disable_parallel_tool_use) request.parallel_tool_calls = false;
  }
  const effort = thinkingEffort(source, catalog);
  if (effort) request.reasoning_effort = effort;
  const format = source.output_config?.format ?? source.output_format;
  if (format?.type === 'json_schema' && format.schema) {
    request.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: format.schema, strict: true } };
  }
  if (state.anthropicOnly) request.provider = { only: ['anthropic'] };
  return { request, anthropicOnly: state.anthropicOnly };
}

/** The system prompt as text, or as text parts when a block carries a cache mark (kept on its part). */
function systemContent(system: MessagesRequest['system']): string | ContentPart[] {
  if (typeof system === 'string' || system === undefined) return system ?? '';
  const blocks = system.filter((block) => block.text !== '');
  if (blocks.some((block) => block.cache_control !== undefined)) return blocks.map((block) => ({ type: 'text', text: block.text, ...cacheMark(block) }));
  return blocks.map((block) => block.text).join('\n\n');
}

/**
 * A block's `cache_control` (Anthropic's prompt-caching mark), kept for the canonical part: OpenRouter forwards it
 * to Anthropic models, the openai dialect removes it for providers that do not take it (see its quirks).
 */
function cacheMark(block: object): { cache_control?: Record<string, unknown> } {
  const mark = (block as { cache_control?: unknown }).cache_control;
  return typeof mark === 'object' && mark !== null ? { cache_control: mark as Record<string, unknown> } : {};
}

function pushUserTurn(messages: ChatMessage[], blocks: MessagesBlock[], only: (why: string) => void): void {
  const parts: ContentPart[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_result') {
      const result = block as MessagesToolResultBlock;
      const { text, images } = toolResultContent(result, only);
      const answer = result.is_error ? `Error: ${text}` : text;
      // A cache mark on the result stays on it, as the tool message's one text part.
      const mark = cacheMark(result);
      messages.push({ role: 'tool', tool_call_id: result.tool_use_id, content: mark.cache_control ? [{ type: 'text', text: answer, ...mark }] : answer });
      parts.push(...images);
    } else {
      const part = userPart(block, only);
      if (part) parts.push(part);
    }
  }
  if (!parts.length) return;
  const single = parts.length === 1 && parts[0]!.type === 'text' && parts[0]!.cache_control === undefined ? parts[0]!.text : undefined;
  messages.push({ role: 'user', content: single ?? parts });
}

function userPart(block: MessagesBlock, only: (why: string) => void): ContentPart | undefined {
  switch (block.type) {
    case 'text':
    case 'input_text':
      // Claude Code sends `input_text` too; empty text is dropped (Anthropic itself refuses it).
      return (block as MessagesTextBlock).text === '' ? undefined : { type: 'text', text: (block as MessagesTextBlock).text, ...cacheMark(block) };
    case 'image': {
      const part = imagePart(block as MessagesImageBlock, only);
      return part && { ...part, ...cacheMark(block) };
    }
    case 'document':
      return documentPart(block as MessagesDocumentBlock, only);
    case 'thinking':
    case 'redacted_thinking':
      return undefined;
    default:
      only(`${block.type} blocks`);
      return undefined;
  }
}

function imagePart(block: MessagesImageBlock, only: (why: string) => void): ContentPart | undefined {
  const source = block.source;
  if (source.type === 'base64') return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
  if (source.type === 'url') return { type: 'image_url', image_url: { url: source.url } };
  only('an image from Anthropic\'s Files API');
  return undefined;
}

function documentPart(block: MessagesDocumentBlock, only: (why: string) => void): ContentPart | undefined {
  const source = block.source;
  if (source.type === 'text' && typeof source.data === 'string') return { type: 'text', text: source.data };
  if (source.type === 'base64' && typeof source.data === 'string') {
    return { type: 'file', file: { file_data: `data:${source.media_type ?? 'application/pdf'};base64,${source.data}`, ...(block.title ? { filename: block.title } : {}) } };
  }
  only(`a ${source.type} document`);
  return undefined;
}

function toolResultContent(block: MessagesToolResultBlock, only: (why: string) => void): { text: string; images: ContentPart[] } {
  if (typeof block.content === 'string' || block.content === undefined) return { text: block.content ?? '', images: [] };
  const texts: string[] = [];
  const images: ContentPart[] = [];
  for (const part of block.content) {
    if (part.type === 'text' || part.type === 'input_text') texts.push((part as MessagesTextBlock).text);
    else {
      const converted = userPart(part, only);
      if (converted?.type === 'text') texts.push(converted.text);
      else if (converted) images.push(converted);
    }
  }
  return { text: texts.join('\n'), images };
}

function pushAssistantTurn(messages: ChatMessage[], blocks: MessagesBlock[], only: (why: string) => void): void {
  let text = '';
  const calls: ToolCall[] = [];
  for (const block of blocks) {
    if (block.type === 'text') text += (block as MessagesTextBlock).text;
    else if (block.type === 'tool_use') {
      const use = block as { id: string; name: string; input: unknown };
      calls.push({ id: use.id, type: 'function', function: { name: use.name, arguments: JSON.stringify(use.input ?? {}) } });
    } else if (block.type !== 'thinking' && block.type !== 'redacted_thinking') only(`${block.type} blocks`);
  }
  if (!text && !calls.length) return;
  const message: ChatMessage = { role: 'assistant', content: text || null };
  if (calls.length) message.tool_calls = calls;
  messages.push(message);
}

function toToolChoice(choice: MessagesToolChoice | undefined): ToolChoice | undefined {
  switch (choice?.type) {
    case 'auto': return 'auto';
    case 'any': return 'required';
    case 'none': return 'none';
    case 'tool': return { type: 'function', function: { name: choice.name } };
    default: return undefined;
  }
}

/**
 * Anthropic's thinking (or `output_config.effort`) as OpenAI's `reasoning_effort`, for models that take it:
 * reasoning models, Gemini (its dialect turns the effort into a thinking budget) and Claude served elsewhere
 * (OpenRouter takes a top-level `reasoning_effort` and answers with `reasoning` text: openrouter.ai/docs reasoning
 * tokens page and a public report, enricoros/big-AGI#940, read 2026-12). Elsewhere the field would be refused
 * (OpenAI's non-reasoning models do), so the answer comes without thinking instead.
 * Budgets: under 4,096 tokens low, under 16,384 medium, more high; `adaptive` is medium; efforts above high are high.
 */
function thinkingEffort(source: MessagesRequest, catalog: Catalog): 'low' | 'medium' | 'high' | undefined {
  const thinking = source.thinking;
  const asked = source.output_config?.effort;
  if (thinking?.type === 'disabled' || (!asked && (!thinking || thinking.type === 'between_tools'))) return undefined;
  const model = catalog.find(source.model);
  if (!model || !(model.class === 'reasoning' || model.vendor === 'google' || model.vendor === 'anthropic')) return undefined;
  if (asked) return asked === 'xhigh' || asked === 'max' ? 'high' : asked;
  const budget = thinking?.budget_tokens;
  if (budget === undefined) return 'medium';
  return budget < 4096 ? 'low' : budget < 16_384 ? 'medium' : 'high';
}
