import type { Usage } from '../types/chat.js';
import type { AttemptContext, Dialect, Transport } from '../dialects/types.js';
import { GatewayError, type OpenAIErrorBody } from '../errors/gateway-error.js';
import { ProviderError } from '../errors/provider-error.js';
import type { AttemptSignal } from './attempt-signal.js';
import { ClientCancel } from '../internal/cancel.js';
import { openStreamAttempt, type UpstreamEvent } from './run-stream.js';
import { rateLimitHeaders } from './rate-limit-headers.js';

/**
 * Bounds of what is held back before the first content event (role chunks, empty deltas). A real stream has a
 * handful; an upstream that floods such chunks is broken, and is treated as such before it fills memory.
 */
export const MAX_HELD_FRAMES = 1024;
export const MAX_HELD_BYTES = 1024 * 1024;

/** What a committed stream yields: chunk JSON texts, then possibly one error event. */
export type StreamItem = { type: 'chunk'; json: string } | { type: 'error'; error: OpenAIErrorBody };

export interface ChatStream extends AsyncIterable<StreamItem> {
  /** Usage seen so far (complete once the iteration ends; partial when the stream broke). */
  readonly usage: Usage | undefined;
  /** True once the upstream finished properly. */
  readonly completed: boolean;
  /** The serving provider's rate-limit headers, for the caller. */
  readonly rateLimits?: Record<string, string> | undefined;
  /**
   * Gives the stream up, read or not (its response could not even start): the upstream is cancelled, the
   * attempt released and the end reported, exactly once.
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
  let usage: Usage | undefined;
  let rateLimits: Record<string, string> | undefined;
  const events = await openStreamAttempt(dialect, ctx, transport, attempt, (u) => { usage = u; }, (headers) => { rateLimits = rateLimitHeaders(headers); });
  const held: string[] = [];
  let heldBytes = 0;
  let first: UpstreamEvent | undefined;
  try {
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      const event = next.value;
      if (event.type === 'error') throw event.error;
      if (event.type === 'done' || event.content) {
        first = event;
        break;
      }
      heldBytes += event.json.length;
      if (held.length >= MAX_HELD_FRAMES || heldBytes > MAX_HELD_BYTES) throw floodedBeforeContent(ctx, held.length + 1, heldBytes);
      held.push(event.json);
    }
  } catch (error) {
    await events.return();
    throw error;
  }
  // Committed: the attempt timeout no longer applies; the idle timeout still guards the rest.
  attempt.disarm();
  let completed = first?.type === 'done';
  // The idle timeout does not end a stream that drips forever: an overall limit does, on the injected clock.
  let overdue: ProviderError | undefined;
  const limitMs = hooks.streamLimitMs;
  const limitTimer = limitMs === undefined ? undefined : ctx.clock.setTimeout(() => {
    overdue = streamTooLong(ctx, limitMs);
    const signal = attempt.signal;
    if (signal instanceof ClientCancel) signal.cancel(overdue);
  }, limitMs);
  let ended = false;
  const end = async () => {
    if (ended) return;
    ended = true;
    if (limitTimer !== undefined) ctx.clock.clearTimeout(limitTimer);
    attempt.release();
    await events.return();
    hooks.onEnd(stream);
  };
  const stream: ChatStream = {
    [Symbol.asyncIterator]: () => iterable,
    get usage() { return usage; },
    get completed() { return completed; },
    rateLimits,
    async cancel() {
      // A generator never started skips its `finally` on return(): the end is then reported here.
      await iterable.return(undefined);
      await end();
    },
  };
  async function* items(): AsyncGenerator<StreamItem> {
    try {
      for (const json of held) yield { type: 'chunk', json };
      if (first?.type === 'frame') yield { type: 'chunk', json: first.json };
      for await (const event of events) {
        if (event.type === 'frame') yield { type: 'chunk', json: event.json };
        else if (event.type === 'done') completed = true;
        else {
          const error = overdue ?? event.error;
          hooks.onLateFailure(error);
          yield { type: 'error', error: lateErrorBody(error, hooks.redact) };
          return;
        }
      }
    } finally {
      await end();
    }
  }
  const iterable = items();
  return stream;
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
