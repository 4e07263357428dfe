/**
 * Gemini embeddings: one text goes to `POST {base}/v1beta/models/{model}:embedContent` (`{content:{parts:[{text}]}}`
 * → `{embedding:{values}}`), several to `:batchEmbedContents` (`{requests:[{model:"models/…", content}]}` →
 * `{embeddings:[{values}]}`). `dimensions` is Gemini's `outputDimensionality`; a caller's `task_type` (Gemini's
 * `taskType`, e.g. RETRIEVAL_DOCUMENT) passes through. A batch holds at most 100 requests, so more inputs are
 * several calls. Gemini reports no token count for embeddings.
 */
import type { DecodedEmbeddings, EmbeddingsAnswer, EmbeddingsAttemptContext, EmbeddingsCodec, WireRequest } from '../types.js';
import type { ProviderError } from '../../errors/provider-error.js';
import { answerObject, asVector, inGroups, malformedEmbeddings, unsupportedInput } from '../embeddings-wire.js';
import { isRecord } from '../../internal/json.js';
import { wireModelName } from './request.js';
import { classifyGeminiError } from './errors.js';

export function buildGeminiEmbeddingsRequest(ctx: EmbeddingsAttemptContext): WireRequest[] | ProviderError {
  const { provider, request } = ctx;
  if (typeof ctx.texts[0] !== 'string') return unsupportedInput(ctx, 'token ids as input');
  const model = wireModelName(ctx.upstreamModel);
  const one = (text: string): Record<string, unknown> => ({
    model: `models/${model}`,
    content: { parts: [{ text }] },
    ...(typeof request.task_type === 'string' ? { taskType: request.task_type } : {}),
    ...(request.dimensions !== undefined ? { outputDimensionality: request.dimensions } : {}),
  });
  const single = typeof request.input === 'string';
  const path = `${provider.basePath}${provider.entry.chatPath}/${encodeURIComponent(model)}:${single ? 'embedContent' : 'batchEmbedContents'}`;
  const bodies = single ? [one(request.input as string)] : inGroups(ctx.texts as string[], GEMINI_MAX_BATCH).map((texts) => ({ requests: texts.map(one) }));
  return bodies.map((body) => ({ method: 'POST', origin: provider.origin, path, headers: provider.wireHeaders(), body: JSON.stringify(body) }));
}

/** Requests one batchEmbedContents call may hold. */
const GEMINI_MAX_BATCH = 100;

export function decodeGeminiEmbeddings(answers: EmbeddingsAnswer[], ctx: EmbeddingsAttemptContext): DecodedEmbeddings | ProviderError {
  const vectors: number[][] = [];
  for (const answer of answers) {
    const payload = answerObject(answer, ctx);
    if (!isRecord(payload)) return payload;
    const items = Array.isArray(payload.embeddings) ? payload.embeddings : payload.embedding !== undefined ? [payload.embedding] : undefined;
    if (!items) return malformedEmbeddings(ctx, 'no `embedding` or `embeddings`');
    for (const item of items) {
      const vector = isRecord(item) ? asVector(item.values) : undefined;
      if (!vector) return malformedEmbeddings(ctx, 'an embedding without `values`');
      vectors.push(vector);
    }
  }
  if (vectors.length !== ctx.texts.length) return malformedEmbeddings(ctx, `${vectors.length} vectors for ${ctx.texts.length} inputs`);
  return { vectors, promptTokens: null };
}

export const geminiEmbeddings: EmbeddingsCodec = {
  buildEmbeddingsRequests: buildGeminiEmbeddingsRequest,
  decodeEmbeddings: decodeGeminiEmbeddings,
  classifyError: classifyGeminiError,
};
