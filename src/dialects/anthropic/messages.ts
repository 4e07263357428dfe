/**
 * The OpenAI message history as Anthropic wants it:
 * - system and developer messages become the top-level `system` text (Anthropic has no system role);
 * - assistant `tool_calls` become `tool_use` blocks, `role:"tool"` answers become `tool_result` blocks in a user turn;
 * - consecutive turns of the same role are merged into one turn, because the API requires user and assistant
 *   to alternate (several tool results in a row, or a tool result followed by a user remark, become one user turn);
 * - images become `image` blocks (base64 for data: URLs, url sources for http(s) URLs);
 * - a content part's `cache_control` (Anthropic's prompt-caching mark, as OpenRouter takes it on OpenAI parts) goes
 *   on the block made from it; on a system part it makes `system` a list of text blocks so the mark has a place.
 */
import type { ChatMessage, ContentPart } from '../../types/chat.js';
import type {
  AnthropicContentBlock, AnthropicDocumentBlock, AnthropicImageBlock, AnthropicMessage, AnthropicTextBlock, AnthropicToolResultBlock,
} from './wire-types.js';
import { isRecord, parseJson } from '../../internal/json.js';

/** A message part Anthropic cannot take (audio); the caller turns it into an `unsupported` failure. */
export class UnsupportedInputError extends Error {}

export interface AnthropicHistory {
  system: string | AnthropicTextBlock[] | undefined;
  messages: AnthropicMessage[];
}

interface Turn {
  role: 'user' | 'assistant';
  blocks: AnthropicContentBlock[];
}

export function toAnthropicHistory(messages: readonly ChatMessage[]): AnthropicHistory {
  const system: AnthropicTextBlock[] = [];
  const turns: Turn[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        system.push(...systemBlocks(message.content));
        break;
      }
      case 'assistant':
        push(turns, 'assistant', assistantBlocks(message));
        break;
      case 'tool':
        push(turns, 'user', [toolResult(message)]);
        break;
      case 'function':
        // The pre-tools function-call protocol has no call ids to pair with; its result is plain context.
        push(turns, 'user', textBlocks(`${message.name ?? 'function'} returned: ${plainText(message.content)}`));
        break;
      default:
        push(turns, 'user', userBlocks(message.content));
    }
  }
  trimFinalAssistant(turns);
  const cached = system.some((block) => block.cache_control !== undefined);
  return {
    system: !system.length ? undefined : cached ? system : system.map((block) => block.text).join('\n\n'),
    messages: turns.map(toWireMessage),
  };
}

/** A system message as text blocks: one per message, or one per part when a part carries `cache_control`. */
function systemBlocks(content: ChatMessage['content']): AnthropicTextBlock[] {
  if (!Array.isArray(content) || !content.some((part) => isRecord(part.cache_control))) {
    const text = plainText(content);
    return text ? [{ type: 'text', text }] : [];
  }
  return content.flatMap((part) => (part.type === 'text' ? withCacheControl(textBlocks(part.text), part) : []));
}

/** Puts a part's `cache_control` on the last block made from it (Anthropic caches the prompt up to that block). */
function withCacheControl<T extends AnthropicContentBlock>(blocks: T[], part: ContentPart): T[] {
  const mark = part.cache_control;
  const last = blocks[blocks.length - 1];
  if (isRecord(mark) && last) (last as T & { cache_control?: unknown }).cache_control = mark;
  return blocks;
}

/** Appends blocks as a turn, merging into the previous turn when the role repeats. Empty turns are dropped. */
function push(turns: Turn[], role: Turn['role'], blocks: AnthropicContentBlock[]): void {
  if (blocks.length === 0) return;
  const last = turns[turns.length - 1];
  if (last && last.role === role) last.blocks.push(...blocks);
  else turns.push({ role, blocks });
}

/** A turn of one text block goes as a plain string, the most common and most compact form. */
function toWireMessage(turn: Turn): AnthropicMessage {
  const only = turn.blocks.length === 1 ? turn.blocks[0]! : undefined;
  if (only && only.type === 'text' && only.cache_control === undefined) return { role: turn.role, content: only.text };
  return { role: turn.role, content: turn.blocks };
}

/**
 * A final assistant turn is a prefill the model continues. Anthropic rejects a prefill that ends in
 * whitespace, so it is trimmed; a prefill left empty is dropped.
 */
function trimFinalAssistant(turns: Turn[]): void {
  const last = turns[turns.length - 1];
  if (!last || last.role !== 'assistant') return;
  const block = last.blocks[last.blocks.length - 1];
  if (block?.type !== 'text') return;
  const trimmed = block.text.trimEnd();
  if (trimmed) block.text = trimmed;
  else last.blocks.pop();
  if (last.blocks.length === 0) turns.pop();
}

/** Anthropic rejects empty text blocks, so empty text never becomes a block. */
function textBlocks(text: string): AnthropicTextBlock[] {
  return text === '' ? [] : [{ type: 'text', text }];
}

