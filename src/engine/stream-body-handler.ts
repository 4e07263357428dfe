import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { WireResponse } from '../dialects/types.js';
import type { CancelSignal } from '../internal/cancel.js';
import { SignalledHandler } from './signalled-handler.js';
import { headersOf, type RawHeaders } from './raw-headers.js';

/**
 * What is read ahead of the consumer before the upstream socket is paused, in chunks or in bytes, whichever comes
 * first; reading resumes below both low marks. A consumer that waits on a client that does not read holds at
 * most this much (by chunks alone, 64 socket reads: about 2 MiB measured per unread stream).
 */
const HIGH_CHUNKS = 64;
const LOW_CHUNKS = 8;
export const HIGH_READ_AHEAD_BYTES = 256 * 1024;
const LOW_READ_AHEAD_BYTES = 64 * 1024;

/**
 * An undici dispatch handler that hands a response body over chunk by chunk, as an async iterable read straight
 * from `onData`. undici's `request()` puts a Readable stream (and its async iterator, its events and its nextTicks)
 * between the socket and the reader on every chunk; a stream's pass-through needs none of that.
 * It also tells the attempt's signal when the request is written on a connection (`dispatched()`).
 *
 * Like the whole-answer handler it speaks undici's original handler interface, which undici 7 calls directly: a
 * handler of the newer kind is wrapped in an object that keeps the raw header list for the life of the response
 * (a stream's: seconds to minutes, a thousand at once) besides the parsed copy. Here the list is parsed once and
 * dropped; a paused socket is resumed with the function undici gives with the headers.
 */
export class StreamBodyHandler extends SignalledHandler implements Dispatcher.DispatchHandler {
  readonly #body = new ChunkBody();
  #headersSettled = false;

