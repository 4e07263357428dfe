import type { ChunkDelta, FinishReason, Usage } from '../types/chat.js';
import type { StreamSink } from './types.js';

/**
 * Writes the OpenAI `chat.completion.chunk` frames of one translated stream: every chunk carries the same id,
 * `created` and model, so a translator says only what changes (the delta, the finish reason).
 */
export class ChunkFrames {
  readonly #sink: StreamSink;
  readonly created: number;
  id: string;
  model: string;

  constructor(sink: StreamSink, id: string, model: string, created: number) {
    this.#sink = sink;
    this.id = id;
    this.model = model;
    this.created = created;
  }

  /** One choice's delta; `content` is true for answer content (the engine commits on the first). */
  delta(delta: ChunkDelta, finish: FinishReason | null, content: boolean, index = 0, nativeFinish?: string): void {
    const choice: Record<string, unknown> = { index, delta, finish_reason: finish };
    if (nativeFinish !== undefined) choice.native_finish_reason = nativeFinish;
    this.#sink.frame(JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [choice] }), content);
  }

  /** The first chunk, naming the role: not content, so the attempt can still move on. */
  role(index = 0): void {
    this.delta({ role: 'assistant', content: '' }, null, false, index);
  }

  /** The usage-only chunk OpenAI sends last when the caller asked for `stream_options.include_usage`. */
  usage(usage: Usage): void {
    this.#sink.frame(JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage }), false);
  }
}
