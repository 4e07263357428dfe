import type { IncomingHttpHeaders } from 'node:http';
import type { AttemptContext, Dialect, StreamSink, Transport } from '../dialects/types.js';
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
): Promise<AsyncGenerator<UpstreamEvent, void, undefined>> {
  const response = await sendAttempt(dialect, ctx, transport, attempt);
  onHeaders?.(response.headers);
  const queue: UpstreamEvent[] = [];
  const sink: StreamSink = {
    frame: (json, content) => queue.push({ type: 'frame', json, content }),
    usage: onUsage,
    error: (error) => queue.push({ type: 'error', error }),
    done: () => queue.push({ type: 'done' }),
  };
  const translator = chatOf(dialect, ctx).createStreamTranslator(ctx, sink);
  return (async function* events() {
    let finished = false;
    try {
      for await (const bytes of response.body) {
        // After the terminator the rest of the body is drained, so the connection goes back to the pool.
        if (finished) continue;
        translator.push(bytes);
        if (queue.length) {
          for (let i = 0; i < queue.length; i++) {
            const event = queue[i]!;
            yield event;
            if (event.type === 'error') return;
            if (event.type === 'done') finished = true;
          }
          queue.length = 0;
        }
      }
      if (!finished) translator.end();
    } catch (error) {
      if (!finished) yield { type: 'error', error: attemptFailure(error, ctx, attempt) };
      return;
    }
    for (const event of queue) {
      yield event;
      if (event.type !== 'frame') return;
    }
  })();
}
