import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { translateSse } from '../stream-shell.js';
import { excerpt } from '../failures.js';
import { cohereFailure } from './failure.js';
import { isFailedFinish, toOpenAIFinishReason } from './finish-reason.js';
import { toOpenAIUsage } from './usage.js';
import { ChunkWriter } from './stream-chunks.js';

type Event = Record<string, unknown>;

/**
 * Cohere v2 chat stream → OpenAI chunks. Cohere frames each event as `event: <type>` + `data: <json>` (the JSON
 * repeats the type in `type`) and ends after `message-end`, with no `[DONE]`:
 *   message-start              → the role chunk (not content: the engine may still move to another provider)
 *   content-start/-delta       → `content` for text parts, `reasoning_content` for thinking parts
 *   tool-plan-delta            → `reasoning_content` (see response.ts for why the plan is reasoning)
 *   tool-call-start/-delta/-end → tool-call deltas, OpenAI indexes counted in start order
 *   message-end                → finish chunk, usage, done; or an error when finish_reason is ERROR/TIMEOUT
 *   citation-*, content-end, debug and unknown events carry nothing for an OpenAI client and are skipped.
 * A body that ends before `message-end` is a truncated stream.
 */
export function createCohereStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  return translateSse(ctx, sink, (control) => {
    const out = new ChunkWriter(ctx, sink);
    let messageId: string | undefined;
    let started = false;

    const onEvent = (event: Event, name: string | undefined) => {
      const type = typeof event.type === 'string' ? event.type : name;
      const delta = isRecord(event.delta) ? event.delta : {};
      const message = isRecord(delta.message) ? delta.message : {};
      const index = typeof event.index === 'number' ? event.index : undefined;
      if (!started && type !== 'message-start' && type !== undefined) {
        // A stream that skips message-start still gets its role chunk first.
        started = true;
        out.role();
      }
      switch (type) {
        case 'message-start': {
          const id = typeof event.id === 'string' ? event.id : undefined;
          if (started) {
            // A repeat of the same start is harmless; a different message spliced into this one is not.
            if (id !== undefined && messageId !== undefined && id !== messageId) control.malformed('a second message inside a stream');
            return;
          }
          started = true;
          messageId = id;
          if (id) out.setId(id);
          out.role();
          return;
        }
        case 'content-start':
        case 'content-delta': {
          const content = isRecord(message.content) ? message.content : {};
          if (typeof content.text === 'string') out.text(content.text);
          if (typeof content.thinking === 'string') out.reasoning(content.thinking, 'thinking');
          return;
        }
        case 'tool-plan-delta':
          if (typeof message.tool_plan === 'string') out.reasoning(message.tool_plan, 'plan');
          return;
        case 'tool-call-start': {
          const call = isRecord(message.tool_calls) ? message.tool_calls : {};
          const fn = isRecord(call.function) ? call.function : {};
          const id = typeof call.id === 'string' ? call.id : `call_${out.toolCallCount}`;
          out.startCall(index, id, typeof fn.name === 'string' ? fn.name : '', typeof fn.arguments === 'string' ? fn.arguments : '');
          return;
        }
        case 'tool-call-delta': {
          const call = isRecord(message.tool_calls) ? message.tool_calls : {};
          const fn = isRecord(call.function) ? call.function : {};
          if (typeof fn.arguments === 'string') out.appendArguments(index, fn.arguments);
          return;
        }
        case 'tool-call-end':
          out.endCall(index);
          return;
        case 'message-end':
          return onMessageEnd(delta);
        case undefined:
          // No type at all: an error object (`{message}`) in place of an event, or junk.
          control.fail(cohereFailure(ctx, 'transient', 'stream_error', typeof event.message === 'string' ? `reported: ${event.message}` : 'sent an event without a type', event));
          return;
        default:
          return;
      }
    };

    const onMessageEnd = (delta: Event) => {
      const reason = delta.finish_reason;
      const error = typeof delta.error === 'string' && delta.error !== '' ? delta.error : undefined;
      if (isFailedFinish(reason) || error !== undefined) {
        control.fail(cohereFailure(ctx, 'transient', 'stream_error', `stopped the stream${typeof reason === 'string' ? ` with finish_reason ${reason}` : ''}: ${error ?? 'no detail given'}`, delta));
        return;
      }
      out.finish(toOpenAIFinishReason(reason, out.toolCallCount > 0));
      const usage = toOpenAIUsage(delta.usage);
      if (usage) {
        sink.usage(usage);
        if (ctx.includeUsage) out.usageChunk(usage);
      }
      control.finish();
    };

    return {
      event(sse) {
        const data = sse.data;
        // Not sent by Cohere; tolerated so a proxy that appends it does not break the stream.
        if (data === '' || data === '[DONE]') return;
        const parsed = parseJson(data);
        if (!parsed.ok || !isRecord(parsed.value)) return control.malformed(`a stream event that is not a JSON object: ${excerpt(data)}`);
        onEvent(parsed.value, sse.event);
      },
      end: () => 'message-end',
    };
  });
}
