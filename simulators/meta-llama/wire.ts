/**
 * Llama API native success bodies, shaped as the official clients (llama-api-client) type them:
 * `{id, completion_message:{role, content:{type:'text', text}, stop_reason, tool_calls}, metrics:[…]}` and
 * stream chunks `{id, event:{event_type, delta, stop_reason?, metrics?}}` with no `[DONE]` at the end.
 */
import type { Answer } from '../openai-compatible/answer.js';
import { splitArgs, splitDeltas } from '../openai-compatible/answer.js';
import { sseEvent } from '../loopback-kit/sse-writer.js';

export interface LlamaReplyCtx {
  id: string;
  answer: Answer;
  toolId: string;
}

export function metrics(answer: Answer) {
  const p = answer.promptTokens;
  const c = answer.completionTokens;
  return [
    { metric: 'num_completion_tokens', value: c, unit: 'tokens' },
    { metric: 'num_prompt_tokens', value: p, unit: 'tokens' },
    { metric: 'num_total_tokens', value: p + c, unit: 'tokens' },
  ];
}

const stopReason = (a: Answer) => (a.toolCall ? 'tool_calls' : 'stop');

export function completionBody(ctx: LlamaReplyCtx): Record<string, unknown> {
  const { answer } = ctx;
  const message: Record<string, unknown> = { role: 'assistant', content: { type: 'text', text: answer.content }, stop_reason: stopReason(answer) };
  if (answer.toolCall) message.tool_calls = [{ id: ctx.toolId, function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments } }];
  return { id: ctx.id, completion_message: message, metrics: metrics(answer) };
}

export function streamFrames(ctx: LlamaReplyCtx): string[] {
  const { id, answer } = ctx;
  const ev = (event: Record<string, unknown>) => sseEvent(JSON.stringify({ id, event }));
  const frames = [ev({ event_type: 'start', delta: { type: 'text', text: '' } })];
  if (answer.toolCall) {
    frames.push(ev({ event_type: 'progress', delta: { type: 'tool_call', id: ctx.toolId, function: { name: answer.toolCall.name, arguments: '' } } }));
    for (const piece of splitArgs(answer.toolCall.arguments)) frames.push(ev({ event_type: 'progress', delta: { type: 'tool_call', function: { arguments: piece } } }));
  } else {
    for (const piece of splitDeltas(answer.content)) frames.push(ev({ event_type: 'progress', delta: { type: 'text', text: piece } }));
  }
  frames.push(ev({ event_type: 'complete', delta: { type: 'text', text: '' }, stop_reason: stopReason(answer) }));
  frames.push(ev({ event_type: 'metrics', delta: { type: 'text', text: '' }, metrics: metrics(answer) }));
  return frames;
}

/** (U) The shape of an in-stream failure is not documented; an OpenAI-style error object is sent. */
export function streamErrorFrame(message: string, code: number | undefined): string {
  return sseEvent(JSON.stringify({ error: { message, type: 'server_error', code: code ?? 500 } }));
}

export const MALFORMED_FRAME = 'data: {"id":"sim-broken","event":{"event_type":"progress","delta":{"type":"text","text":"oops"\n\n';
