import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import type { ChunkDelta, FinishReason, Usage } from '../../types/chat.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { createSseDecoder } from '../../internal/sse.js';
import { FINAL_PREDICTION_EVENT } from './wire-types.js';
import { failedPrediction } from './errors.js';
import { finishReason, usageFromMetrics } from './response.js';

/**
 * A prediction's SSE stream as OpenAI chunks. Replicate sends `output` events whose data is plain token text,
 * `error` (JSON `{detail}`) and `done` (JSON `{}`, or `{reason: 'canceled' | 'error'}`). The exchange appends the
 * finished prediction as a `wai-prediction` event, which carries the token counts. The finish chunk waits for the
 * end of the body so that it can say `length` when the output reached the requested limit.
 */
export function createPredictionStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  const created = Math.floor(ctx.clock.now() / 1000);
  const id = `chatcmpl-${ctx.requestId}`;
  let started = false;
  let doneSeen = false;
  let failed = false;
  let usage: Usage | undefined;

  const emit = (delta: ChunkDelta, finish: FinishReason | null, content: boolean) => {
    sink.frame(JSON.stringify({ id, object: 'chat.completion.chunk', created, model: ctx.upstreamModel, choices: [{ index: 0, delta, finish_reason: finish }] }), content);
  };
  const fail = (error: ProviderError) => {
    if (failed) return;
    failed = true;
    sink.error(error);
  };
  const transient = (code: 'truncated_stream' | 'malformed_response' | 'stream_error', message: string) =>
    new ProviderError({ errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code, message });

  const onEvent = (name: string | undefined, data: string) => {
    if (failed) return;
    switch (name) {
      case 'output':
        if (doneSeen || data === '') return;
        if (!started) {
          started = true;
          emit({ role: 'assistant', content: '' }, null, false);
        }
        return emit({ content: data }, null, true);
      case 'error': {
        const parsed = parseJson(data);
        const detail = parsed.ok && isRecord(parsed.value) && typeof parsed.value.detail === 'string' ? parsed.value.detail : data;
        return fail(failedPrediction(detail || 'error event without detail', ctx, parsed.ok ? parsed.value : data));
      }
      case 'done': {
        const parsed = parseJson(data || '{}');
        if (!parsed.ok || !isRecord(parsed.value)) return fail(transient('malformed_response', `Replicate sent a done event that is not JSON: ${data.slice(0, 120)}`));
        const reason = parsed.value.reason;
        if (reason === 'canceled') return fail(transient('stream_error', 'the Replicate prediction was canceled'));
        if (reason === 'error') return fail(transient('stream_error', 'the Replicate prediction ended with an error'));
        doneSeen = true;
        return;
      }
      case FINAL_PREDICTION_EVENT: {
        const parsed = parseJson(data);
        const found = parsed.ok && isRecord(parsed.value) ? usageFromMetrics(parsed.value.metrics) : undefined;
        if (found) {
          usage = found;
          sink.usage(found);
        }
        return;
      }
      default:
        // Unnamed or unknown events (keep-alives, future event types) carry nothing for the answer.
        return;
    }
  };

  const decoder = createSseDecoder(
    (event) => onEvent(event.event, event.data),
    (error) => fail(transient('malformed_response', `Replicate sent a broken event stream: ${error.message}`)),
  );

  return {
    push(bytes) {
      if (!failed) decoder.push(bytes);
    },
    end() {
      if (failed) return;
      decoder.end();
      if (failed) return;
      if (!doneSeen) return fail(transient('truncated_stream', 'Replicate ended the stream before its done event'));
      if (!started) emit({ role: 'assistant', content: '' }, null, false);
      emit({}, finishReason(usage, ctx), true);
      if (usage && ctx.includeUsage) {
        sink.frame(JSON.stringify({ id, object: 'chat.completion.chunk', created, model: ctx.upstreamModel, choices: [], usage }), false);
      }
      sink.done();
    },
  };
}
