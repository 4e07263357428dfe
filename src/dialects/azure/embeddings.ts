/**
 * Azure OpenAI embeddings: OpenAI's body on the deployment, like chat
 * (`{base}/deployments/{deployment}/embeddings?api-version=…`, or `{base}/v1/embeddings` when the API version is `v1`).
 */
import type { EmbeddingsAttemptContext, EmbeddingsCodec, WireRequest } from '../types.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord } from '../../internal/json.js';
import { decodeOpenAIEmbeddings, openAIEmbeddingsBody } from '../openai/embeddings.js';
import { DEFAULT_AZURE_API_VERSION, missingEndpoint } from './request.js';
import { classifyAzureError } from './errors.js';

export function buildAzureEmbeddingsRequest(ctx: EmbeddingsAttemptContext): WireRequest[] | ProviderError {
  const provider = ctx.provider;
  if (!provider.origin) return missingEndpoint(provider, ctx.upstreamModel);
  const body = openAIEmbeddingsBody(ctx);
  if (!isRecord(body)) return body;
  const version = provider.settings.apiVersion?.trim() || DEFAULT_AZURE_API_VERSION;
  const path = version === 'v1'
    ? `${provider.basePath}/v1/embeddings`
    : `${provider.basePath}/deployments/${encodeURIComponent(ctx.upstreamModel)}/embeddings?api-version=${encodeURIComponent(version)}`;
  return [{ method: 'POST', origin: provider.origin, path, headers: provider.wireHeaders(), body: JSON.stringify(body) }];
}

export const azureEmbeddings: EmbeddingsCodec = {
  buildEmbeddingsRequests: buildAzureEmbeddingsRequest,
  decodeEmbeddings: decodeOpenAIEmbeddings,
  classifyError: classifyAzureError,
};
