import type { OpenAIErrorBody } from '../errors/gateway-error.js';

/** What a committed stream yields when read as an async iterable: chunk JSON texts, then possibly one error event. */
export type StreamItem = { type: 'chunk'; json: string } | { type: 'error'; error: OpenAIErrorBody };

/**
 * Who a committed stream pushes its chunks to (`forward`), in order, synchronously from the upstream's reads.
 * `error` or `end` comes last, once; `cancel()` on the stream ends it without either.
 */
export interface ChunkReceiver {
  /** One chunk's JSON text. False asks for a pause until the stream's `resume()`; the rest of one upstream read may still come. */
  chunk(json: string): boolean;
  /** The stream broke after it started: an OpenAI-style error event to send. */
  error(error: OpenAIErrorBody): void;
  /** The stream ended without an error (`completed` on the stream tells whether the upstream finished). */
  end(): void;
}

/** A stream that pushes its chunks (committed-stream.ts, continue-stream.ts). */
export interface Forwarding {
  /** Starts pushing to `receiver` (once per stream). */
  forward(receiver: ChunkReceiver): void;
  resume(): void;
  cancel(): Promise<void>;
}

/** Items read ahead of an async-iterating reader before the stream is paused; it resumes below the low mark. */
const HIGH_ITEMS = 64;
const LOW_ITEMS = 8;

/**
 * A pushing stream read as an async iterator (the SDK, the /v1/messages and Responses ingresses): bounded, the
 * stream is paused while HIGH_ITEMS wait unread. A reader that stops early (`return`) cancels the stream.
 */
export class ForwardedItems implements AsyncIterableIterator<StreamItem>, ChunkReceiver {
  readonly #items: StreamItem[] = [];
  #waiting: ((result: IteratorResult<StreamItem>) => void) | undefined;
  #started = false;
  #ended = false;
  #paused = false;

  constructor(private readonly stream: Forwarding) {}

  chunk(json: string): boolean {
    return this.#push({ type: 'chunk', json });
  }

  error(error: OpenAIErrorBody): void {
    this.#push({ type: 'error', error });
    this.end();
  }

  end(): void {
    this.#ended = true;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  #push(item: StreamItem): boolean {
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting({ value: item, done: false });
      return true;
    }
    this.#items.push(item);
    if (this.#items.length < HIGH_ITEMS) return true;
    this.#paused = true;
    return false;
  }

  next(): Promise<IteratorResult<StreamItem>> {
    if (!this.#started) {
      this.#started = true;
      this.stream.forward(this);
    }
    if (this.#items.length) {
      const item = this.#items.shift()!;
      if (this.#paused && this.#items.length <= LOW_ITEMS) {
        this.#paused = false;
        this.stream.resume();
      }
      return Promise.resolve({ value: item, done: false });
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  /** The reader left early: the stream is given up (its end reported once). */
  async return(): Promise<IteratorResult<StreamItem>> {
    this.#items.length = 0;
    if (!this.#ended) {
      this.#ended = true;
      await this.stream.cancel();
    }
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StreamItem> {
    return this;
  }
}
