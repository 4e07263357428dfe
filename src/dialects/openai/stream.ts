import type { AttemptContext, StreamSink, StreamTranslator } from '../types.js';
import type { Usage } from '../../types/chat.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { translateSse } from '../stream-shell.js';
import { excerpt } from '../failures.js';
import { inBodyError } from './errors.js';
import { flattenContentParts, repairToolCallDeltas } from './normalise.js';

/** A raw JSON key as it appears in compact JSON; quotes inside string values are escaped, so this only matches keys. */
const USAGE_KEY = /"usage"\s*:\s*\{/;
const ERROR_KEY = /"error"\s*:/;
/** Chunks that may need repair or tell us the answer is complete. */
const FINISH_KEY = /"finish_reason"\s*:\s*"/;
const TOOL_CALLS_KEY = /"tool_calls"\s*:\s*\[/;
const CONTENT_PARTS_KEY = /"content"\s*:\s*\[/;

/**
 * Same-dialect streams: each upstream event's JSON text is forwarded as it came. Chunks are parsed only
 * until the first content event (to find the commit point) and when they carry usage or an error;
 * providers whose chunks are not OpenAI-shaped (Perplexity) are normalised chunk by chunk.
 */
export function createOpenAIStreamTranslator(ctx: AttemptContext, sink: StreamSink): StreamTranslator {
  const quirks = ctx.provider.entry.quirks ?? {};
  const normaliseEvery = quirks.perplexityChunks === true;
  const groqUsage = quirks.usageInXGroq === true;
  return translateSse(ctx, sink, (control) => {
    let committed = false;
    let sawFinishReason = false;
    let sawRole = false;
    return {
      event(event) {
        const data = event.data;
        if (data === '[DONE]') return control.finish();
        if (data === '') return;
        // After the commit most chunks are forwarded unparsed; one that is not even framed as an object (`{not json`,
        // a bare word) is parsed below, which fails it as malformed instead of passing it on.
        const needsParse = !committed || normaliseEvery || !framedAsObject(data) || USAGE_KEY.test(data) || ERROR_KEY.test(data) || FINISH_KEY.test(data)
          || TOOL_CALLS_KEY.test(data) || CONTENT_PARTS_KEY.test(data) || (groqUsage && data.includes('"x_groq"'));
        if (!needsParse) {
          sink.frame(data, true);
          return;
        }
        const parsed = parseJson(data);
        if (!parsed.ok || !isRecord(parsed.value)) return control.malformed(`a stream event that is not a chat chunk: ${excerpt(data)}`);
        const chunk = parsed.value;
        if (chunk.error !== undefined || (isRecord(chunk.x_groq) && isRecord(chunk.x_groq.error))) return control.fail(inBodyError(chunk, ctx));
        if (!Array.isArray(chunk.choices)) return control.malformed(`a stream event that is not a chat chunk: ${excerpt(data)}`);
        let changed = normaliseEvery ? normalisePerplexityChunk(chunk) : false;
        for (const choice of chunk.choices as unknown[]) {
          if (!isRecord(choice) || !isRecord(choice.delta)) continue;
          // The first delta carries the role; some providers leave it out and OpenAI clients' helpers insist on it.
          if (!sawRole && choice.delta.role === undefined) {
            choice.delta.role = 'assistant';
            changed = true;
          }
          if (repairToolCallDeltas(choice.delta)) changed = true;
          if (flattenContentParts(choice.delta)) changed = true;
        }
        if (chunk.choices.length) sawRole = true;
        const usage = liftUsage(chunk);
        if (usage.moved) changed = true;
        const content = carriesContent(chunk.choices);
        if (hasFinishReason(chunk.choices)) sawFinishReason = true;
        if (usage.value) {
          sink.usage(usage.value);
          // The gateway asked for usage on the caller's behalf: a usage-only chunk the caller did not ask for is not sent.
          if (!ctx.includeUsage && chunk.choices.length === 0) return;
        }
        if (content) committed = true;
        sink.frame(changed ? JSON.stringify(chunk) : data, content);
      },
      end() {
        // Some providers end without [DONE]; a stream that reached a finish reason is complete all the same.
        if (!sawFinishReason) return 'it finished';
        control.finish();
        return undefined;
      },
    };
  });
}

/** A cheap check of an event's framing: a JSON object starts with `{` and ends with `}`. */
function framedAsObject(data: string): boolean {
  return data.charCodeAt(0) === 123 && data.charCodeAt(data.length - 1) === 125;
}

/** Usage wherever the provider put it: top level, `choices[0].usage` (Moonshot) or `x_groq.usage` (Groq). */
function liftUsage(chunk: Record<string, unknown>): { value: Usage | undefined; moved: boolean } {
  if (isRecord(chunk.usage)) return { value: chunk.usage as unknown as Usage, moved: false };
  const choices = chunk.choices as unknown[];
  for (const choice of choices) {
    if (isRecord(choice) && isRecord(choice.usage)) {
      chunk.usage = choice.usage;
      delete choice.usage;
      return { value: chunk.usage as unknown as Usage, moved: true };
    }
  }
  if (isRecord(chunk.x_groq) && isRecord(chunk.x_groq.usage)) {
    chunk.usage = chunk.x_groq.usage;
    return { value: chunk.usage as unknown as Usage, moved: true };
  }
  return { value: undefined, moved: false };
}

function carriesContent(choices: unknown[]): boolean {
  for (const choice of choices) {
    if (!isRecord(choice)) continue;
    if (choice.finish_reason != null) return true;
    const delta = choice.delta;
    if (!isRecord(delta)) continue;
    if ((typeof delta.content === 'string' && delta.content !== '') || (Array.isArray(delta.content) && delta.content.length > 0)) return true;
    if (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) return true;
    if (typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '') return true;
    if (typeof delta.reasoning === 'string' && delta.reasoning !== '') return true;
    if (typeof delta.refusal === 'string' && delta.refusal !== '') return true;
  }
  return false;
}

function hasFinishReason(choices: unknown[]): boolean {
  return choices.some((c) => isRecord(c) && c.finish_reason != null);
}

/**
 * Perplexity's chunks say `object: "chat.completion"` (the last `"chat.completion.done"`) and repeat a cumulative
 * `message`; OpenAI clients expect `chat.completion.chunk` with deltas only.
 */
function normalisePerplexityChunk(chunk: Record<string, unknown>): boolean {
  chunk.object = 'chat.completion.chunk';
  for (const choice of chunk.choices as unknown[]) {
    if (!isRecord(choice)) continue;
    delete choice.message;
    if (!isRecord(choice.delta)) choice.delta = {};
    if (choice.finish_reason === undefined) choice.finish_reason = null;
  }
  return true;
}
