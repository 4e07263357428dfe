import type { Usage } from '../types/chat.js';
import type { AttemptContext, Dialect, Transport } from '../dialects/types.js';
import { GatewayError, type OpenAIErrorBody } from '../errors/gateway-error.js';
import type { ProviderError } from '../errors/provider-error.js';
import type { AttemptSignal } from './attempt-signal.js';
import { openStreamAttempt, type UpstreamEvent } from './run-stream.js';
import { rateLimitHeaders } from './rate-limit-headers.js';

/** What a committed stream yields: chunk JSON texts, then possibly one error event. */
export type StreamItem = { type: 'chunk'; json: string } | { type: 'error'; error: OpenAIErrorBody };

export interface ChatStream extends AsyncIterable<StreamItem> {
  /** Usage seen so far (complete once the iteration ends; partial when the stream broke). */
  readonly usage: Usage | undefined;
  /** True once the upstream finished properly. */
  readonly completed: boolean;
  /** The serving provider's rate-limit headers, for the caller. */
  readonly rateLimits?: Record<string, string> | undefined;
}

export interface StreamHooks {
  redact(text: string): string;
  /** The stream broke after it was committed (for health and the log). */
  onLateFailure(error: ProviderError): void;
  /** The stream ended, properly or not. */
  onEnd(stream: ChatStream): void;
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
      held.push(event.json);
    }
  } catch (error) {
    await events.return();
    throw error;
  }
  // Committed: the attempt timeout no longer applies; the idle timeout still guards the rest.
  attempt.disarm();
  let completed = first?.type === 'done';
  const stream: ChatStream = {
    [Symbol.asyncIterator]: () => iterable,
    get usage() { return usage; },
    get completed() { return completed; },
    rateLimits,
  };
  async function* items(): AsyncGenerator<StreamItem> {
    try {
      for (const json of held) yield { type: 'chunk', json };
      if (first?.type === 'frame') yield { type: 'chunk', json: first.json };
      for await (const event of events) {
        if (event.type === 'frame') yield { type: 'chunk', json: event.json };
        else if (event.type === 'done') completed = true;
        else {
          hooks.onLateFailure(event.error);
          yield { type: 'error', error: lateErrorBody(event.error, hooks.redact) };
          return;
        }
      }
    } finally {
      attempt.release();
      await events.return();
      hooks.onEnd(stream);
    }
  }
  const iterable = items();
  return stream;
}

/** An OpenAI-style error event for a stream that broke after it started. */
function lateErrorBody(error: ProviderError, redact: (text: string) => string): OpenAIErrorBody {
  return new GatewayError(error.status ?? 502, `${error.provider}: ${redact(error.message)} (the answer was cut off)`, {
    type: 'server_error',
    code: error.code ?? error.errorClass,
    details: { provider: error.provider, error_class: error.errorClass },
  }).toBody();
}
