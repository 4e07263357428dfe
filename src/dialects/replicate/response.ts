import type { AttemptContext, DecodedCompletion } from '../types.js';
import type { ChatCompletion, FinishReason, Usage } from '../../types/chat.js';
import type { Prediction, PredictionMetrics } from './wire-types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { excerpt, malformedAnswer } from '../failures.js';
import { predictionFailure } from './errors.js';

const decoder = new TextDecoder();

/** A finished prediction (the exchange only hands over succeeded ones) as an OpenAI `chat.completion`. */
export function decodePredictionResponse(bytes: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError {
  const prediction = parsePrediction(decoder.decode(bytes), ctx);
  if (ProviderError.is(prediction)) return prediction;
  if (prediction.status !== 'succeeded') return predictionFailure(prediction, ctx);
  const usage = usageFromMetrics(prediction.metrics);
  const completion: ChatCompletion = {
    id: prediction.id,
    object: 'chat.completion',
    created: createdSeconds(prediction, ctx),
    model: ctx.upstreamModel,
    choices: [{ index: 0, message: { role: 'assistant', content: outputText(prediction.output), refusal: null }, finish_reason: finishReason(usage, ctx), logprobs: null }],
  };
  if (usage) completion.usage = usage;
  return { completion };
}

/** A prediction object from JSON text, or a transient malformed-response error. */
export function parsePrediction(text: string, ctx: AttemptContext): Prediction | ProviderError {
  const parsed = parseJson(text);
  if (parsed.ok && isRecord(parsed.value) && typeof parsed.value.id === 'string' && typeof parsed.value.status === 'string') {
    return parsed.value as unknown as Prediction;
  }
  return malformedAnswer(ctx, `something that is not a prediction: ${excerpt(text)}`);
}

/** Language models return their tokens as an array of strings, joined here; a few return one string. */
export function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return output.map((t) => (typeof t === 'string' ? t : '')).join('');
  return '';
}

export function usageFromMetrics(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const metrics = raw as PredictionMetrics;
  const input = metrics.input_token_count;
  const output = metrics.output_token_count;
  if (typeof input !== 'number' && typeof output !== 'number') return undefined;
  const p = typeof input === 'number' ? input : 0;
  const c = typeof output === 'number' ? output : 0;
  return { prompt_tokens: p, completion_tokens: c, total_tokens: p + c };
}

/** Replicate does not say why generation stopped; reaching the requested token limit reads as `length`. */
export function finishReason(usage: Usage | undefined, ctx: AttemptContext): FinishReason {
  const limit = ctx.request.max_completion_tokens ?? ctx.request.max_tokens;
  return typeof limit === 'number' && usage !== undefined && usage.completion_tokens >= limit ? 'length' : 'stop';
}

export function createdSeconds(prediction: Prediction, ctx: AttemptContext): number {
  const at = prediction.created_at ? Date.parse(prediction.created_at) : NaN;
  return Math.floor((Number.isFinite(at) ? at : ctx.clock.now()) / 1000);
}
