import type { ChunkDelta, FinishReason, ToolCallDelta, Usage } from '../../types/chat.js';
import type { AttemptContext, StreamSink } from '../types.js';
import { mayStillBeNull } from './tool-arguments.js';
import { ChunkFrames } from '../chunk-frames.js';

/** One tool call being streamed: its OpenAI index and the argument text seen so far. */
interface OpenCall {
  index: number;
  text: string;
  /** Argument text has started going out (it cannot be a bare `null` any more). */
  released: boolean;
  closed: boolean;
}

/**
 * Writes OpenAI `chat.completion.chunk`s for one streamed answer and keeps the per-stream state they need:
 * the answer id, the OpenAI index of each Cohere tool call, held-back `null` arguments, and which kind of
 * reasoning (thinking or tool plan) went out last.
 */
export class ChunkWriter {
  readonly #frames: ChunkFrames;
  readonly #calls = new Map<number, OpenCall>();
  #lastCall: OpenCall | undefined;
  #reasoningFrom: 'thinking' | 'plan' | undefined;
  toolCallCount = 0;

  constructor(ctx: AttemptContext, sink: StreamSink) {
    this.#frames = new ChunkFrames(ctx, sink);
  }

  setId(id: string): void {
    this.#frames.id = id;
  }

  role(): void {
    this.#frames.role();
  }

  text(text: string): void {
    if (text !== '') this.#emit({ content: text }, null, true);
  }

  /** Thinking and tool-plan text both go to reasoning_content; a blank line separates the two kinds. */
  reasoning(text: string, from: 'thinking' | 'plan'): void {
    if (text === '') return;
    const separator = this.#reasoningFrom !== undefined && this.#reasoningFrom !== from ? '\n\n' : '';
    this.#reasoningFrom = from;
    this.#emit({ reasoning_content: separator + text }, null, true);
  }

  /** `tool-call-start`: id and name first (OpenAI's shape), then any arguments it already carries. */
  startCall(cohereIndex: number | undefined, id: string, name: string, initialArguments: string): void {
    const call: OpenCall = { index: this.toolCallCount++, text: '', released: false, closed: false };
    this.#calls.set(cohereIndex ?? -1 - call.index, call);
    this.#lastCall = call;
    this.#emitCall({ index: call.index, id, type: 'function', function: { name, arguments: '' } });
    this.appendArguments(cohereIndex, initialArguments);
  }

  /**
   * Argument text is passed on as it comes, except while everything so far could still be a bare `null`
   * (Cohere's "no arguments"): that is held back and sent as `{}` if the call ends that way.
   */
  appendArguments(cohereIndex: number | undefined, piece: string): void {
    const call = this.#find(cohereIndex);
    if (!call || call.closed || piece === '') return;
    call.text += piece;
    if (call.released) {
      this.#emitCall({ index: call.index, function: { arguments: piece } });
    } else if (!mayStillBeNull(call.text)) {
      call.released = true;
      this.#emitCall({ index: call.index, function: { arguments: call.text } });
    }
  }

  endCall(cohereIndex: number | undefined): void {
    const call = this.#find(cohereIndex);
    if (call) this.#close(call);
  }

  /** Closes calls whose `tool-call-end` never came, then sends the finish chunk. */
  finish(reason: FinishReason): void {
    for (const call of this.#calls.values()) this.#close(call);
    this.#emit({}, reason, true);
  }

  /** The usage-only chunk OpenAI sends last when the caller asked for `stream_options.include_usage`. */
  usageChunk(usage: Usage): void {
    this.#frames.usage(usage);
  }

  #close(call: OpenCall): void {
    if (call.closed) return;
    call.closed = true;
    if (call.released) return;
    const trimmed = call.text.trim();
    // Nothing or a bare `null`: a tool without arguments (see tool-arguments.ts).
    const args = trimmed === '' || trimmed === 'null' ? '{}' : call.text;
    this.#emitCall({ index: call.index, function: { arguments: args } });
  }

  #find(cohereIndex: number | undefined): OpenCall | undefined {
    return cohereIndex === undefined ? this.#lastCall : this.#calls.get(cohereIndex) ?? this.#lastCall;
  }

  #emitCall(call: ToolCallDelta): void {
    this.#emit({ tool_calls: [call] }, null, true);
  }

  #emit(delta: ChunkDelta, finish: FinishReason | null, content: boolean): void {
    this.#frames.delta(delta, finish, content);
  }
}
