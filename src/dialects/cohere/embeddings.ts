/**
 * Cohere embeddings (v2): `POST {base}/v2/embed` with `{model, texts, input_type, embedding_types:["float"],
 * output_dimension?}` → `{embeddings:{float:[[…]]}, meta:{billed_units:{input_tokens}}}`. Cohere's v3 and later
 * models require `input_type`; OpenAI's request has none, so a caller's own `input_type` is used, else
 * `search_document` (the usual case: embedding texts to store). Cohere takes at most 96 texts a call, so more
 * are sent as several calls.
 */
import type { DecodedEmbeddings, EmbeddingsAnswer, EmbeddingsAttemptContext, EmbeddingsCodec, WireRequest } from '../types.js';
import type { ProviderError } from '../../errors/provider-error.js';
import { answerObject, asVector, inGroups, malformedEmbeddings, unsupportedInput } from '../embeddings-wire.js';
import { isRecord } from '../../internal/json.js';
import { classifyCohereError } from './errors.js';

export const DEFAULT_INPUT_TYPE = 'search_document';
/** Cohere's limit of texts in one embed call (its own API and Bedrock's). */
export const COHERE_MAX_TEXTS = 96;

/** The bodies Cohere's embed takes, one per group of texts, on its own API and on Bedrock (where the model is in the path). */
export function cohereEmbedBodies(ctx: EmbeddingsAttemptContext): Array<Record<string, unknown>> | ProviderError {
  if (typeof ctx.texts[0] !== 'string') return unsupportedInput(ctx, 'token ids as input');
  return inGroups(ctx.texts as string[], COHERE_MAX_TEXTS).map((texts) => cohereEmbedBody(ctx, texts));
}

function cohereEmbedBody(ctx: EmbeddingsAttemptContext, texts: string[]): Record<string, unknown> {
  const { request } = ctx;
  return {
    texts,
    input_type: typeof request.input_type === 'string' ? request.input_type : DEFAULT_INPUT_TYPE,
    embedding_types: ['float'],
    ...(request.dimensions !== undefined ? { output_dimension: request.dimensions } : {}),
  };
}

export function buildCohereEmbeddingsRequest(ctx: EmbeddingsAttemptContext): WireRequest[] | ProviderError {
  const bodies = cohereEmbedBodies(ctx);
  if (!Array.isArray(bodies)) return bodies;
  const provider = ctx.provider;
  return bodies.map((body) => ({
    method: 'POST',
    origin: provider.origin,
    path: `${provider.basePath}/v2/embed`,
    headers: provider.wireHeaders(),
    body: JSON.stringify({ model: ctx.upstreamModel, ...body }),
  }));
}

/** `embeddings.float` (typed answer) or `embeddings` as a bare list (Bedrock without `embedding_types`), for one call's texts. */
export function cohereVectors(payload: Record<string, unknown>, expected: number, ctx: EmbeddingsAttemptContext): number[][] | ProviderError {
  const embeddings = payload.embeddings;
  const list = isRecord(embeddings) ? embeddings.float : embeddings;
  if (!Array.isArray(list)) return malformedEmbeddings(ctx, 'no float embeddings');
  if (list.length !== expected) return malformedEmbeddings(ctx, `${list.length} vectors for ${expected} inputs`);
  const vectors: number[][] = [];
  for (const item of list) {
    const vector = asVector(item);
    if (!vector) return malformedEmbeddings(ctx, 'a vector that is not a list of numbers');
    vectors.push(vector);
  }
  return vectors;
}

/** The vectors of every call, in order; tokens from Cohere's billed units (or `tokensOf`, Bedrock's header). */
export function decodeCohereAnswers(answers: EmbeddingsAnswer[], ctx: EmbeddingsAttemptContext, tokensOf: (answer: EmbeddingsAnswer, payload: Record<string, unknown>) => number | null): DecodedEmbeddings | ProviderError {
  const vectors: number[][] = [];
  let tokens: number | null = 0;
  for (let i = 0; i < answers.length; i++) {
    const payload = answerObject(answers[i]!, ctx);
    if (!isRecord(payload)) return payload;
    const expected = Math.min(COHERE_MAX_TEXTS, ctx.texts.length - i * COHERE_MAX_TEXTS);
    const group = cohereVectors(payload, expected, ctx);
    if (!Array.isArray(group)) return group;
    vectors.push(...group);
    const count = tokensOf(answers[i]!, payload);
    tokens = tokens === null || count === null ? null : tokens + count;
  }
  return { vectors, promptTokens: tokens };
}

function billedTokens(_answer: EmbeddingsAnswer, payload: Record<string, unknown>): number | null {
  const meta = isRecord(payload.meta) ? payload.meta : undefined;
  const billed = isRecord(meta?.billed_units) ? meta.billed_units : undefined;
  return typeof billed?.input_tokens === 'number' ? billed.input_tokens : null;
}

export function decodeCohereEmbeddings(answers: EmbeddingsAnswer[], ctx: EmbeddingsAttemptContext): DecodedEmbeddings | ProviderError {
  return decodeCohereAnswers(answers, ctx, billedTokens);
}

export const cohereEmbeddings: EmbeddingsCodec = {
  buildEmbeddingsRequests: buildCohereEmbeddingsRequest,
  decodeEmbeddings: decodeCohereEmbeddings,
  classifyError: classifyCohereError,
};
