import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import type { ChunkDelta } from '../../types/chat.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { translateSse } from '../stream-shell.js';
import { ChunkFrames } from '../chunk-frames.js';
import { excerpt } from '../failures.js';
import { finishReasonFromLlama, usageFromMetrics } from './finish-and-usage.js';
import { llamaInBodyError } from './errors.js';

/**
 * Llama's native stream as OpenAI chunks. Each `data:` is `{id, event:{event_type, delta, stop_reason, metrics}}`:
 * `start`, then `progress` events with text deltas (`{type:'text', text}`) or tool-call fragments
 * (`{type:'tool_call', id?, function:{name?, arguments?}}`), then `complete` with the stop reason, then `metrics`
 * with the token counts. There is no `[DONE]`: the stream is complete once `complete` arrived and the body ends.
 */
export function createLlamaStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  return translateSse(ctx, sink, (control) => {
    const frames = new ChunkFrames(ctx, sink);
    let completed = false;
    // Tool calls carry no index on Llama's wire: a fragment with a new id opens the next call.
    let toolIndex = -1;
    let toolId: string | undefined;
    let sawToolCall = false;

    const emit = (delta: ChunkDelta) => frames.delta(delta, null, true);
    const start = (chunkId: unknown) => {
      if (frames.roleSent) return;
      if (typeof chunkId === 'string' && chunkId) frames.id = chunkId;
      frames.role();
    };

    const onToolFragment = (delta: Record<string, unknown>) => {
      const fn = isRecord(delta.function) ? delta.function : {};
      const name = typeof fn.name === 'string' ? fn.name : undefined;
      const args = typeof fn.arguments === 'string' ? fn.arguments : '';
      const fragmentId = typeof delta.id === 'string' && delta.id ? delta.id : undefined;
      sawToolCall = true;
      if (toolIndex < 0 || (fragmentId !== undefined && fragmentId !== toolId)) {
        toolIndex++;
        toolId = fragmentId ?? `call_${ctx.requestId}_${toolIndex}`;
        emit({ tool_calls: [{ index: toolIndex, id: toolId, type: 'function', function: { name: name ?? '', arguments: args } }] });
        return;
      }
      if (args === '' && name === undefined) return;
      emit({ tool_calls: [{ index: toolIndex, function: name !== undefined ? { name, arguments: args } : { arguments: args } }] });
    };

    return {
      event({ data }) {
        if (data === '') return;
        const parsed = parseJson(data);
        if (!parsed.ok || !isRecord(parsed.value)) return control.malformed(`a stream event that is not a Llama chunk: ${excerpt(data)}`);
        const chunk = parsed.value;
        if (chunk.error !== undefined) return control.fail(llamaInBodyError(chunk, ctx));
        const event = chunk.event;
        if (!isRecord(event)) return control.malformed(`a stream event that is not a Llama chunk: ${excerpt(data)}`);
        start(chunk.id);
        const found = usageFromMetrics(event.metrics);
        if (found) frames.reportUsage(found);
        const delta = isRecord(event.delta) ? event.delta : undefined;
        if (delta?.type === 'text' && typeof delta.text === 'string' && delta.text !== '') emit({ content: delta.text });
        else if (delta?.type === 'tool_call') onToolFragment(delta);
        else if (delta?.type === 'reasoning') {
          if (typeof delta.reasoning === 'string' && delta.reasoning) emit({ reasoning_content: delta.reasoning });
          if (typeof delta.answer === 'string' && delta.answer) emit({ content: delta.answer });
        }
        if (event.event_type === 'complete' && !completed) {
          completed = true;
          frames.delta({}, finishReasonFromLlama(event.stop_reason, sawToolCall), true);
        }
      },
      end() {
        if (!completed) return 'its complete event';
        frames.usageIfAsked(ctx.includeUsage);
        control.finish();
        return undefined;
      },
    };
  });
}
