import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptContext, Dialect, StreamSink, StreamTranslator, Transport } from '../dialects/types.js';
import type { Usage } from '../types/chat.js';
import { ProviderError } from '../errors/provider-error.js';
import { attemptFailure } from './upstream-failure.js';
import { sendAttempt } from './run-completion.js';
import { chatOf } from '../dialects/chat-of.js';
import type { AttemptSignal } from './attempt-signal.js';

/** An event of a translated upstream stream, in order. */
export type UpstreamEvent =
  | { type: 'frame'; json: string; content: boolean }
  | { type: 'error'; error: ProviderError }
  | { type: 'done' };

/** The events of one streamed attempt: read with `next()` until done; `return()` gives the rest up. */
export interface UpstreamEvents {
  next(): Promise<IteratorResult<UpstreamEvent, undefined>>;
  return(): Promise<IteratorResult<UpstreamEvent, undefined>>;
}

/**
 * Opens a streamed attempt and returns its events as an async iterator.
 * Usage seen on the way is reported through `onUsage`.
 */
export async function openStreamAttempt(
  dialect: Dialect,
  ctx: AttemptContext,
  transport: Transport,
  attempt: AttemptSignal,
  onUsage: (usage: Usage) => void,
  onHeaders?: (headers: IncomingHttpHeaders) => void,
): Promise<UpstreamEvents> {
  const response = await sendAttempt(dialect, ctx, transport, attempt);
  onHeaders?.(response.headers);
  return new TranslatedEvents(response.body[Symbol.asyncIterator](), (sink) => chatOf(dialect, ctx).createStreamTranslator(ctx, sink), onUsage, (error) => attemptFailure(error, ctx, attempt));
}

const DONE: IteratorResult<UpstreamEvent, undefined> = { value: undefined, done: true };

/**
 * The translated events of a response body. Written out rather than as an async generator: a generator costs
 * several promise hops per event, and every chunk of every stream passes here.
 */
class TranslatedEvents implements UpstreamEvents {
  readonly #queue: UpstreamEvent[] = [];
  /** Read position in #queue (cleared once all of it was read, so no shift() per event). */
  #read = 0;
  readonly #translator: StreamTranslator;
  /** The terminator came: the rest of the body is drained, so the connection goes back to the pool. */
  #finished = false;
  /** The body ended (its end was read). */
  #bodyDone = false;
  /** An error event or the end was handed out: nothing more comes. */
  #over = false;
  readonly #onChunk = (result: IteratorResult<Uint8Array>): Promise<IteratorResult<UpstreamEvent, undefined>> | IteratorResult<UpstreamEvent, undefined> => {
    if (this.#over) return DONE;
    if (result.done) return this.#bodyEnded();
    if (!this.#finished) this.#translator.push(result.value);
    return this.#take() ?? this.#pull();
  };
  readonly #onFailure = (error: unknown): IteratorResult<UpstreamEvent, undefined> => {
    if (this.#over) return DONE;
    this.#queue.length = 0;
    this.#read = 0;
    if (this.#finished) return this.#finish();
    this.#over = true;
    return { value: { type: 'error', error: this.failure(error) }, done: false };
  };

  constructor(
    private readonly body: AsyncIterator<Uint8Array>,
    translator: (sink: StreamSink) => StreamTranslator,
    onUsage: (usage: Usage) => void,
    private readonly failure: (error: unknown) => ProviderError,
  ) {
    const queue = this.#queue;
    this.#translator = translator({
      frame: (json, content) => { queue.push({ type: 'frame', json, content }); },
      usage: onUsage,
      error: (error) => { queue.push({ type: 'error', error }); },
      done: () => { queue.push({ type: 'done' }); },
    });
  }

  next(): Promise<IteratorResult<UpstreamEvent, undefined>> {
    if (this.#over) return Promise.resolve(DONE);
    const ready = this.#take();
    return ready ? Promise.resolve(ready) : this.#pull();
  }

  /** Gives the rest up: the body's reader stops (undici then aborts a response still coming). */
  async return(): Promise<IteratorResult<UpstreamEvent, undefined>> {
    if (!this.#over) {
      this.#over = true;
      this.#queue.length = 0;
      await this.body.return?.();
    }
    return DONE;
  }

  #pull(): Promise<IteratorResult<UpstreamEvent, undefined>> {
    return this.body.next().then(this.#onChunk, this.#onFailure);
  }

  /** The next queued event, if any; an error ends the events (the body is given up), a terminator starts the drain. */
  #take(): IteratorResult<UpstreamEvent, undefined> | undefined {
    const queue = this.#queue;
    if (this.#read >= queue.length) {
      if (this.#read) {
        queue.length = 0;
        this.#read = 0;
      }
      return undefined;
    }
    const event = queue[this.#read++]!;
    if (event.type === 'done') {
      this.#finished = true;
      // Nothing after the terminator is read.
      queue.length = 0;
      this.#read = 0;
    } else if (event.type === 'error') {
      this.#over = true;
      void this.body.return?.();
    }
    return { value: event, done: false };
  }

  #bodyEnded(): IteratorResult<UpstreamEvent, undefined> {
    // Frames the translator flushed at the end were handed out one by one; once they are, nothing more comes.
    if (this.#bodyDone) return this.#finish();
    this.#bodyDone = true;
    if (!this.#finished) this.#translator.end();
    const ready = this.#finished ? undefined : this.#take();
    if (ready) {
      // After the body's end only frames are followed by more; a done or an error is the last event.
      if (ready.value!.type === 'done') this.#over = true;
      return ready;
    }
    return this.#finish();
  }

  #finish(): IteratorResult<UpstreamEvent, undefined> {
    this.#over = true;
    return DONE;
  }
}
