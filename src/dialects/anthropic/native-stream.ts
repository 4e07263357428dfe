/**
 * An Anthropic stream for a caller that asked in Anthropic's own format: every event goes on as it came
 * (re-framed as `event:`/`data:` lines, the data text untouched), so thinking signatures, citations and server
 * tool blocks reach the caller. Only the events the gateway must understand are parsed: `message_start` and
 * `message_delta` for usage, `error` for a classified failure. The first `content_block_delta` (or a
 * `message_delta`, for an answer without blocks) commits the attempt.
 */
import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import type { AnthropicUsage } from './wire-types.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { mergeUsage, toOpenAIUsage } from './usage.js';
import { streamEventError } from './errors.js';
import { translateSse } from '../stream-shell.js';
import { excerpt } from '../failures.js';

/** Events whose data the gateway reads; the others are relayed unread. */
const READ = new Set(['message_start', 'message_delta', 'error']);
/** Events that carry answer content: the attempt is committed on the first. */
const CONTENT = new Set(['content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);

export function createAnthropicNativeRelay(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  return translateSse(ctx, sink, (control) => {
    const usage: AnthropicUsage = {};
    let started = false;
    return {
      event(event) {
        const name = event.event ?? '';
        if (READ.has(name)) {
          const parsed = parseJson(event.data);
          if (!parsed.ok || !isRecord(parsed.value)) return control.malformed(`a stream event that is not JSON: ${excerpt(event.data)}`);
          const payload = parsed.value;
          if (name === 'error') return control.fail(streamEventError(payload, ctx));
          const source = name === 'message_start' ? (isRecord(payload.message) ? payload.message.usage : undefined) : payload.usage;
          if (isRecord(source)) mergeUsage(usage, source as AnthropicUsage);
          if (name === 'message_start') started = true;
        } else if (!started && name !== 'ping') {
          return control.malformed(`${name || 'an unnamed event'} before message_start`);
        }
        sink.frame(`event: ${name}\ndata: ${event.data}\n\n`, CONTENT.has(name));
        if (name === 'message_stop') {
          sink.usage(toOpenAIUsage(usage));
          control.finish();
        }
      },
      end: () => 'message_stop',
      beforeFail() {
        if (started) sink.usage(toOpenAIUsage(usage));
      },
    };
  });
}
