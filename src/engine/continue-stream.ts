import type { Usage } from '../types/chat.js';
import type { RouteTarget } from '../routing/route.js';
import type { ProviderError } from '../errors/provider-error.js';
import type { ChatStream } from './committed-stream.js';
import { ForwardedItems, type ChunkReceiver, type StreamItem } from './forwarded-items.js';
import type { ContinuationMode } from './continuation-request.js';
import { ContinuationChunks } from './continuation-chunks.js';
import { PartialAnswerRecorder } from './partial-answer.js';

/** A continuation that got going: its committed stream, where, and how the partial answer was handed over. */
export interface Resumed {
  stream: ChatStream;
  target: RouteTarget;
  mode: ContinuationMode;
}

/** One provider's part of a continued stream, for the record and the cost. */
export interface StreamSegment {
  target: RouteTarget;
  usage: Usage | undefined;
}

export interface ContinueHooks {
  /**
   * Asks the route's candidates after `after` for the rest of the answer `partial`; undefined when none of them
   * serves it (the caller then gets the break as an error event, as without continuation).
   */
  resume(after: RouteTarget, partial: string): Promise<Resumed | undefined>;
  /** The stream moved from `from` (which broke with `error`) to `to`. */
  onContinued(from: RouteTarget, error: ProviderError, to: RouteTarget, sentChars: number): void;
  /** The whole stream ended; `brokeLate` when it ended on an error event. */
  onEnd(stream: ContinuedStream, brokeLate: boolean): void;
}

export interface ContinuedStream extends ChatStream {
  /** Who is serving now (the last provider). */
  readonly target: RouteTarget;
  readonly segments: readonly StreamSegment[];
}

/** Continuations one stream may go through before a break is given to the caller. */
const MAX_CONTINUATIONS = 3;

/**
 * A committed stream that survives its provider (docs/architecture.md, Streaming): when it breaks after the caller has
 * been sent part of a text answer, the rest is asked of the route's next candidates, and their chunks join the
 * caller's stream as if nothing happened. Tool calls, refusals and several choices cannot be resumed faithfully:
 * those streams end with the error event, as does one whose continuation finds no taker.
 */
export function continueOnBreak(first: ChatStream, firstTarget: RouteTarget, hooks: ContinueHooks, errorOf: (item: StreamItem) => ProviderError | undefined): ContinuedStream {
  let current = first;
  let target = firstTarget;
  let completed = false;
  const segments: StreamSegment[] = [];
  const recorder = new PartialAnswerRecorder();
  let rewriter: ContinuationChunks | undefined;
  let continuations = 0;
  let receiver: ChunkReceiver | undefined;
  let cancelled = false;
  let items: ForwardedItems | undefined;

  let ended = false;
  const end = (brokeLate: boolean) => {
    if (ended) return;
    ended = true;
    hooks.onEnd(stream, brokeLate);
  };

  /** What the current provider's stream pushes: recorded (for a continuation) and passed on, rewritten after a break. */
  const inner: ChunkReceiver = {
    chunk(json) {
      if (!rewriter) {
        recorder.add(json);
        return receiver!.chunk(json);
      }
      let go = true;
      for (const rewritten of rewriter.rewrite(json)) {
        recorder.add(rewritten);
        if (!receiver!.chunk(rewritten)) go = false;
      }
      return go;
    },
    end() {
      if (rewriter) for (const json of rewriter.flush()) receiver!.chunk(json);
      segments.push({ target, usage: current.usage });
      completed = current.completed;
      end(false);
      receiver!.end();
    },
    error(body) {
      segments.push({ target, usage: current.usage });
      const answer = recorder.answer();
      // The finish was sent, only the end of the stream is missing: the answer is whole.
      if (answer.finished && !answer.notText) {
        completed = true;
        end(false);
        receiver!.end();
        return;
      }
      const broke: StreamItem = { type: 'error', error: body };
      const error = errorOf(broke);
      const giveUp = () => {
        // No error known: the caller went away (its own doing, not a broken stream).
        end(error !== undefined);
        receiver!.error(body);
      };
      if (answer.notText || answer.tooLong || !error || continuations >= MAX_CONTINUATIONS || cancelled) return giveUp();
      continuations++;
      hooks.resume(target, answer.content).then((resumed) => {
        if (cancelled) {
          void resumed?.stream.cancel();
          return;
        }
        if (!resumed) return giveUp();
        hooks.onContinued(target, error, resumed.target, answer.content.length);
        current = resumed.stream;
        target = resumed.target;
        rewriter = new ContinuationChunks(answer, resumed.mode);
        current.forward(inner);
      }, giveUp);
    },
  };

  const stream: ContinuedStream = {
    [Symbol.asyncIterator]: () => (items ??= new ForwardedItems(stream)),
    get usage() { return current.usage; },
    get completed() { return completed; },
    get target() { return target; },
    segments,
    forward(to) {
      if (receiver) throw new Error('a continued stream is forwarded once');
      receiver = to;
      current.forward(inner);
    },
    resume() {
      current.resume();
    },
    async cancel() {
      cancelled = true;
      await current.cancel();
      end(false);
    },
  };
  return stream;
}