function plainText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part.type === 'text' ? part.text : '')).filter(Boolean).join('\n');
}

function userBlocks(content: ChatMessage['content']): AnthropicContentBlock[] {
  if (typeof content === 'string') return textBlocks(content);
  if (!Array.isArray(content)) return [];
  const blocks: AnthropicContentBlock[] = [];
  for (const part of content) blocks.push(...withCacheControl(partBlocks(part), part));
  return blocks;
}

function partBlocks(part: ContentPart): AnthropicContentBlock[] {
  switch (part.type) {
    case 'text':
      return textBlocks(part.text);
    case 'image_url':
      return [imageBlock(part.image_url.url)];
    case 'file': {
      const document = documentBlock(part.file);
      if (document) return [document];
      throw new UnsupportedInputError('Anthropic takes files only as inline data (file.file_data as a data: URL)');
    }
    case 'input_audio':
      throw new UnsupportedInputError('Anthropic does not accept audio input');
    default: {
      // OpenAI's `refusal` part and anything newer: keep the words, if any.
      const text = (part as { text?: unknown; refusal?: unknown }).text ?? (part as { refusal?: unknown }).refusal;
      return typeof text === 'string' ? textBlocks(text) : [];
    }
  }
}

interface DataUrl { mediaType: string; base64: string }

/** Splits `data:<type>[;base64],<data>`; non-base64 payloads are percent-decoded and re-encoded. */
function parseDataUrl(url: string): DataUrl | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const mediaType = match[1] || 'text/plain';
  const isBase64 = /;base64/i.test(match[2] ?? '');
  const payload = match[3] ?? '';
  if (isBase64) return { mediaType, base64: payload };
  let decoded: string;
  try {
    decoded = decodeURIComponent(payload);
  } catch {
    decoded = payload;
  }
  return { mediaType, base64: Buffer.from(decoded, 'utf8').toString('base64') };
}

function imageBlock(url: string): AnthropicImageBlock {
  const data = url.startsWith('data:') ? parseDataUrl(url) : undefined;
  if (data) return { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.base64 } };
  return { type: 'image', source: { type: 'url', url } };
}

/** OpenAI `file` parts (`{file_data: "data:application/pdf;base64,…", filename}`) as an Anthropic document. */
function documentBlock(file: Record<string, unknown>): AnthropicDocumentBlock | undefined {
  const raw = file.file_data;
  if (typeof raw !== 'string') return undefined;
  const data = parseDataUrl(raw);
  if (!data) return undefined;
  const title = typeof file.filename === 'string' ? file.filename : undefined;
  if (data.mediaType === 'text/plain') {
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(data.base64, 'base64').toString('utf8') }, ...(title ? { title } : {}) };
  }
  return { type: 'document', source: { type: 'base64', media_type: data.mediaType, data: data.base64 }, ...(title ? { title } : {}) };
}

function assistantBlocks(message: ChatMessage): AnthropicContentBlock[] {
  // Earlier reasoning is not sent back: Anthropic accepts thinking blocks only with their signature.
  const blocks: AnthropicContentBlock[] = typeof message.content === 'string'
    ? textBlocks(message.content)
    : Array.isArray(message.content) ? message.content.flatMap(partBlocks) : [];
  for (const call of message.tool_calls ?? []) {
    blocks.push({ type: 'tool_use', id: toolUseId(call.id), name: call.function.name, input: toolInput(call.function.arguments) });
  }
  return blocks;
}

/**
 * Tool inputs are JSON objects on Anthropic. Arguments that are not an object (unparseable text, `"null"`)
 * are sent as `{}`: the call still pairs with its result, which matters more than the lost text.
 */
function toolInput(args: string): Record<string, unknown> {
  const parsed = parseJson(args);
  return parsed.ok && isRecord(parsed.value) ? parsed.value : {};
}

/**
 * Anthropic tool-use ids must match `^[a-zA-Z0-9_-]+$`. Ids minted by other providers (Moonshot's
 * `get_weather:0`) are mapped the same way in the call and in its result, so they still pair.
 */
export function toolUseId(id: string): string {
  const clean = id.replace(/[^a-zA-Z0-9_-]/g, '_');
  return clean === '' ? 'toolu_unnamed' : clean;
}

function toolResult(message: ChatMessage): AnthropicToolResultBlock {
  const id = toolUseId(message.tool_call_id ?? '');
  const content = message.content;
  if (!Array.isArray(content)) return { type: 'tool_result', tool_use_id: id, content: typeof content === 'string' ? content : '' };
  const blocks: Array<AnthropicTextBlock | AnthropicImageBlock> = [];
  for (const part of content) {
    if (part.type === 'text' && part.text !== '') blocks.push({ type: 'text', text: part.text });
    else if (part.type === 'image_url') blocks.push(imageBlock(part.image_url.url));
  }
  return { type: 'tool_result', tool_use_id: id, content: blocks };
}
