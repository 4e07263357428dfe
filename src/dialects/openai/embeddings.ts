/**
 * OpenAI's embeddings shape, spoken by OpenAI, Azure, Mistral, Together, Fireworks and OpenRouter:
 * `POST {base}{path}` with `{model, input, dimensions?, encoding_format?}` → `{data:[{index, embedding}], usage}`.
 * What each provider takes beyond `model` and text `input` is data on its registry entry (`embeddings`).
 */
import type { DecodedEmbeddings, EmbeddingsAnswer, EmbeddingsAttemptContext, EmbeddingsCodec, WireRequest } from '../types.js';
import type { ProviderError } from '../../errors/provider-error.js';
import { answerObject, asVector, malformedEmbeddings, unsupportedInput } from '../embeddings-wire.js';
import { isRecord } from '../../internal/json.js';
import { classifyOpenAIError, inBodyError } from './errors.js';

/** The wire body: the caller's input as it came (a string stays a string), the provider's own names for the options. */
export function openAIEmbeddingsBody(ctx: EmbeddingsAttemptContext): Record<string, unknown> | ProviderError {
  const spec = ctx.provider.entry.embeddings ?? {};
  const { request } = ctx;
  const tokens = typeof ctx.texts[0] !== 'string';
  if (tokens && !spec.openaiRequest) return unsupportedInput(ctx, 'token ids as input');
  const body: Record<string, unknown> = { model: ctx.upstreamModel, input: request.input };
  if (request.dimensions !== undefined) body[spec.dimensionsParam ?? 'dimensions'] = request.dimensions;
  // Base64 is a quarter of the bytes of JSON floats: asked for where the provider gives it, built by WAI elsewhere.
  if (request.encoding_format === 'base64' && spec.base64) body.encoding_format = 'base64';
  if (spec.openaiRequest && request.user !== undefined) body.user = request.user;
  return body;
}

export function buildOpenAIEmbeddingsRequest(ctx: EmbeddingsAttemptContext): WireRequest[] | ProviderError {
  const body = openAIEmbeddingsBody(ctx);
  if (!isRecord(body)) return body;
  const provider = ctx.provider;
  return [{
    method: 'POST',
    origin: provider.origin,
    path: provider.basePath + (provider.entry.embeddings?.path ?? '/embeddings'),
    headers: provider.wireHeaders(),
    body: JSON.stringify(body),
  }];
}

/** `data` in input order (by `index`), each vector as floats or base64 as sent. */
export function decodeOpenAIEmbeddings(answers: EmbeddingsAnswer[], ctx: EmbeddingsAttemptContext): DecodedEmbeddings | ProviderError {
  const payload = answerObject(answers[0]!, ctx);
  if (!isRecord(payload)) return payload;
  // OpenRouter reports some upstream failures inside a 200.
  if (payload.error !== undefined) return inBodyError(payload, ctx);
  if (!Array.isArray(payload.data)) return malformedEmbeddings(ctx, 'no `data` list');
  const vectors: Array<number[] | string> = new Array(ctx.texts.length);
  for (const item of payload.data) {
    if (!isRecord(item) || typeof item.index !== 'number' || item.index < 0 || item.index >= vectors.length) {
      return malformedEmbeddings(ctx, 'an item without a valid `index`');
    }
    const vector = typeof item.embedding === 'string' ? item.embedding : asVector(item.embedding);
    if (vector === undefined) return malformedEmbeddings(ctx, `item ${item.index} has no vector`);
    vectors[item.index] = vector;
  }
  for (let i = 0; i < vectors.length; i++) if (vectors[i] === undefined) return malformedEmbeddings(ctx, `no vector for input ${i}`);
  const usage = isRecord(payload.usage) ? payload.usage : undefined;
  return { vectors, promptTokens: typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : null };
}

export const openaiEmbeddings: EmbeddingsCodec = {
  buildEmbeddingsRequests: buildOpenAIEmbeddingsRequest,
  decodeEmbeddings: decodeOpenAIEmbeddings,
  classifyError: classifyOpenAIError,
};
