/**
 * A translated answer (toMessage's, to-message.ts) as JSON text. The usual answer (its fields of the types
 * toMessage gives them: strings, finite counts, text, thinking and tool_use blocks) is written by a template in
 * toMessage's member order, in about half the time of V8's generic walk; anything else goes to JSON.stringify.
 * Either way the text is JSON.stringify's (test/ingress/messages/message-json.test.ts walks many answers to show it).
 */
import type { MessagesOutputBlock, MessagesResponse, MessagesUsage } from './wire-types.js';

export function messageJson(message: MessagesResponse): string {
  const content = contentJson(message.content);
  const usage = usageJson(message.usage);
  if (content === undefined || usage === undefined || message.type !== 'message' || message.role !== 'assistant' || message.stop_sequence !== null
    || typeof message.id !== 'string' || typeof message.model !== 'string' || typeof message.stop_reason !== 'string') {
    return JSON.stringify(message);
  }
  return `{"id":${JSON.stringify(message.id)},"type":"message","role":"assistant","model":${JSON.stringify(message.model)},"content":${content},"stop_reason":${JSON.stringify(message.stop_reason)},"stop_sequence":null,"usage":${usage}}`;
}

/** The blocks' text, or undefined when one is not as toMessage makes it. */
function contentJson(blocks: MessagesOutputBlock[]): string | undefined {
  if (!Array.isArray(blocks)) return undefined;
  let out = '[';
  for (let i = 0; i < blocks.length; i++) {
    const block = blockJson(blocks[i]);
    if (block === undefined) return undefined;
    out += i === 0 ? block : `,${block}`;
  }
  return `${out}]`;
}

function blockJson(block: MessagesOutputBlock | undefined): string | undefined {
  if (typeof block !== 'object' || block === null) return undefined;
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? `{"type":"text","text":${JSON.stringify(block.text)}}` : undefined;
    case 'thinking':
      return typeof block.thinking === 'string' && typeof block.signature === 'string'
        ? `{"type":"thinking","thinking":${JSON.stringify(block.thinking)},"signature":${JSON.stringify(block.signature)}}`
        : undefined;
    case 'tool_use': {
      if (typeof block.id !== 'string' || typeof block.name !== 'string' || typeof block.input !== 'object' || block.input === null) return undefined;
      return `{"type":"tool_use","id":${JSON.stringify(block.id)},"name":${JSON.stringify(block.name)},"input":${JSON.stringify(block.input)}}`;
    }
    default:
      return undefined;
  }
}

/** Finite counts are written as JSON.stringify writes numbers (String); anything else is left to it. */
function usageJson(usage: MessagesUsage): string | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const { input_tokens: input, output_tokens: output, cache_creation_input_tokens: created, cache_read_input_tokens: read } = usage;
  if (!Number.isFinite(input) || !Number.isFinite(output) || !Number.isFinite(created) || !Number.isFinite(read)) return undefined;
  return `{"input_tokens":${input},"output_tokens":${output},"cache_creation_input_tokens":${created},"cache_read_input_tokens":${read}}`;
}
