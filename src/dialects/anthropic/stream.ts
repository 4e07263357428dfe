/**
 * An Anthropic Messages stream (SSE with named events, no [DONE]) translated event by event into OpenAI
 * `chat.completion.chunk` JSON texts:
 *   message_start        -> a first chunk with `role: "assistant"` (not content: nothing to commit to yet)
 *   content_block_start  -> for tool_use, the tool call's first fragment (index, id, type, name)
 *   content_block_delta  -> text_delta: `content`; input_json_delta: `tool_calls[].function.arguments`;
 *                           thinking_delta: `reasoning_content`; signature_delta and citations_delta: dropped
 *   message_delta        -> the chunk with `finish_reason`; usage (output is cumulative)
 *   message_stop         -> usage chunk (when asked for), then done
 *   error                -> a classified ProviderError (overloaded_error is transient, and so on)
 */
import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import type { ChunkDelta, FinishReason } from '../../types/chat.js';
import type { AnthropicUsage } from './wire-types.js';
import type { EventSourceMessage } from 'eventsource-parser';
import { isRecord, parseJson } from '../../internal/json.js';
import { toFinishReason } from './finish-reason.js';
import { mergeUsage, toOpenAIUsage } from './usage.js';
import { jsonAnswerText, jsonModePlan, type JsonModePlan } from './json-mode.js';
import { streamEventError } from './errors.js';
import { translateSse, type EventMapper, type StreamControl } from '../stream-shell.js';
import { excerpt } from '../failures.js';

/** What one open content block turns into. */
interface Block {
  kind: 'text' | 'thinking' | 'tool' | 'json' | 'other';
  /** OpenAI `index` of the tool call (kind 'tool'). */
  toolIndex: number;
  /** An argument piece was sent; a call that got none still owes its arguments (`{}`). */
  sentArgs: boolean;
  /** `input` given whole at block start (some Anthropic-compatible endpoints do that instead of deltas). */
  initialInput: Record<string, unknown> | undefined;
  /** JSON-mode answers that must be unwrapped are collected whole (see json-mode.ts). */
  buffer: string;
}

type Obj = Record<string, unknown>;

export function createAnthropicStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  return translateSse(ctx, sink, (control) => readAnthropicStream(ctx, sink, control));
}

