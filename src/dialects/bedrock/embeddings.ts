/**
 * Bedrock embeddings through InvokeModel (`POST {base}/model/{modelId}/invoke`), in the model's own body:
 * - Amazon Titan Text Embeddings: `{inputText, dimensions?}` → `{embedding, inputTextTokenCount}`, one text a call,
 *   so several inputs are several calls;
 * - Cohere Embed on Bedrock: Cohere's body without `model` (`{texts, input_type, embedding_types}`), 96 texts a call.
 * Tokens billed come from the body (Titan) or Bedrock's `x-amzn-bedrock-input-token-count` header.
 */
import type { DecodedEmbeddings, EmbeddingsAnswer, EmbeddingsAttemptContext, EmbeddingsCodec, WireRequest } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { answerObject, asVector, malformedEmbeddings, unsupportedInput } from '../embeddings-wire.js';
import { isRecord } from '../../internal/json.js';
import { cohereEmbedBodies, decodeCohereAnswers } from '../cohere/embeddings.js';
import { bedrockHeaders } from './auth.js';
import { classifyBedrockError } from './errors.js';

const isCohere = (model: string): boolean => /^([a-z]{2}\.)?cohere\.embed/.test(model);
const isTitan = (model: string): boolean => /^([a-z]{2}\.)?amazon\.titan-embed/.test(model);

async function invoke(ctx: EmbeddingsAttemptContext, body: Record<string, unknown>): Promise<WireRequest> {
  const provider = ctx.provider;
  const path = `${provider.basePath}${provider.entry.chatPath}/${encodeURIComponent(ctx.upstreamModel)}/invoke`;
  const text = JSON.stringify(body);
  return { method: 'POST', origin: provider.origin, path, headers: await bedrockHeaders(ctx, path, text), body: text };
}

export async function buildBedrockEmbeddingsRequests(ctx: EmbeddingsAttemptContext): Promise<WireRequest[] | ProviderError> {
  if (typeof ctx.texts[0] !== 'string') return unsupportedInput(ctx, 'token ids as input');
  if (isCohere(ctx.upstreamModel)) {
    const bodies = cohereEmbedBodies(ctx);
    return Array.isArray(bodies) ? Promise.all(bodies.map((body) => invoke(ctx, body))) : bodies;
  }
  if (isTitan(ctx.upstreamModel)) {
    const dimensions = ctx.request.dimensions;
    return Promise.all((ctx.texts as string[]).map((inputText) => invoke(ctx, { inputText, ...(dimensions !== undefined ? { dimensions } : {}) })));
  }
  return new ProviderError({
    errorClass: 'unsupported', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'unsupported_model',
    message: `WAI does not know the embeddings body of Bedrock model ${ctx.upstreamModel} (it speaks Titan and Cohere embeddings)`,
  });
}

function headerTokens(answer: EmbeddingsAnswer): number | null {
  const value = Number(answer.headers['x-amzn-bedrock-input-token-count']);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

export function decodeBedrockEmbeddings(answers: EmbeddingsAnswer[], ctx: EmbeddingsAttemptContext): DecodedEmbeddings | ProviderError {
  if (isCohere(ctx.upstreamModel)) return decodeCohereAnswers(answers, ctx, headerTokens);
  const vectors: number[][] = [];
  let tokens: number | null = 0;
  for (const answer of answers) {
    const payload = answerObject(answer, ctx);
    if (!isRecord(payload)) return payload;
    const vector = asVector(payload.embedding);
    if (!vector) return malformedEmbeddings(ctx, 'no `embedding`');
    vectors.push(vector);
    const count = typeof payload.inputTextTokenCount === 'number' ? payload.inputTextTokenCount : headerTokens(answer);
    tokens = tokens === null || count === null ? null : tokens + count;
  }
  return { vectors, promptTokens: tokens };
}

export const bedrockEmbeddings: EmbeddingsCodec = {
  buildEmbeddingsRequests: buildBedrockEmbeddingsRequests,
  decodeEmbeddings: decodeBedrockEmbeddings,
  classifyError: classifyBedrockError,
};
