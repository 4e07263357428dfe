import type { Usage } from '../types/chat.js';
import type { AttemptContext, Dialect, Transport } from '../dialects/types.js';
import { GatewayError, type OpenAIErrorBody } from '../errors/gateway-error.js';
import { ProviderError } from '../errors/provider-error.js';
import type { AttemptSignal } from './attempt-signal.js';
import { ClientCancel } from '../internal/cancel.js';
import { openStreamAttempt, type UpstreamReceiver, type UpstreamStream } from './run-stream.js';
import { ForwardedItems, type ChunkReceiver, type Forwarding, type StreamItem } from './forwarded-items.js';
import { rateLimitHeaders } from './rate-limit-headers.js';

/**
 * Bounds of what is held back before the first content event (role chunks, empty deltas). A real stream has a
 * handful; an upstream that floods such chunks is broken, and is treated as such before it fills memory.
 */
export const MAX_HELD_FRAMES = 1024;
export const MAX_HELD_BYTES = 1024 * 1024;
/** Chunks waiting for a receiver (or for one that asked for a pause) before the upstream is paused; resumed below the low mark. */
const HIGH_WAITING = 64;
const LOW_WAITING = 8;

export type { StreamItem } from './forwarded-items.js';

export interface ChatStream extends AsyncIterable<StreamItem>, Forwarding {
  /** Usage seen so far (complete once the stream has ended; partial when the stream broke). */
  readonly usage: Usage | undefined;
  /** True once the upstream finished properly. */
  readonly completed: boolean;
  /** The serving provider's rate-limit headers, for the caller. */
  readonly rateLimits?: Record<string, string> | undefined;
  /**
   * Gives the stream up, read or not (its response could not even start, or its reader left): the upstream is
   * cancelled, the attempt released and the end reported, exactly once.
   */
  cancel(): Promise<void>;
}

export interface StreamHooks {
  redact(text: string): string;
  /** The stream broke after it was committed (for health and the log). */
  onLateFailure(error: ProviderError): void;
  /** The stream ended, properly or not. */
  onEnd(stream: ChatStream): void;
  /** Longest a committed stream may run (timeouts.streamMs); past it the upstream is cancelled. */
  streamLimitMs?: number;
}

/**
 * Reads a stream up to its first content event. A failure before it throws (the executor moves on and the
 * caller has seen nothing); from that event on, the stream belongs to the caller.
 */
export async function openCommittedStream(
  dialect: Dialect,
  ctx: AttemptContext,
  transport: Transport,
  attempt: AttemptSignal,
  hooks: StreamHooks,
): Promise<ChatStream> {
  const usage: { value: Usage | undefined } = { value: undefined };
  let rateLimits: Record<string, string> | undefined;
  const upstream = await openStreamAttempt(dialect, ctx, transport, attempt, (u) => { usage.value = u; }, (headers) => { rateLimits = rateLimitHeaders(headers); });
  return new Promise<ChatStream>((resolve, reject) => {
    const held: string[] = [];
    let heldBytes = 0;
    const commit = (completed: boolean) => {
      // Committed: the attempt timeout no longer applies (the constructor sets the stream's limit in its place);
      // the idle timeout still guards the rest.
      resolve(new CommittedStream(upstream, held, completed, usage, rateLimits, ctx, attempt, hooks));
    };
    upstream.listen({
      frame(json, content) {
        held.push(json);
        if (content) return commit(false);
        heldBytes += json.length;
        if (held.length > MAX_HELD_FRAMES || heldBytes > MAX_HELD_BYTES) {
          upstream.cancel();
          reject(floodedBeforeContent(ctx, held.length, heldBytes));
        }
      },
      error: reject,
      done: () => commit(true),
      // A body ends after `done` or an error, both of which settled the promise already.
      end: () => undefined,
    });
  });
}

/** How a committed stream ended: broken (the caller gets an error event), or not. */
type LastWord = { error: ProviderError | undefined };

/**
 * A stream from its first content on: chunks go straight from the upstream's reads to the receiver (`forward`);
 * until there is one, or while it asks for a pause, they wait here and the upstream is paused past HIGH_WAITING.
 */
class CommittedStream implements ChatStream, UpstreamReceiver {
  readonly rateLimits: Record<string, string> | undefined;
  completed: boolean;
  /** Chunks not yet given to the receiver (the held ones first). */
  #waiting: string[];
  /** The stream's last word, once it came: given to the receiver after the chunks that wait. */
  #last: LastWord | undefined;
  #receiver: ChunkReceiver | undefined;
  #paused = false;
  #upstreamPaused = false;
  #ended = false;
  #items: ForwardedItems | undefined;
  #overdue: ProviderError | undefined;