function readAnthropicStream(ctx: AttemptContext, sink: StreamSink, control: StreamControl): EventMapper<EventSourceMessage> {
  const plan: JsonModePlan | undefined = jsonModePlan(ctx.request);
  const usage: AnthropicUsage = {};
  const blocks = new Map<number, Block>();
  let messageId: string | undefined;
  /** The constant part of every chunk before and after its delta, built once at message_start. */
  let head = '';
  let nextToolIndex = 0;
  let finishSent = false;

  const chunk = (delta: ChunkDelta, finish: FinishReason | null) =>
    `${head}${JSON.stringify(delta)},"logprobs":null,"finish_reason":${finish === null ? 'null' : `"${finish}"`}}]}`;
  const emit = (delta: ChunkDelta) => sink.frame(chunk(delta, null), true);
  const emitArgs = (block: Block, piece: string) => {
    block.sentArgs = true;
    if (block.kind === 'json') emit({ content: piece });
    else emit({ tool_calls: [{ index: block.toolIndex, function: { arguments: piece } }] });
  };

  function onMessageStart(event: Obj): void {
    const message = isRecord(event.message) ? event.message : {};
    const id = typeof message.id === 'string' ? message.id : '';
    if (messageId !== undefined) {
      // A repeated message_start of the same message is harmless; another message spliced in is a broken stream.
      if (id !== messageId) control.malformed(`a second message (${id}) inside message ${messageId}`);
      return;
    }
    messageId = id;
    if (isRecord(message.usage)) mergeUsage(usage, message.usage as AnthropicUsage);
    const model = typeof message.model === 'string' ? message.model : ctx.upstreamModel;
    const created = Math.floor(ctx.clock.now() / 1000);
    head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":`;
    sink.frame(chunk({ role: 'assistant', content: '' }, null), false);
  }

  function onBlockStart(event: Obj): void {
    const index = typeof event.index === 'number' ? event.index : blocks.size;
    const start = isRecord(event.content_block) ? event.content_block : {};
    const block: Block = { kind: 'other', toolIndex: -1, sentArgs: false, initialInput: undefined, buffer: '' };
    blocks.set(index, block);
    if (start.type === 'text') {
      block.kind = 'text';
      if (typeof start.text === 'string' && start.text !== '') emit({ content: start.text });
    } else if (start.type === 'thinking') {
      block.kind = 'thinking';
      if (typeof start.thinking === 'string' && start.thinking !== '') emit({ reasoning_content: start.thinking });
    } else if (start.type === 'tool_use') {
      if (isRecord(start.input) && Object.keys(start.input).length > 0) block.initialInput = start.input;
      if (plan && start.name === plan.toolName) {
        block.kind = 'json';
        return;
      }
      block.kind = 'tool';
      block.toolIndex = nextToolIndex++;
      emit({ tool_calls: [{ index: block.toolIndex, id: String(start.id ?? ''), type: 'function', function: { name: String(start.name ?? ''), arguments: '' } }] });
    }
  }

  function onBlockDelta(event: Obj): void {
    const block = blocks.get(event.index as number);
    const delta = isRecord(event.delta) ? event.delta : {};
    if (!block) {
      control.malformed(`a delta for content block ${String(event.index)}, which was never started`);
      return;
    }
    if (delta.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') emit({ content: delta.text });
    else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string' && delta.thinking !== '') emit({ reasoning_content: delta.thinking });
    else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string' && delta.partial_json !== '') {
      if (block.kind === 'json' && plan?.wrapped) block.buffer += delta.partial_json;
      else if (block.kind === 'tool' || block.kind === 'json') emitArgs(block, delta.partial_json);
    }
  }

  function onBlockStop(event: Obj): void {
    const block = blocks.get(event.index as number);
    if (!block || (block.kind !== 'tool' && block.kind !== 'json')) return;
    if (block.kind === 'json' && plan?.wrapped) {
      const parsed = block.buffer === '' ? undefined : parseJson(block.buffer);
      if (parsed && !parsed.ok) return control.malformed('streamed JSON-mode input that is not JSON');
      emit({ content: jsonAnswerText(plan, parsed?.value ?? block.initialInput ?? {}) });
      return;
    }
    // A call without arguments streams only an empty piece; OpenAI clients expect a JSON text.
    if (!block.sentArgs) emitArgs(block, JSON.stringify(block.initialInput ?? {}));
  }

  function onMessageDelta(event: Obj): void {
    if (isRecord(event.usage)) mergeUsage(usage, event.usage as AnthropicUsage);
    const delta = isRecord(event.delta) ? event.delta : {};
    if (delta.stop_reason === undefined || delta.stop_reason === null) return;
    let finish = toFinishReason(delta.stop_reason);
    // Only the JSON-mode tool was called: for the caller that is a normal stop.
    if (finish === 'tool_calls' && nextToolIndex === 0) finish = 'stop';
    const out: ChunkDelta = {};
    if (delta.stop_reason === 'refusal') {
      const details = delta.stop_details;
      out.refusal = isRecord(details) && typeof details.explanation === 'string' ? details.explanation : 'The model declined to answer.';
    }
    finishSent = true;
    sink.frame(chunk(out, finish), true);
  }

  function onMessageStop(): void {
    if (!finishSent) {
      finishSent = true;
      sink.frame(chunk({}, 'stop'), true);
    }
    const total = toOpenAIUsage(usage);
    sink.usage(total);
    if (ctx.includeUsage) {
      sink.frame(`${head.slice(0, head.indexOf('"choices":'))}"choices":[],"usage":${JSON.stringify(total)}}`, false);
    }
    control.finish();
  }

  return {
    event(event) {
      if (event.event === 'ping' || event.data === '') return;
      const parsed = parseJson(event.data);
      if (!parsed.ok || !isRecord(parsed.value)) return control.malformed(`a stream event that is not JSON: ${excerpt(event.data)}`);
      const payload = parsed.value;
      const type = event.event ?? (typeof payload.type === 'string' ? payload.type : '');
      if (type === 'error') return control.fail(streamEventError(payload, ctx));
      if (type === 'ping') return;
      if (type === 'message_start') return onMessageStart(payload);
      if (messageId === undefined) return control.malformed(`${type} before message_start`);
      switch (type) {
        case 'content_block_start': return onBlockStart(payload);
        case 'content_block_delta': return onBlockDelta(payload);
        case 'content_block_stop': return onBlockStop(payload);
        case 'message_delta': return onMessageDelta(payload);
        case 'message_stop': return onMessageStop();
        default: // new event types may be added (Anthropic's versioning policy): skip them
      }
    },
    end: () => 'message_stop',
    // Whatever was used before the failure is still accounted for.
    beforeFail() {
      if (messageId !== undefined) sink.usage(toOpenAIUsage(usage));
    },
  };
}
