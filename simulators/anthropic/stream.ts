/**
 * The SSE frames of a streamed answer as Anthropic sends them: `event: <name>\ndata: <json>\n\n`, a `ping` after
 * the first block starts, no [DONE] (message_stop ends it). Text arrives in word deltas, tool input as
 * `input_json_delta` pieces (the first one empty, as recorded), thinking as `thinking_delta`s then a `signature_delta`.
 */
import { splitArgs, splitDeltas } from '../openai-compatible/answer.js';
import { SIM_SIGNATURE, usageBody, type ReplyCtx } from './message.js';
import { errorBody, streamErrorType } from './errors.js';

export const frame = (event: string, data: Record<string, unknown>): string => `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
export const PING = 'event: ping\ndata: {"type": "ping"}\n\n';

export function streamFrames(ctx: ReplyCtx): string[] {
  const { answer } = ctx;
  const frames: string[] = [];
  frames.push(frame('message_start', {
    message: {
      model: ctx.model, id: ctx.id, type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null,
      usage: usageBody(answer.inputTokens, 1),
    },
  }));
  let index = 0;
  const delta = (d: Record<string, unknown>) => frames.push(frame('content_block_delta', { index, delta: d }));
  if (answer.thinking !== undefined) {
    frames.push(frame('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
    if (index === 0) frames.push(PING);
    for (const piece of splitDeltas(answer.thinking)) delta({ type: 'thinking_delta', thinking: piece });
    delta({ type: 'signature_delta', signature: SIM_SIGNATURE });
    frames.push(frame('content_block_stop', { index }));
    index++;
  }
  if (answer.toolCall) {
    frames.push(frame('content_block_start', { index, content_block: { type: 'tool_use', id: ctx.toolId, name: answer.toolCall.name, input: {} } }));
    if (index === 0) frames.push(PING);
    delta({ type: 'input_json_delta', partial_json: '' });
    for (const piece of splitArgs(JSON.stringify(answer.toolCall.input))) delta({ type: 'input_json_delta', partial_json: piece });
  } else {
    frames.push(frame('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    if (index === 0) frames.push(PING);
    for (const piece of splitDeltas(answer.text)) delta({ type: 'text_delta', text: piece });
  }
  frames.push(frame('content_block_stop', { index }));
  frames.push(frame('message_delta', {
    delta: { stop_reason: answer.stopReason, stop_sequence: answer.stopSequence },
    usage: { output_tokens: answer.outputTokens },
  }));
  frames.push(frame('message_stop', {}));
  return frames;
}

/** The in-stream failure: `event: error` with the same body an HTTP error has. */
export function streamErrorFrame(message: string | undefined, code: number | undefined): string {
  const type = streamErrorType(code);
  return `event: error\ndata: ${errorBody(type, message ?? (type === 'overloaded_error' ? 'Overloaded' : 'Internal server error'))}\n\n`;
}

/** An event whose data is not JSON. */
export const MALFORMED_FRAME = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"oops"\n\n';
