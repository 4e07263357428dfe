import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import type { ChunkDelta, FinishReason, Usage } from '../../types/chat.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { createSseDecoder } from '../../internal/sse.js';
import { finishReasonFromLlama, usageFromMetrics } from './finish-and-usage.js';
import { llamaInBodyError } from './errors.js';

/**
 * Llama's native stream as OpenAI chunks. Each `data:` is `{id, event:{event_type, delta, stop_reason, metrics}}`:
 * `start`, then `progress` events with text deltas (`{type:'text', text}`) or tool-call fragments
 * (`{type:'tool_call', id?, function:{name?, arguments?}}`), then `complete` with the stop reason, then `metrics`
 * with the token counts. There is no `[DONE]`: the stream is complete once `complete` arrived and the body ends.
 */
export function createLlamaStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  const created = Math.floor(ctx.clock.now() / 1000);
  let id = `chatcmpl-${ctx.requestId}`;
  let started = false;
  let completed = false;
  let failed = false;
  let usage: Usage | undefined;
  // Tool calls carry no index on Llama's wire: a fragment with a new id opens the next call.
  let toolIndex = -1;
  let toolId: string | undefined;
  let sawToolCall = false;

  const emit = (delta: ChunkDelta, finish: FinishReason | null, content: boolean) => {
    sink.frame(JSON.stringify({ id, object: 'chat.completion.chunk', created, model: ctx.upstreamModel, choices: [{ index: 0, delta, finish_reason: finish }] }), content);
  };
  const fail = (error: ProviderError) => {
    if (failed) return;
    failed = true;
    sink.error(error);
  };
  const start = (chunkId: unknown) => {
    if (started) return;
    started = true;
    if (typeof chunkId === 'string' && chunkId) id = chunkId;
    emit({ role: 'assistant', content: '' }, null, false);
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
      emit({ tool_calls: [{ index: toolIndex, id: toolId, type: 'function', function: { name: name ?? '', arguments: args } }] }, null, true);
      return;
    }
    if (args === '' && name === undefined) return;
    emit({ tool_calls: [{ index: toolIndex, function: name !== undefined ? { name, arguments: args } : { arguments: args } }] }, null, true);
  };

  const onEvent = (data: string) => {
    if (failed || data === '') return;
    const parsed = parseJson(data);
    if (!parsed.ok || !isRecord(parsed.value)) return fail(malformedEvent(ctx, data));
    const chunk = parsed.value;
    if (chunk.error !== undefined) return fail(llamaInBodyError(chunk, ctx));
    const event = chunk.event;
    if (!isRecord(event)) return fail(malformedEvent(ctx, data));
    start(chunk.id);
    const found = usageFromMetrics(event.metrics);
    if (found) {
      usage = found;
      sink.usage(found);
    }
    const delta = isRecord(event.delta) ? event.delta : undefined;
    if (delta?.type === 'text' && typeof delta.text === 'string' && delta.text !== '') emit({ content: delta.text }, null, true);
    else if (delta?.type === 'tool_call') onToolFragment(delta);
    else if (delta?.type === 'reasoning') {
      if (typeof delta.reasoning === 'string' && delta.reasoning) emit({ reasoning_content: delta.reasoning }, null, true);
      if (typeof delta.answer === 'string' && delta.answer) emit({ content: delta.answer }, null, true);
    }
    if (event.event_type === 'complete' && !completed) {
      completed = true;
      emit({}, finishReasonFromLlama(event.stop_reason, sawToolCall), true);
    }
  };

  const decoder = createSseDecoder(
    (event) => onEvent(event.data),
    (error) => fail(new ProviderError({
      errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'malformed_response',
      message: `${ctx.provider.entry.name} sent a broken event stream: ${error.message}`,
    })),
  );

  return {
    push(bytes) {
      if (!failed) decoder.push(bytes);
    },
    end() {
      if (failed) return;
      decoder.end();
      if (failed) return;
      if (!completed) {
        return fail(new ProviderError({
          errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'truncated_stream',
          message: `${ctx.provider.entry.name} ended the stream before its complete event`,
        }));
      }
      if (usage && ctx.includeUsage) {
        sink.frame(JSON.stringify({ id, object: 'chat.completion.chunk', created, model: ctx.upstreamModel, choices: [], usage }), false);
      }
      sink.done();
    },
  };
}

function malformedEvent(ctx: AttemptContext, data: string): ProviderError {
  return new ProviderError({
    errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'malformed_response',
    message: `${ctx.provider.entry.name} sent a stream event that is not a Llama chunk: ${data.slice(0, 120)}`,
  });
}
