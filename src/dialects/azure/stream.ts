import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { createOpenAIStreamTranslator } from '../openai/stream.js';

/**
 * Azure streams are OpenAI chunks with extras (per-choice `content_filter_results`, `obfuscation`), handled by
 * the OpenAI translator as they are. One frame is not a chunk at all: Azure opens with
 * `{"choices":[],"id":"","model":"","object":"","prompt_filter_results":[…]}` (see the recorded
 * azure-model-router stream). It carries no answer and an empty `object`, so it is dropped here rather than
 * handed to callers whose clients may read `choices[0]`.
 */
export function createAzureStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  const filtered: StreamSink = {
    frame(json, content) {
      if (!content && isPromptFilterFrame(json)) return;
      sink.frame(json, content);
    },
    usage: (usage) => sink.usage(usage),
    error: (error) => sink.error(error),
    done: () => sink.done(),
  };
  return createOpenAIStreamTranslator(ctx, filtered);
}

/** A frame with no choices and no usage whose only payload is the prompt's filter results. */
function isPromptFilterFrame(json: string): boolean {
  if (!json.includes('"prompt_filter_results"')) return false;
  const parsed = parseJson(json);
  if (!parsed.ok || !isRecord(parsed.value)) return false;
  const chunk = parsed.value;
  return Array.isArray(chunk.choices) && chunk.choices.length === 0 && !isRecord(chunk.usage);
}
