/**
 * Cohere embeddings (v2): `POST {base}/v2/embed` with `{model, texts, input_type, embedding_types:["float"],
 * output_dimension?}` → `{embeddings:{float:[[…]]}, meta:{billed_units:{input_tokens}}}`. Cohere's v3 and later
 * models require `input_type`; OpenAI's request has none, so a caller's own `input_type` is used, else
 * `search_document` (the usual case: embedding texts to store).
 */
import type { DecodedEmbeddings, EmbeddingsAnswer, EmbeddingsAttemptContext, EmbeddingsCodec, WireRequest } from '../types.js';
import type { ProviderError } from '../../errors/provider-error.js';
import { answerObject, asVector, malformedEmbeddings, unsupportedInput } from '../../embeddings/wire.js';
import { isRecord } from '../../internal/json.js';
import { classifyCohereError } from './errors.js';

export const DEFAULT_INPUT_TYPE = 'search_document';

/** The body Cohere's embed takes, on its own API and on Bedrock (where the model is in the path). */
export function cohereEmbedBody(ctx: EmbeddingsAttemptContext): Record<string, unknown> | ProviderError {
  if (typeof ctx.texts[0] !== 'string') return unsupportedInput(ctx, 'token ids as input');
  const { request } = ctx;
  return {
    texts: ctx.texts,
    input_type: typeof request.input_type === 'string' ? request.input_type : DEFAULT_INPUT_TYPE,
    embedding_types: ['float'],
    ...(request.dimensions !== undefined ? { output_dimension: request.dimensions } : {}),
  };
}

export function buildCohereEmbeddingsRequest(ctx: EmbeddingsAttemptContext): WireRequest[] | ProviderError {
  const body = cohereEmbedBody(ctx);
  if (!isRecord(body)) return body;
  const provider = ctx.provider;
  return [{
    method: 'POST',
    origin: provider.origin,
    path: `${provider.basePath}/v2/embed`,
    headers: provider.wireHeaders(),
    body: JSON.stringify({ model: ctx.upstreamModel, ...body }),
  }];
}

/** `embeddings.float` (typed answer) or `embeddings` as a bare list (Bedrock without `embedding_types`). */
export function cohereVectors(payload: Record<string, unknown>, ctx: EmbeddingsAttemptContext): number[][] | ProviderError {
  const embeddings = payload.embeddings;
  const list = isRecord(embeddings) ? embeddings.float : embeddings;
  if (!Array.isArray(list)) return malformedEmbeddings(ctx, 'no float embeddings');
  if (list.length !== ctx.texts.length) return malformedEmbeddings(ctx, `${list.length} vectors for ${ctx.texts.length} inputs`);
  const vectors: number[][] = [];
  for (const item of list) {
    const vector = asVector(item);
    if (!vector) return malformedEmbeddings(ctx, 'a vector that is not a list of numbers');
    vectors.push(vector);
  }
  return vectors;
}

export function decodeCohereEmbeddings(answers: EmbeddingsAnswer[], ctx: EmbeddingsAttemptContext): DecodedEmbeddings | ProviderError {
  const payload = answerObject(answers[0]!, ctx);
  if (!isRecord(payload)) return payload;
  const vectors = cohereVectors(payload, ctx);
  if (!Array.isArray(vectors)) return vectors;
  const meta = isRecord(payload.meta) ? payload.meta : undefined;
  const billed = isRecord(meta?.billed_units) ? meta.billed_units : undefined;
  return { vectors, promptTokens: typeof billed?.input_tokens === 'number' ? billed.input_tokens : null };
}

export const cohereEmbeddings: EmbeddingsCodec = {
  buildEmbeddingsRequests: buildCohereEmbeddingsRequest,
  decodeEmbeddings: decodeCohereEmbeddings,
  classifyError: classifyCohereError,
};
