import type { AttemptContext } from '../types.js';
import type { ChatMessage, ContentPart } from '../../types/chat.js';
import type { CohereImagePart, CohereMessage, CohereTextPart, CohereToolCall } from './wire-types.js';
import { cohereFailure } from './failure.js';
import { normaliseArguments } from './tool-arguments.js';

/**
 * OpenAI messages as Cohere v2 messages. Roles map one to one (`developer` is OpenAI's newer name for
 * `system`). Throws a ProviderError for content Cohere cannot take (audio, files, the legacy `function`
 * role). Its class is `invalid_request` (this request cannot go to Cohere; the next level gets one try), not
 * `unsupported`: the health tracker benches the whole model on `unsupported`, and one caller's audio part must
 * not take Cohere away from everyone else's text requests.
 */
export function toCohereMessages(messages: readonly ChatMessage[], ctx: AttemptContext): CohereMessage[] {
  const out: CohereMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', content: textOnly(message.content, ctx, 'system') });
        break;
      case 'user':
        out.push({ role: 'user', content: userContent(message.content, ctx) });
        break;
      case 'assistant': {
        const assistant = assistantMessage(message);
        if (assistant) out.push(assistant);
        break;
      }
      case 'tool':
        if (!message.tool_call_id) {
          throw cohereFailure(ctx, 'invalid_request', 'invalid_request', 'needs a tool_call_id on every tool message');
        }
        out.push({ role: 'tool', tool_call_id: message.tool_call_id, content: textOnly(message.content, ctx, 'tool') });
        break;
      default:
        throw cohereFailure(ctx, 'invalid_request', 'unsupported_message_role', `does not accept messages with role "${message.role}"`);
    }
  }
  return out;
}

/** System and tool messages take text only: a string, or text parts (kept as parts, Cohere accepts both). */
function textOnly(content: ChatMessage['content'], ctx: AttemptContext, role: string): string | CohereTextPart[] {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => {
    if (part.type !== 'text') throw unsupportedPart(ctx, part, role);
    return { type: 'text', text: part.text };
  });
}

/** User content: text and images (`image_url` parts, same shape as OpenAI's; vision models read them). */
function userContent(content: ChatMessage['content'], ctx: AttemptContext): string | Array<CohereTextPart | CohereImagePart> {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part): CohereTextPart | CohereImagePart => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type === 'image_url') {
      const { url, detail } = part.image_url;
      return { type: 'image_url', image_url: detail ? { url, detail } : { url } };
    }
    throw unsupportedPart(ctx, part, 'user');
  });
}

/**
 * An assistant turn from the history. Its tool calls go back with the `tool_plan` Cohere wrote before them:
 * the gateway hands that plan to callers as `reasoning_content` (see response.ts), so a caller that keeps the
 * message as it came sends the plan back too; a `tool_plan` field set by the caller wins. Reasoning on a turn
 * without tool calls is not sent back (Cohere does not need its earlier thinking). A turn with neither text nor
 * tool calls says nothing and is left out, since Cohere rejects empty turns.
 */
function assistantMessage(message: ChatMessage): CohereMessage | undefined {
  const text = typeof message.content === 'string'
    ? message.content
    : Array.isArray(message.content)
      ? message.content.map((part) => (part.type === 'text' ? part.text : '')).join('')
      : '';
  const calls: CohereToolCall[] = (message.tool_calls ?? []).map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.function.name, arguments: normaliseArguments(call.function.arguments) },
  }));
  if (calls.length === 0) return text === '' ? undefined : { role: 'assistant', content: text };
  const plan = typeof message.tool_plan === 'string' ? message.tool_plan : message.reasoning_content;
  return {
    role: 'assistant',
    ...(text !== '' ? { content: text } : {}),
    tool_calls: calls,
    ...(plan ? { tool_plan: plan } : {}),
  };
}

function unsupportedPart(ctx: AttemptContext, part: ContentPart, role: string) {
  return cohereFailure(ctx, 'invalid_request', 'unsupported_content', `does not accept "${part.type}" content in ${role} messages`);
}
