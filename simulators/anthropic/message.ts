/** The Message object of a non-streamed answer, shaped like the recorded ones (anthropic-text.json). */
import type { SimAnswer } from './answer.js';

export interface ReplyCtx {
  id: string;
  model: string;
  answer: SimAnswer;
  toolId: string;
}

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function base62(n: number, width: number): string {
  let s = '';
  do {
    s = B62[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.padStart(width, '0');
}

/** `msg_01…` and `toolu_01…` ids: 24 base62 characters after the prefix, like Anthropic's. */
export const messageId = (n: number) => `msg_01Sim${base62(n, 19)}`;
export const toolUseId = (n: number) => `toolu_01Sim${base62(n, 19)}`;

/** A fixed signature: real ones are opaque base64 that must be sent back unchanged. */
export const SIM_SIGNATURE = 'c2ltdWxhdGVkLXNpZ25hdHVyZQ==';

export function usageBody(inputTokens: number, outputTokens: number): Record<string, unknown> {
  return {
    input_tokens: inputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: outputTokens,
    service_tier: 'standard',
  };
}

export function contentBlocks(ctx: ReplyCtx): Array<Record<string, unknown>> {
  const { answer } = ctx;
  const blocks: Array<Record<string, unknown>> = [];
  if (answer.thinking !== undefined) blocks.push({ type: 'thinking', thinking: answer.thinking, signature: SIM_SIGNATURE });
  if (answer.toolCall) blocks.push({ type: 'tool_use', id: ctx.toolId, name: answer.toolCall.name, input: answer.toolCall.input });
  else blocks.push({ type: 'text', text: answer.text });
  return blocks;
}

export function messageBody(ctx: ReplyCtx): Record<string, unknown> {
  const { answer } = ctx;
  return {
    model: ctx.model,
    id: ctx.id,
    type: 'message',
    role: 'assistant',
    content: contentBlocks(ctx),
    stop_reason: answer.stopReason,
    stop_sequence: answer.stopSequence,
    usage: usageBody(answer.inputTokens, answer.outputTokens),
  };
}
