import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptContext, Dialect, StreamSink, StreamTranslator, Transport, WireResponse } from '../dialects/types.js';
import type { Usage } from '../types/chat.js';
import { ProviderError } from '../errors/provider-error.js';
import { attemptFailure } from './upstream-failure.js';
import { sendAttempt } from './run-completion.js';
import { chatOf } from '../dialects/chat-of.js';
import type { AttemptSignal } from './attempt-signal.js';
import type { BodyFlow, BodyListener } from './stream-body-handler.js';

/**
 * Who hears a translated upstream stream, in order: frames; then either `error` (the last call), or `done` (the
 * upstream finished properly) followed by `end` once the rest of the body is drained. A body that ends without
 * either is translated into one of them (a truncated stream is an error).
 */
export interface UpstreamReceiver {
  frame(json: string, content: boolean): void;
  error(error: ProviderError): void;
  done(): void;
  end(): void;
}

/**
 * Opens a streamed attempt; its translated events are pushed to the receiver given to `listen`, synchronously from
 * the upstream's reads (no promise or generator turn per chunk). Usage seen on the way is reported through `onUsage`.
 */
export async function openStreamAttempt(
  dialect: Dialect,
  ctx: AttemptContext,
  transport: Transport,
  attempt: AttemptSignal,
  onUsage: (usage: Usage) => void,
  onHeaders?: (headers: IncomingHttpHeaders) => void,
): Promise<UpstreamStream> {
  const response = await sendAttempt(dialect, ctx, transport, attempt);
  onHeaders?.(response.headers);
  return new UpstreamStream(response.body, (sink) => chatOf(dialect, ctx).createStreamTranslator(ctx, sink), onUsage, (error) => attemptFailure(error, ctx, attempt));
}

/** One attempt's upstream body, translated event by event as its bytes arrive. */
export class UpstreamStream implements BodyListener {
  #receiver: UpstreamReceiver | undefined;
  #flow: BodyFlow | undefined;
  readonly #translator: StreamTranslator;
  /** The upstream finished properly; the rest of the body is only drained, so the connection goes back to the pool. */
  #finished = false;
  /** The receiver heard its last call (error or end), or the stream was given up. */
  #over = false;

  constructor(
    private readonly body: WireResponse['body'],
    translator: (sink: StreamSink) => StreamTranslator,
    onUsage: (usage: Usage) => void,
    private readonly failure: (error: unknown) => ProviderError,
  ) {
    // The translator's sink, made once per stream.
    this.#translator = translator({
      frame: (json, content) => {
        if (!this.#over) this.#receiver!.frame(json, content);
      },
      usage: onUsage,
      error: (error) => {
        if (this.#over) return;
        this.#over = true;
        this.#flow!.abandon();
        this.#receiver!.error(error);
      },
      done: () => {
        if (this.#over || this.#finished) return;
        this.#finished = true;
        this.#receiver!.done();
      },
    });
  }

  /** Starts the flow of events to `receiver`; a later call hands the rest of the stream to another receiver. */
  listen(receiver: UpstreamReceiver): void {
    this.#receiver = receiver;
    if (this.#flow) return;
    // The flow is known before its first chunk comes: a translator may give the body up on that chunk.
    this.#flow = flowOf(this.body, this);
    this.#flow.resume();
  }

  pause(): void {
    this.#flow?.pause();
  }

  resume(): void {
    this.#flow?.resume();
  }

  /** Gives the stream up: an unfinished body is aborted; a finished one is still drained, unheard. */
  cancel(): void {
    if (this.#over) return;
    this.#over = true;
    if (!this.#finished) this.#flow?.abandon();
  }

  // The body's chunks (BodyListener).
  data(bytes: Uint8Array): void {
    if (!this.#over && !this.#finished) this.#translator.push(bytes);
  }

  end(): void {
    if (this.#over) return;
    if (!this.#finished) this.#translator.end();
    // The translator ended it properly (done) or not (error, which ends it already).
    if (this.#over) return;
    this.#over = true;
    this.#receiver!.end();
  }

  error(error: Error): void {
    if (this.#over) return;
    this.#over = true;
    if (this.#finished) this.#receiver!.end();
    else this.#receiver!.error(this.failure(error));
  }
}

/** A body's chunks pushed to `listener`, paused until its first resume(): straight from the transport's handler, or read in a loop from any other body. */
function flowOf(body: WireResponse['body'], listener: BodyListener): BodyFlow {
  const pushed = body as Partial<{ listen(listener: BodyListener): BodyFlow }>;
  if (typeof pushed.listen === 'function') return pushed.listen(listener);
  return new PumpedBody(body, listener);
}

/** A body read with its async iterator (transports other than the HTTP one), with the same pause and abandon. */
class PumpedBody implements BodyFlow {
  readonly #iterator: AsyncIterator<Uint8Array>;
  #paused: { promise: Promise<void>; resolve: () => void } | undefined;
  #abandoned = false;

  constructor(body: AsyncIterable<Uint8Array>, private readonly listener: BodyListener) {
    this.#iterator = body[Symbol.asyncIterator]();
    this.pause();
    void this.#pump();
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        if (this.#paused) await this.#paused.promise;
        if (this.#abandoned) return;
        const next = await this.#iterator.next();
        if (this.#abandoned) return;
        if (next.done) return this.listener.end();
        this.listener.data(next.value);
      }
    } catch (error) {
      if (!this.#abandoned) this.listener.error(error instanceof Error ? error : new Error(String(error)));
    }
  }

  pause(): void {
    if (this.#paused) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => { resolve = r; });
    this.#paused = { promise, resolve };
  }

  resume(): void {
    const paused = this.#paused;
    this.#paused = undefined;
    paused?.resolve();
  }

  abandon(): void {
    if (this.#abandoned) return;
    this.#abandoned = true;
    this.resume();
    void this.#iterator.return?.()?.catch(() => undefined);
  }
}
