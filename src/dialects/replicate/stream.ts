import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { translateSse } from '../stream-shell.js';
import { ChunkFrames } from '../chunk-frames.js';
import { excerpt } from '../failures.js';
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
  return translateSse(ctx, sink, (control) => {
    const frames = new ChunkFrames(ctx, sink);
    let doneSeen = false;
    const stopped = (message: string) => control.fail(new ProviderError({ errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'stream_error', message }));

    return {
      event({ event: name, data }) {
        switch (name) {
          case 'output':
            if (doneSeen || data === '') return;
            frames.roleOnce();
            return frames.delta({ content: data }, null, true);
          case 'error': {
            const parsed = parseJson(data);
            const detail = parsed.ok && isRecord(parsed.value) && typeof parsed.value.detail === 'string' ? parsed.value.detail : data;
            return control.fail(failedPrediction(detail || 'error event without detail', ctx, parsed.ok ? parsed.value : data));
          }
          case 'done': {
            const parsed = parseJson(data || '{}');
            if (!parsed.ok || !isRecord(parsed.value)) return control.malformed(`a done event that is not JSON: ${excerpt(data)}`);
            const reason = parsed.value.reason;
            if (reason === 'canceled') return stopped('the Replicate prediction was canceled');
            if (reason === 'error') return stopped('the Replicate prediction ended with an error');
            doneSeen = true;
            return;
          }
          case FINAL_PREDICTION_EVENT: {
            const parsed = parseJson(data);
            const found = parsed.ok && isRecord(parsed.value) ? usageFromMetrics(parsed.value.metrics) : undefined;
            if (found) frames.reportUsage(found);
            return;
          }
          default:
            // Unnamed or unknown events (keep-alives, future event types) carry nothing for the answer.
            return;
        }
      },
      end() {
        if (!doneSeen) return 'its done event';
        frames.roleOnce();
        frames.delta({}, finishReason(frames.reportedUsage, ctx), true);
        frames.usageIfAsked(ctx.includeUsage);
        control.finish();
        return undefined;
      },
    };
  });
}