  constructor(
    private readonly upstream: UpstreamStream,
    held: string[],
    completed: boolean,
    private readonly usageSeen: { value: Usage | undefined },
    rateLimits: Record<string, string> | undefined,
    private readonly ctx: AttemptContext,
    private readonly attempt: AttemptSignal,
    private readonly hooks: StreamHooks,
  ) {
    this.#waiting = held;
    this.completed = completed;
    this.rateLimits = rateLimits;
    // The idle timeout does not end a stream that drips forever: an overall limit does, on the attempt's clock.
    const limitMs = hooks.streamLimitMs;
    if (limitMs === undefined) attempt.disarm();
    else attempt.streamUntil(limitMs, () => this.#tooLong(limitMs));
    upstream.listen(this);
  }

  #tooLong(limitMs: number): void {
    this.#overdue = streamTooLong(this.ctx, limitMs);
    const signal = this.attempt.signal;
    if (signal instanceof ClientCancel) signal.cancel(this.#overdue);
  }

  get usage(): Usage | undefined {
    return this.usageSeen.value;
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamItem> {
    this.#items ??= new ForwardedItems(this);
    return this.#items;
  }

  forward(receiver: ChunkReceiver): void {
    if (this.#receiver) throw new Error('a committed stream is forwarded once');
    this.#receiver = receiver;
    this.#flush();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#flush();
  }

  async cancel(): Promise<void> {
    this.#end();
  }

  // The upstream's events (UpstreamReceiver).
  frame(json: string): void {
    if (this.#ended) return;
    const receiver = this.#receiver;
    if (receiver && !this.#paused && this.#waiting.length === 0) {
      if (!receiver.chunk(json)) this.#paused = true;
      return;
    }
    this.#waiting.push(json);
    if (this.#waiting.length >= HIGH_WAITING && !this.#upstreamPaused) {
      this.#upstreamPaused = true;
      this.upstream.pause();
    }
  }

  done(): void {
    this.completed = true;
  }

  end(): void {
    this.#close({ error: undefined });
  }

  error(error: ProviderError): void {
    this.#close({ error: this.#overdue ?? error });
  }

  #close(last: LastWord): void {
    if (this.#ended || this.#last) return;
    this.#last = last;
    this.#flush();
  }

  #flush(): void {
    const receiver = this.#receiver;
    if (!receiver || this.#ended) return;
    const waiting = this.#waiting;
    let given = 0;
    while (given < waiting.length && !this.#paused && !this.#ended) {
      if (!receiver.chunk(waiting[given++]!)) this.#paused = true;
    }
    if (given) waiting.splice(0, given);
    if (this.#upstreamPaused && waiting.length <= LOW_WAITING && !this.#paused) {
      this.#upstreamPaused = false;
      this.upstream.resume();
    }
    const last = this.#last;
    if (!last || waiting.length || this.#paused || this.#ended) return;
    // The failure is told when the caller reaches it: by then the route has recorded the attempt that served,
    // which the failure then marks (a stream can break in the very read that committed it).
    if (last.error) this.hooks.onLateFailure(last.error);
    this.#end();
    if (last.error) receiver.error(lateErrorBody(last.error, this.hooks.redact));
    else receiver.end();
  }

  /** Once: the limit timer cleared, the attempt released, an unfinished upstream given up, the end reported. */
  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#waiting = [];
    // Clears the stream's limit with the attempt's timer (streamUntil).
    this.attempt.release();
    this.upstream.cancel();
    this.hooks.onEnd(this);
  }
}

/** The upstream sent more non-content events than any real stream does before its first content. */
function floodedBeforeContent(ctx: AttemptContext, frames: number, chars: number): ProviderError {
  return new ProviderError({
    errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'malformed_response',
    message: `${ctx.provider.entry.name} sent ${frames} stream events (${chars} characters) without any content; `
      + `the limit before the first content is ${MAX_HELD_FRAMES} events or ${MAX_HELD_BYTES} characters`,
  });
}

function streamTooLong(ctx: AttemptContext, limitMs: number): ProviderError {
  return new ProviderError({
    errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'stream_timeout',
    message: `${ctx.provider.entry.name} was still streaming after ${limitMs} ms, the longest a stream may run (timeouts.streamMs)`,
  });
}

/** An OpenAI-style error event for a stream that broke after it started. */
function lateErrorBody(error: ProviderError, redact: (text: string) => string): OpenAIErrorBody {
  return new GatewayError(error.status ?? 502, `${error.provider}: ${redact(error.message)} (the answer was cut off)`, {
    type: 'server_error',
    code: error.code ?? error.errorClass,
    details: { provider: error.provider, error_class: error.errorClass },
  }).toBody();
}
