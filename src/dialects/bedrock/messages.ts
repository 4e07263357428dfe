import type { ChatMessage, ContentPart } from '../../types/chat.js';
import type { ContentBlock, ConverseMessage, ImageFormat } from './wire-types.js';
import { parseJson, isRecord } from '../../internal/json.js';

/** A request the gateway cannot put on the Converse wire; the caller turns it into a ProviderError. */
export class UntranslatableRequest extends Error {
  constructor(message: string, readonly kind: 'invalid_request' | 'unsupported') {
    super(message);
  }
}

export interface ConvertedMessages {
  system: Array<{ text: string }>;
  messages: ConverseMessage[];
  /** The history holds toolUse / toolResult blocks (Converse then requires a toolConfig). */
  usesTools: boolean;
}

/**
 * OpenAI messages to Converse: system and developer turns move to the top-level `system` list; tool results
 * become `toolResult` blocks in a user turn; assistant tool calls become `toolUse` blocks. Converse wants
 * user and assistant turns to alternate, so consecutive turns of the same role are merged into one.
 * When `toolsAsText` is set (the request has no tools, but its history has tool calls), calls and results are
 * written as plain text instead, because Converse rejects tool blocks without a toolConfig.
 */
export function convertMessages(input: readonly ChatMessage[], toolsAsText: boolean): ConvertedMessages {
  const system: Array<{ text: string }> = [];
  const messages: ConverseMessage[] = [];
  let usesTools = false;

  const push = (role: 'user' | 'assistant', blocks: ContentBlock[]) => {
    if (blocks.length === 0) return;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };

  for (const message of input) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = plainText(message.content);
        if (text) system.push({ text });
        break;
      }
      case 'user':
        push('user', userBlocks(message.content));
        break;
      case 'assistant': {
        const blocks: ContentBlock[] = [];
        const text = plainText(message.content);
        if (text) blocks.push({ text });
        for (const call of message.tool_calls ?? []) {
          if (toolsAsText) {
            blocks.push({ text: `[called tool ${call.function.name} with ${call.function.arguments || '{}'}]` });
          } else {
            usesTools = true;
            blocks.push({ toolUse: { toolUseId: toolUseId(call.id), name: call.function.name, input: argumentsObject(call.function.arguments) } });
          }
        }
        push('assistant', blocks);
        break;
      }
      case 'tool':
      case 'function': {
        const text = plainText(message.content) || '(empty result)';
        if (toolsAsText || !message.tool_call_id) {
          push('user', [{ text: `[tool result] ${text}` }]);
        } else {
          usesTools = true;
          push('user', [{ toolResult: { toolUseId: toolUseId(message.tool_call_id), content: [{ text }] } }]);
        }
        break;
      }
      default:
        throw new UntranslatableRequest(`Bedrock Converse has no message role "${String(message.role)}"`, 'invalid_request');
    }
  }
  return { system, messages, usesTools };
}

/** Whether any message carries a tool call or a tool result. */
export function historyHasTools(input: readonly ChatMessage[]): boolean {
  return input.some((m) => (m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 0) || m.role === 'tool' || m.role === 'function');
}

/** Converse tool-use ids must match [a-zA-Z0-9_-]+ (at most 64); other providers' ids (`fn:0`) are rewritten the same way on both sides. */
export function toolUseId(id: string): string {
  const cleaned = id.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return cleaned === '' ? 'tool_call' : cleaned;
}

/** Tool arguments arrive as a JSON string; Converse wants the object. Anything else is wrapped so nothing is lost. */
function argumentsObject(args: string): unknown {
  if (args.trim() === '') return {};
  const parsed = parseJson(args);
  if (parsed.ok && isRecord(parsed.value)) return parsed.value;
  return { value: parsed.ok ? parsed.value : args };
}

function plainText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.filter((p): p is Extract<ContentPart, { type: 'text' }> => p.type === 'text').map((p) => p.text).join('\n');
}

function userBlocks(content: ChatMessage['content']): ContentBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  if (!Array.isArray(content)) return [];
  const blocks: ContentBlock[] = [];
  for (const part of content) {
    if (part.type === 'text') {
      // Converse rejects empty text blocks.
      if (part.text !== '') blocks.push({ text: part.text });
    } else if (part.type === 'image_url') {
      blocks.push({ image: imageFromUrl(part.image_url.url) });
    } else {
      throw new UntranslatableRequest(`Bedrock Converse does not take "${part.type}" content parts through this gateway`, 'unsupported');
    }
  }
  return blocks;
}

const FORMATS: Record<string, ImageFormat> = {
  'image/png': 'png', 'image/jpeg': 'jpeg', 'image/jpg': 'jpeg', 'image/gif': 'gif', 'image/webp': 'webp',
};

/**
 * Converse takes image bytes only (or S3 locations), never a web URL, and the gateway does not fetch
 * URLs on a caller's behalf: only `data:` URLs are accepted.
 */
function imageFromUrl(url: string): { format: ImageFormat; source: { bytes: string } } {
  const match = /^data:([^;,]+)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!match) {
    throw new UntranslatableRequest(
      'Bedrock accepts images only as inline bytes: send the image as a data: URL (data:image/png;base64,...); the gateway does not fetch http(s) image URLs',
      'invalid_request',
    );
  }
  const mime = match[1]!.toLowerCase();
  const format = FORMATS[mime];
  if (!format) throw new UntranslatableRequest(`Bedrock accepts png, jpeg, gif and webp images, not ${mime}`, 'invalid_request');
  const isBase64 = /;base64/i.test(match[2] ?? '');
  const data = match[3] ?? '';
  const bytes = isBase64 ? data.replace(/\s+/g, '') : Buffer.from(decodeURIComponent(data), 'latin1').toString('base64');
  return { format, source: { bytes } };
}
