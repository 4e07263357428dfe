import type { ChatMessage } from '../../types/chat.js';
import type { GeminiContent, GeminiPart } from './wire-types.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { UnsupportedContent, contentText, userPart } from './media.js';

/**
 * Gemini 3 models refuse a replayed `functionCall` part without the `thoughtSignature` they attached to it
 * (400 "Function call is missing a thought_signature"). OpenAI callers cannot carry that signature back, so the
 * first call of each replayed model turn gets Google's documented placeholder that skips the check
 * (ai.google.dev/gemini-api/docs/thought-signatures). Older models do not check, so they get nothing.
 */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

export function isGemini3OrLater(model: string): boolean {
  return /^(?:models\/)?gemini-(?:[3-9]|\d{2,})/.test(model);
}

export interface ConvertedMessages {
  systemParts: GeminiPart[];
  contents: GeminiContent[];
}

/**
 * OpenAI messages -> Gemini `systemInstruction` parts and `contents`:
 * - system and developer messages all go to `systemInstruction` (Gemini has one, not per-turn system text);
 * - assistant -> role `model`: text, then one `functionCall` part per tool call (arguments as an object);
 * - tool (and legacy function) results -> role `user` `functionResponse` parts, named after the call they answer;
 * - neighbouring turns of the same role are merged, so the answers to parallel calls share one turn as Gemini expects.
 * Reasoning text from earlier assistant turns is not sent back: Gemini only accepts thoughts with their signatures.
 */
export function toGeminiContents(messages: readonly ChatMessage[], model: string): ConvertedMessages {
  const systemParts: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  const signCalls = isGemini3OrLater(model);

  const push = (role: 'user' | 'model', parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
      case 'developer':
        systemParts.push(...textParts(message.content));
        break;
      case 'user':
        push('user', userParts(message.content, i));
        break;
      case 'assistant':
        push('model', modelParts(message, callNames, signCalls));
        break;
      case 'tool': {
        const id = message.tool_call_id ?? '';
        const name = callNames.get(id) ?? message.name;
        if (!name) throw new UnsupportedContent(`messages[${i}]: tool result for unknown tool_call_id "${id}" (Gemini needs the function name)`);
        push('user', [functionResponse(name, message.content)]);
        break;
      }
      case 'function':
        if (!message.name) throw new UnsupportedContent(`messages[${i}]: a function message needs a name`);
        push('user', [functionResponse(message.name, message.content)]);
        break;
      default:
        throw new UnsupportedContent(`messages[${i}]: role "${String(message.role)}" is not supported`);
    }
  });
  return { systemParts, contents };
}

function textParts(content: ChatMessage['content']): GeminiPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  if (!Array.isArray(content)) return [];
  const parts: GeminiPart[] = [];
  for (const part of content) {
    const text = contentText([part]);
    if (text !== '') parts.push({ text });
  }
  return parts;
}

function userParts(content: ChatMessage['content'], index: number): GeminiPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  if (!Array.isArray(content)) return [];
  const parts: GeminiPart[] = [];
  for (const part of content) {
    try {
      const converted = userPart(part);
      if (converted) parts.push(converted);
    } catch (error) {
      if (error instanceof UnsupportedContent) throw new UnsupportedContent(`messages[${index}]: ${error.message}`);
      throw error;
    }
  }
  return parts;
}

function modelParts(message: ChatMessage, callNames: Map<string, string>, signCalls: boolean): GeminiPart[] {
  const parts = textParts(message.content);
  let first = true;
  for (const call of message.tool_calls ?? []) {
    const name = call.function.name;
    callNames.set(call.id, name);
    const part: GeminiPart = { functionCall: { name, args: argumentsObject(call.function.arguments) } };
    if (signCalls && first) part.thoughtSignature = SKIP_SIGNATURE;
    first = false;
    parts.push(part);
  }
  return parts;
}

/**
 * OpenAI arguments are a JSON string; Gemini wants an object. Empty arguments are `{}`; a value that is not an
 * object (malformed JSON from a cut-off call, an array) is kept under `value` rather than lost or rejected.
 */
export function argumentsObject(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const parsed = parseJson(text);
  if (parsed.ok && isRecord(parsed.value)) return parsed.value;
  return { value: parsed.ok ? parsed.value : text };
}

/**
 * A tool result. Gemini wants `response` to be an object and documents the `output` key for a function's
 * output; the tool's text goes there as it is (parsing it as JSON would change what the model sees).
 */
function functionResponse(name: string, content: ChatMessage['content']): GeminiPart {
  return { functionResponse: { name, response: { output: contentText(content) } } };
}
