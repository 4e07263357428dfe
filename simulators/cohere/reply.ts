/**
 * The deterministic answer to a Cohere v2 chat request, as a whole body and as stream events, in the layout
 * of the recorded responses (test/fixtures/recorded/cohere/): `message.content` parts, `tool_plan` before
 * `tool_calls`, `finish_reason` in Cohere's spelling, usage with `billed_units`, `tokens` and `cached_tokens`.
 */
import { computeAnswer, contentText, countWords, splitArgs, splitDeltas, type Answer } from '../openai-compatible/answer.js';

/** Models that answer with a `thinking` content part first. */
export const REASONING_MODELS = new Set(['command-a-reasoning-08-2025']);

export interface CohereReplyCtx {
  id: string;
  model: string;
  answer: Answer;
  toolCallId: string;
  toolPlan: string;
}

type Obj = Record<string, unknown>;

/** Cohere tool-result content may be text parts or documents; the answer quotes it as one string. */
function toolContentText(content: unknown): string {
  if (!Array.isArray(content)) return contentText(content);
  return content
    .map((p) => (p && typeof p === 'object' && (p as Obj).type === 'document' ? JSON.stringify((p as { document?: { data?: unknown } }).document?.data ?? {}) : contentText([p])))
    .join(' ');
}

/** The shared answer rules (openai-compatible/answer.ts), read from Cohere's request shape. */
export function replyFor(body: Obj, n: number): CohereReplyCtx {
  const model = typeof body.model === 'string' ? body.model : '';
  const messages = (body.messages as Obj[]).map((m) => ({ role: m.role, content: m.role === 'tool' ? toolContentText(m.content) : m.content }));
  const view: Obj = { model, messages, tools: body.tools, response_format: body.response_format };
  if (body.tool_choice === 'NONE') view.tool_choice = 'none';
  const answer = computeAnswer('cohere', view, REASONING_MODELS.has(model));
  const name = answer.toolCall?.name ?? '';
  return {
    id: uuidLike(n),
    model,
    answer,
    // Cohere's tool-call ids are `<tool name>_<12 lowercase alphanumerics>`.
    toolCallId: name ? `${name}_${n.toString(36).padStart(12, '0')}` : '',
    toolPlan: name ? `I will use the ${name} tool to answer.` : '',
  };
}

function uuidLike(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `5e1a7c00-0000-4000-8000-${hex}`;
}

function usage(ctx: CohereReplyCtx): Obj {
  const { promptTokens, completionTokens } = ctx.answer;
  const output = completionTokens + (ctx.toolPlan ? countWords(ctx.toolPlan) : 0);
  return {
    billed_units: { input_tokens: promptTokens, output_tokens: output },
    tokens: { input_tokens: promptTokens, output_tokens: output },
    cached_tokens: 0,
  };
}

const finishReason = (ctx: CohereReplyCtx) => (ctx.answer.toolCall ? 'TOOL_CALL' : 'COMPLETE');

export function completionBody(ctx: CohereReplyCtx): Obj {
  const { answer } = ctx;
  const message: Obj = { role: 'assistant' };
  if (answer.toolCall) {
    message.tool_plan = ctx.toolPlan;
    message.tool_calls = [{ id: ctx.toolCallId, type: 'function', function: { name: answer.toolCall.name, arguments: answer.toolCall.arguments } }];
  } else {
    const content: Obj[] = [];
    if (answer.reasoning !== undefined) content.push({ type: 'thinking', thinking: answer.reasoning });
    content.push({ type: 'text', text: answer.content });
    message.content = content;
  }
  return { id: ctx.id, message, finish_reason: finishReason(ctx), usage: usage(ctx) };
}

/** The stream's events in order, as the data objects (each carries its own `type`). */
export function streamEvents(ctx: CohereReplyCtx): Obj[] {
  const { answer } = ctx;
  const events: Obj[] = [
    { id: ctx.id, type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } },
  ];
  let index = 0;
  const block = (kind: 'text' | 'thinking', text: string) => {
    events.push({ type: 'content-start', index, delta: { message: { content: { type: kind, [kind]: '' } } } });
    for (const piece of splitDeltas(text)) events.push({ type: 'content-delta', index, delta: { message: { content: { [kind]: piece } } } });
    events.push({ type: 'content-end', index });
    index++;
  };
  if (answer.toolCall) {
    for (const piece of splitDeltas(ctx.toolPlan)) events.push({ type: 'tool-plan-delta', delta: { message: { tool_plan: piece } } });
    const { name, arguments: args } = answer.toolCall;
    events.push({ type: 'tool-call-start', index: 0, delta: { message: { tool_calls: { id: ctx.toolCallId, type: 'function', function: { name, arguments: '' } } } } });
    for (const piece of splitArgs(args)) {
      if (piece !== '') events.push({ type: 'tool-call-delta', index: 0, delta: { message: { tool_calls: { function: { arguments: piece } } } } });
    }
    events.push({ type: 'tool-call-end', index: 0 });
  } else {
    if (answer.reasoning !== undefined) block('thinking', answer.reasoning);
    block('text', answer.content);
  }
  events.push({ type: 'message-end', delta: { finish_reason: finishReason(ctx), usage: usage(ctx) } });
  return events;
}

/** Cohere's SSE framing: the event name, then the JSON (no `[DONE]` at the end). */
export function frameEvent(event: unknown): string {
  const type = event && typeof event === 'object' && typeof (event as Obj).type === 'string' ? (event as Obj).type as string : 'message';
  return `event: ${type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * The in-stream failure: undocumented as a separate event; the SDK's `message-end` delta has an `error`
 * string and finish_reason has ERROR, so that is what is sent (U).
 */
export function streamErrorEvent(message: string): Obj {
  return { type: 'message-end', delta: { error: message, finish_reason: 'ERROR' } };
}

/** A data line that is not JSON. */
export const MALFORMED_FRAME = 'event: content-delta\ndata: {"type":"content-delta","delta":{"message":\n\n';
