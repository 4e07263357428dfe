import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import type { ChunkDelta, FinishReason } from '../../types/chat.js';
import type { GeminiCandidate, GeminiFunctionCall } from './wire-types.js';
import type { EventSourceMessage } from 'eventsource-parser';
import { isRecord, parseJson } from '../../internal/json.js';
import { translateSse, type EventMapper, type StreamControl } from '../stream-shell.js';
import { excerpt } from '../failures.js';
import { inStreamError } from './errors.js';
import { toFinishReason } from './finish-reason.js';
import { toUsage } from './usage.js';
import { completionId, newToolCallId } from './ids.js';
import { PartialArgs } from './partial-args.js';
import { ChunkFrames } from '../chunk-frames.js';

/** A function call whose arguments are still arriving as Vertex `partialArgs` pieces. */
interface OpenCall {
  toolIndex: number;
  args: PartialArgs;
}

/** Per candidate (one OpenAI choice each). */
interface CandidateState {
  index: number;
  /** Tool calls started so far: the next call's OpenAI `index`. */
  calls: number;
  open: OpenCall | undefined;
  finished: boolean;
}

/**
 * `streamGenerateContent?alt=sse`: every `data:` event is a whole GenerateContentResponse holding the next
 * piece of each candidate. There are no event names and no `[DONE]`: the answer is complete when every
 * candidate has sent its `finishReason` and the body ends. A body that ends earlier was cut: truncated_stream.
 *
 * Text parts become `content` deltas, `thought: true` parts `reasoning_content` deltas. Gemini sends a function
 * call whole in one part; it becomes one tool-call delta with id, name and all arguments. Vertex can also stream
 * a call: a part with `name` and `willContinue: true`, then parts with only `partialArgs`, and a last part without
 * `willContinue` (often an empty `functionCall: {}`). That call is announced (id and name, empty arguments) when
 * it starts and its arguments are sent as one piece once complete, because pieces addressed by JSON path cannot be
 * turned into JSON text in order before the call is whole. Usage is cumulative on every chunk; the last one counts
 * (`sink.usage` hears every update; the caller gets one usage chunk at the end when it asked for it).
 */
export function createGeminiStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  return translateSse(ctx, sink, (control) => readGeminiStream(ctx, sink, control));
}

function readGeminiStream(ctx: AttemptContext, sink: StreamSink, control: StreamControl): EventMapper<EventSourceMessage> {
  const frames = new ChunkFrames(ctx, sink);
  const candidates = new Map<number, CandidateState>();
  let sawChunk = false;

  const emit = (index: number, delta: ChunkDelta, finish: FinishReason | null, content: boolean, native?: string) =>
    frames.delta(delta, finish, content, index, native);

  const candidate = (index: number): CandidateState => {
    let state = candidates.get(index);
    if (!state) {
      state = { index, calls: 0, open: undefined, finished: false };
      candidates.set(index, state);
      frames.role(index);
    }
    return state;
  };

  const closeOpenCall = (state: CandidateState) => {
    const open = state.open;
    if (!open) return;
    state.open = undefined;
    emit(state.index, { tool_calls: [{ index: open.toolIndex, function: { arguments: open.args.json() } }] }, null, true);
  };

  const onFunctionCall = (state: CandidateState, call: GeminiFunctionCall) => {
    const name = typeof call.name === 'string' && call.name !== '' ? call.name : undefined;
    if (state.open) {
      if (!name) {
        state.open.args.apply(call.partialArgs);
        if (call.willContinue !== true) closeOpenCall(state);
        return;
      }
      closeOpenCall(state); // a new call began: the open one is over
    }
    if (!name) return; // an empty terminator with no call open
    const toolIndex = state.calls++;
    const callId = typeof call.id === 'string' && call.id !== '' ? call.id : newToolCallId();
    const initial = isRecord(call.args) ? call.args : undefined;
    if (call.willContinue === true) {
      state.open = { toolIndex, args: new PartialArgs(initial) };
      state.open.args.apply(call.partialArgs);
      emit(state.index, { tool_calls: [{ index: toolIndex, id: callId, type: 'function', function: { name, arguments: '' } }] }, null, true);
      return;
    }
    let args = JSON.stringify(initial ?? {});
    if (Array.isArray(call.partialArgs)) {
      const built = new PartialArgs(initial);
      built.apply(call.partialArgs);
      args = built.json();
    }
    emit(state.index, { tool_calls: [{ index: toolIndex, id: callId, type: 'function', function: { name, arguments: args } }] }, null, true);
  };

  const onCandidate = (raw: GeminiCandidate, position: number) => {
    const state = candidate(typeof raw.index === 'number' ? raw.index : position);
    if (state.finished) return;
    const parts = isRecord(raw.content) && Array.isArray(raw.content.parts) ? raw.content.parts : [];
    for (const part of parts) {
      if (!isRecord(part)) continue;
      if (typeof part.text === 'string' && part.text !== '') {
        emit(state.index, part.thought === true ? { reasoning_content: part.text } : { content: part.text }, null, true);
      }
      if (isRecord(part.functionCall)) onFunctionCall(state, part.functionCall as GeminiFunctionCall);
    }
    if (typeof raw.finishReason === 'string') {
      closeOpenCall(state);
      state.finished = true;
      emit(state.index, {}, toFinishReason(raw.finishReason, state.calls > 0), true, raw.finishReason);
    }
  };

  const onData = (data: string) => {
    if (data === '' || data === '[DONE]') return;
    const parsed = parseJson(data);
    if (!parsed.ok || !isRecord(parsed.value)) return control.malformed(`a stream event that is not a JSON object: ${excerpt(data)}`);
    const chunk = parsed.value;
    if (isRecord(chunk.error)) return control.fail(inStreamError(chunk, ctx));
    if (!sawChunk) {
      sawChunk = true;
      frames.id = completionId(chunk.responseId, ctx.requestId);
      if (typeof chunk.modelVersion === 'string') frames.model = chunk.modelVersion;
    }
    const list = Array.isArray(chunk.candidates) ? chunk.candidates : [];
    list.forEach((raw, position) => {
      if (isRecord(raw)) onCandidate(raw as GeminiCandidate, position);
    });
    if (list.length === 0 && isRecord(chunk.promptFeedback) && typeof chunk.promptFeedback.blockReason === 'string') {
      // The prompt was blocked before any candidate: an empty answer cut by the content filter.
      const state = candidate(0);
      if (!state.finished) {
        state.finished = true;
        emit(0, {}, 'content_filter', true, chunk.promptFeedback.blockReason);
      }
    }
    const seen = toUsage(chunk.usageMetadata);
    if (seen) {
      // Reported as it grows, so a stream that fails later is still accounted for.
      frames.reportUsage(seen);
    }
  };

  return {
    event: (event) => onData(event.data),
    end() {
      const states = [...candidates.values()];
      if (states.length === 0 || !states.every((s) => s.finished)) return 'it finished';
      frames.usageIfAsked(ctx.includeUsage);
      control.finish();
      return undefined;
    },
  };
}