  constructor(
    signal: CancelSignal,
    private readonly resolve: (response: WireResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    super(signal);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.#body.abortRequest = abort;
    this.connected();
  }

  protected abortRequest(reason: Error): void {
    this.#body.abortRequest!(reason);
  }

  protected abortedBeforeStart(reason: Error): void {
    this.#fail(reason);
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    // 1xx informational responses come before the real one.
    if (status < 200 || this.#headersSettled) return true;
    this.#headersSettled = true;
    this.#body.resumeSocket = resume;
    this.resolve(new StreamResponse(status, raw, this.#body));
    return true;
  }

  onData(chunk: Buffer): boolean {
    return this.#body.push(chunk);
  }

  onComplete(): void {
    this.stopListening();
    this.#body.end();
  }

  onError(error: Error): void {
    this.#fail(error);
  }

  #fail(error: Error): void {
    this.stopListening();
    if (!this.#headersSettled) {
      this.#headersSettled = true;
      this.reject(error);
    }
    this.#body.fail(error);
  }
}

/** A streamed response, its headers parsed once from undici's raw list (which is not kept). */
class StreamResponse implements WireResponse {
  readonly headers: IncomingHttpHeaders;

  constructor(readonly status: number, raw: RawHeaders, readonly body: ChunkBody) {
    this.headers = headersOf(raw);
  }
}

/** Who a body pushes its chunks to (`listen`), in order; `end` or `error` comes last, once. */
export interface BodyListener {
  data(chunk: Uint8Array): void;
  end(): void;
  error(error: Error): void;
}

/** The listener's hold on a pushed body. */
export interface BodyFlow {
  /** No more chunks until resume(): they wait here (a bounded few) and the upstream socket is paused. */
  pause(): void;
  resume(): void;
  /** The rest is not wanted: an unfinished response is aborted (its connection is not reused). */
  abandon(): void;
}

/**
 * A response body as an async iterable of chunks, bounded: the socket is paused while too much waits unread.
 * A stream's pass-through takes the chunks pushed instead (`listen`): no promise per chunk.
 */
class ChunkBody implements AsyncIterableIterator<Uint8Array>, BodyFlow {
  /** Aborts the request on its connection (undici's onConnect). */
  abortRequest: ((reason: Error) => void) | undefined;
  /** Resumes a socket paused by `push` returning false (undici's onHeaders). */
  resumeSocket: (() => void) | undefined;
  /** `push` returned false: undici stopped reading the socket until `resumeSocket()`. */
  #socketPaused = false;
  #chunks: Buffer[] = [];
  #bytes = 0;
  #ended = false;
  #error: Error | undefined;
  #waiting: { resolve: (result: IteratorResult<Uint8Array>) => void; reject: (error: Error) => void } | undefined;
  #listener: BodyListener | undefined;
  #paused = false;
  /** The listener was told the end (or the error): nothing more reaches it. */
  #told = false;

  /** Takes a chunk from the socket; false asks undici to stop reading it until `resumeSocket()`. */
  push(chunk: Buffer): boolean {
    if (this.#listener && !this.#paused && this.#chunks.length === 0) {
      this.#listener.data(chunk);
      return true;
    }
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting.resolve({ value: chunk, done: false });
      return true;
    }
    this.#chunks.push(chunk);
    this.#bytes += chunk.length;
    if (this.#paused || this.#chunks.length >= HIGH_CHUNKS || this.#bytes >= HIGH_READ_AHEAD_BYTES) this.#socketPaused = true;
    return !this.#socketPaused;
  }

  /** Bytes read ahead of the consumer, and whether the socket is paused for them. */
  get readAhead(): { bytes: number; paused: boolean } {
    return { bytes: this.#bytes, paused: this.#socketPaused };
  }

  #resumeSocket(): void {
    if (!this.#socketPaused) return;
    this.#socketPaused = false;
    this.resumeSocket?.();
  }

  end(): void {
    this.#ended = true;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.resolve({ value: undefined, done: true });
    if (this.#listener && !this.#paused && this.#chunks.length === 0) this.#tell();
  }

  fail(error: Error): void {
    if (this.#ended || this.#error) return;
    this.#error = error;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(error);
    // An error is told at once, even while paused: what waits is dropped (the response is broken anyway).
    if (this.#listener) {
      this.#chunks = [];
      this.#bytes = 0;
      this.#tell();
    }
  }

  /** Pushes every chunk (those that waited first) to `listener` from the first resume() on. */
  listen(listener: BodyListener): BodyFlow {
    this.#listener = listener;
    this.#paused = true;
    return this;
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#flush();
  }

  abandon(): void {
    this.#told = true;
    void this.return();
  }

  #flush(): void {
    while (this.#chunks.length && !this.#paused && !this.#told) {
      const chunk = this.#chunks.shift()!;
      this.#bytes -= chunk.length;
      this.#listener!.data(chunk);
    }
    if (this.#chunks.length === 0 && !this.#paused) this.#resumeSocket();
    if (this.#chunks.length === 0 && !this.#paused && (this.#ended || this.#error)) this.#tell();
  }

  #tell(): void {
    if (this.#told) return;
    this.#told = true;
    if (this.#error) this.#listener!.error(this.#error);
    else this.#listener!.end();
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.#chunks.length) {
      const chunk = this.#chunks.shift()!;
      this.#bytes -= chunk.length;
      if (this.#chunks.length <= LOW_CHUNKS && this.#bytes <= LOW_READ_AHEAD_BYTES) this.#resumeSocket();
      return Promise.resolve({ value: chunk, done: false });
    }
    if (this.#error) return Promise.reject(this.#error);
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  /** The reader stopped early: the rest of the response is not wanted, so the request is aborted (as undici's body does). */
  return(): Promise<IteratorResult<Uint8Array>> {
    this.#chunks = [];
    this.#bytes = 0;
    if (!this.#ended && !this.#error) {
      this.fail(new Error('response body abandoned by its reader'));
      this.abortRequest?.(this.#error!);
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return this;
  }

  async text(): Promise<string> {
    return (await this.#whole()).toString('utf8');
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#whole();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async dump(): Promise<void> {
    for await (const _ of this) { /* read to the end, so the connection goes back to the pool */ }
  }

  async #whole(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }
}
