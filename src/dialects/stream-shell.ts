import type { EventSourceMessage } from 'eventsource-parser';
import type { AttemptContext, StreamSink, StreamTranslator } from './types.js';
import type { ProviderError } from '../errors/provider-error.js';
import { createSseDecoder } from '../internal/sse.js';
import { malformedAnswer, truncatedStream } from './failures.js';

/** Cuts an upstream body into events: SSE (internal/sse.ts), AWS event stream (bedrock/event-stream.ts). */
export interface EventDecoder {
  push(bytes: Uint8Array): void;
  /** Flushes a last event that had no terminator, where the format has one (SSE). */
  end?(): void;
  /** Bytes of an unfinished event still held, where the decoder can tell. */
  pending?(): number;
}

export type DecoderFactory<E> = (onEvent: (event: E) => void, onError: (error: Error) => void) => EventDecoder;

/** What a dialect's event mapper may do to its stream. */
export interface StreamControl {
  /** True once the stream failed or finished: no later event reaches the mapper, nothing more reaches the sink. */
  readonly over: boolean;
  /** Reports the stream's failure; only the first failure (or finish) counts. */
  fail(error: ProviderError): void;
  /** Fails the stream as malformed: `detail` says what the provider sent. */
  malformed(detail: string): void;
  /** The upstream finished properly: the sink hears `done`. */
  finish(): void;
}

/** A dialect's half of a stream translator: it maps its own events to OpenAI chunks and says when it is whole. */
export interface EventMapper<E> {
  event(event: E): void;
  /**
   * The body ended and the stream neither failed nor finished: finish it (`control.finish()`), or return the
   * terminator it lacked (`message_stop`), which makes it a truncated stream.
   */
  end(): string | undefined;
  /** Runs once, just before the failure reaches the sink (to account the usage seen so far). */
  beforeFail?(): void;
}

/**
 * The skeleton every stream translator shares: bytes go to the decoder until the stream is over, a failure is
 * reported once, a decoder error is a malformed answer, and a body that ends before the terminator is a
 * truncated stream. The per-event cost is one flag check and one call.
 */
class StreamShell<E> implements StreamTranslator, StreamControl {
  over = false;
  readonly #ctx: AttemptContext;
  readonly #sink: StreamSink;
  readonly #mapper: EventMapper<E>;
  readonly #decoder: EventDecoder;

  constructor(ctx: AttemptContext, sink: StreamSink, decode: DecoderFactory<E>, map: (control: StreamControl) => EventMapper<E>) {
    this.#ctx = ctx;
    this.#sink = sink;
    const mapper = map(this);
    this.#mapper = mapper;
    this.#decoder = decode(
      (event) => {
        if (!this.over) mapper.event(event);
      },
      (error) => this.malformed(`a broken event stream (${error.message})`),
    );
  }

  push(bytes: Uint8Array): void {
    if (!this.over) this.#decoder.push(bytes);
  }

  end(): void {
    if (this.over) return;
    this.#decoder.end?.();
    if (this.over) return;
    const missing = this.#mapper.end();
    if (missing === undefined) return;
    const cut = (this.#decoder.pending?.() ?? 0) > 0 ? ' (in the middle of an event)' : '';
    this.fail(truncatedStream(this.#ctx, missing + cut));
  }

  fail(error: ProviderError): void {
    if (this.over) return;
    this.over = true;
    this.#mapper.beforeFail?.();
    this.#sink.error(error);
  }

  malformed(detail: string): void {
    this.fail(malformedAnswer(this.#ctx, detail));
  }

  finish(): void {
    if (this.over) return;
    this.over = true;
    this.#sink.done();
  }
}

/** A stream translator over any event decoder; `map` builds the dialect's mapper with the stream's controls. */
export function translateEvents<E>(ctx: AttemptContext, sink: StreamSink, decode: DecoderFactory<E>, map: (control: StreamControl) => EventMapper<E>): StreamTranslator {
  return new StreamShell(ctx, sink, decode, map);
}

/** A stream translator over server-sent events, the framing of every dialect's stream but Bedrock's. */
export function translateSse(ctx: AttemptContext, sink: StreamSink, map: (control: StreamControl) => EventMapper<EventSourceMessage>): StreamTranslator {
  return new StreamShell(ctx, sink, createSseDecoder, map);
}
