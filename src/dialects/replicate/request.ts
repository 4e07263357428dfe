import type { AttemptContext, WireRequest } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { buildPrompt, usesLlama3Template } from './prompt.js';

/**
 * How long the create call may hold the answer (`Prefer: wait=N`, Replicate allows up to 60 s). 55 rather than
 * 60 so Replicate answers before the gateway's 60 s first-byte timeout; an unfinished prediction is then polled.
 */
export const SYNC_WAIT_SECONDS = 55;

/**
 * The `input` of a prediction for a chat request. Replicate's language models have no tool, image or JSON-mode
 * API, so a request that needs one is refused as `unsupported` (the gateway then tries the next level) rather
 * than silently answered without it.
 */
export function buildPredictionInput(ctx: AttemptContext): Record<string, unknown> {
  const request = ctx.request;
  const refuse = (code: string, what: string) => new ProviderError({
    errorClass: 'unsupported', provider: ctx.provider.id, model: ctx.upstreamModel, code,
    message: `Replicate's language models have no ${what}; send this request to a provider that has`,
  });
  if (request.tools?.length) throw refuse('tools_unsupported', 'tool-calling API');
  if (request.response_format?.type === 'json_object' || request.response_format?.type === 'json_schema') throw refuse('json_mode_unsupported', 'JSON mode');
  for (const m of request.messages) {
    if (!Array.isArray(m.content)) continue;
    for (const part of m.content) {
      if (part.type === 'image_url') throw refuse('images_unsupported', 'image input (for these chat models)');
      if (part.type !== 'text') throw refuse('content_unsupported', `"${part.type}" input`);
    }
  }

  const input: Record<string, unknown> = { ...buildPrompt(request.messages, ctx.upstreamModel) };
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') {
    input.max_tokens = maxTokens;
    // Llama 2 era models on Replicate read `max_new_tokens`.
    if (!usesLlama3Template(ctx.upstreamModel) && /llama-?2/i.test(ctx.upstreamModel)) input.max_new_tokens = maxTokens;
  }
  if (typeof request.temperature === 'number') input.temperature = request.temperature;
  if (typeof request.top_p === 'number') input.top_p = request.top_p;
  if (typeof request.presence_penalty === 'number') input.presence_penalty = request.presence_penalty;
  if (typeof request.frequency_penalty === 'number') input.frequency_penalty = request.frequency_penalty;
  // Replicate's LLMs take stop sequences as one comma-separated string.
  const stop = typeof request.stop === 'string' ? [request.stop] : request.stop;
  if (stop?.length) input.stop_sequences = stop.join(',');
  return input;
}

/** `owner/name` runs the model's current version; `owner/name:version` runs that version. */
export function parseModelRef(ctx: AttemptContext): { owner: string; name: string; version?: string } {
  const match = /^([^/\s]+)\/([^:/\s]+)(?::([0-9a-f]{6,}))?$/i.exec(ctx.upstreamModel);
  if (!match) {
    throw new ProviderError({
      errorClass: 'model_unavailable', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'invalid_model_ref',
      message: `Replicate models are named owner/name or owner/name:version, not "${ctx.upstreamModel}"`,
    });
  }
  return { owner: match[1]!, name: match[2]!, ...(match[3] ? { version: match[3] } : {}) };
}

/**
 * The create-prediction call. Whole answers ask Replicate to hold the response until the prediction ends
 * (`Prefer: wait`); streams ask for `stream: true` and return at once with `urls.stream`.
 */
export function buildCreatePrediction(ctx: AttemptContext): WireRequest {
  const provider = ctx.provider;
  const ref = parseModelRef(ctx);
  const input = buildPredictionInput(ctx);
  const body: Record<string, unknown> = ref.version ? { version: ref.version, input } : { input };
  if (ctx.stream) body.stream = true;
  const path = ref.version
    ? `${provider.basePath}/predictions`
    : `${provider.basePath}${provider.entry.chatPath}/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.name)}/predictions`;
  return {
    method: 'POST',
    origin: provider.origin,
    path,
    headers: ctx.stream ? provider.wireHeaders() : { ...provider.wireHeaders(), prefer: `wait=${SYNC_WAIT_SECONDS}` },
    body: JSON.stringify(body),
  };
}
