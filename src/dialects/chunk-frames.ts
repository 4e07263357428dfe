import type { ChunkDelta, FinishReason, Usage } from '../types/chat.js';
import type { AttemptContext, StreamSink } from './types.js';

/**
 * Writes the OpenAI `chat.completion.chunk` frames of one translated stream: every chunk carries the same id,
 * `created` and model, so a translator says only what changes (the delta, the finish reason).
 */
export class ChunkFrames {
  readonly #sink: StreamSink;
  readonly created: number;
  id: string;
  model: string;
  /** The last usage the provider reported. */
  reportedUsage: Usage | undefined;
  #roleSent = false;

  /** Frames of the attempt's upstream model, created now, with an id made from the request id until one is known. */
  constructor(ctx: AttemptContext, sink: StreamSink, id = `chatcmpl-${ctx.requestId}`) {
    this.#sink = sink;
    this.id = id;
    this.model = ctx.upstreamModel;
    this.created = Math.floor(ctx.clock.now() / 1000);
  }

  /** One choice's delta; `content` is true for answer content (the engine commits on the first). */
  delta(delta: ChunkDelta, finish: FinishReason | null, content: boolean, index = 0, nativeFinish?: string): void {
    const choice: Record<string, unknown> = { index, delta, finish_reason: finish };
    if (nativeFinish !== undefined) choice.native_finish_reason = nativeFinish;
    this.#sink.frame(JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [choice] }), content);
  }

  /** The first chunk, naming the role: not content, so the attempt can still move on. */
  role(index = 0): void {
    this.#roleSent = true;
    this.delta({ role: 'assistant', content: '' }, null, false, index);
  }

  get roleSent(): boolean {
    return this.#roleSent;
  }

  /** The role chunk of choice 0, unless it went out already. */
  roleOnce(): void {
    if (!this.#roleSent) this.role();
  }

  /** Usage as the provider reports it: accounted at once (a stream that fails later still counts), kept for the end. */
  reportUsage(usage: Usage): void {
    this.reportedUsage = usage;
    this.#sink.usage(usage);
  }

  /** At the end of an answer: the usage chunk with the last usage reported, when the caller asked for it. */
  usageIfAsked(includeUsage: boolean): void {
    if (this.reportedUsage && includeUsage) this.usage(this.reportedUsage);
  }

  /** The usage-only chunk OpenAI sends last when the caller asked for `stream_options.include_usage`. */
  usage(usage: Usage): void {
    this.#sink.frame(JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [], usage }), false);
  }
}
