/**
 * The gateway's own estimate of a Messages request's input tokens, for count_tokens when no Anthropic upstream
 * serves the route (and for message_start on translated streams, before the provider's real count arrives).
 * It is an estimate, said so in the `x-wai-token-count: estimate` header:
 * - text (system, messages, tool inputs and results, tool definitions as JSON) at four characters a token, the
 *   planner's rule of thumb for English (routing/requirements.ts);
 * - each image at 1,600 tokens, Anthropic's figure for an image at its largest size before downscaling
 *   (tokens ≈ width × height / 750, docs.claude.com "Vision", read 2026-05);
 * - each PDF at its base64 size / 4 (a deliberately high figure: it counts pages' images and text alike).
 */
import type { MessagesBlock, MessagesRequest, MessagesTextBlock, MessagesToolResultBlock } from './wire-types.js';

const CHARS_PER_TOKEN = 4;
const IMAGE_TOKENS = 1600;

export function estimateInputTokens(request: MessagesRequest): number {
  let chars = 0;
  let tokens = 0;
  const add = (block: MessagesBlock): void => {
    switch (block.type) {
      case 'text':
      case 'input_text':
        chars += (block as MessagesTextBlock).text.length;
        break;
      case 'thinking':
        chars += String(block.thinking ?? '').length;
        break;
      case 'image':
        tokens += IMAGE_TOKENS;
        break;
      case 'tool_use':
        chars += String(block.name ?? '').length + JSON.stringify(block.input ?? {}).length;
        break;
      case 'tool_result': {
        const content = (block as MessagesToolResultBlock).content;
        if (typeof content === 'string') chars += content.length;
        else for (const part of content ?? []) add(part);
        break;
      }
      case 'document': {
        const data = (block.source as { data?: unknown } | undefined)?.data;
        if (typeof data === 'string') chars += data.length;
        break;
      }
      default:
        chars += JSON.stringify(block).length;
    }
  };
  if (typeof request.system === 'string') chars += request.system.length;
  else for (const block of request.system ?? []) add(block);
  for (const message of request.messages) {
    if (typeof message.content === 'string') chars += message.content.length;
    else for (const block of message.content) add(block);
  }
  for (const tool of request.tools ?? []) chars += JSON.stringify(tool).length;
  return Math.max(1, tokens + Math.ceil(chars / CHARS_PER_TOKEN));
}
