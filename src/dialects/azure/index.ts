import type { Dialect } from '../types.js';
import { decodeOpenAIChatResponse } from '../openai/response.js';
import { buildAzureChatRequest } from './request.js';
import { createAzureStreamTranslator } from './stream.js';
import { classifyAzureError } from './errors.js';
import { azureEmbeddings } from './embeddings.js';

/**
 * Azure OpenAI: OpenAI's wire with Azure's URLs, `api-key` auth, content-filter annotations and error codes.
 * Whole responses are OpenAI objects (plus `prompt_filter_results` and per-choice `content_filter_results`,
 * forwarded as they are), so the OpenAI decoder serves them.
 */
export const azureDialect: Dialect = {
  id: 'azure',
  chat: {
    buildChatRequest: buildAzureChatRequest,
    decodeChatResponse: decodeOpenAIChatResponse,
    createStreamTranslator: createAzureStreamTranslator,
    classifyError: classifyAzureError,
  },
  // Azure OpenAI serves the Responses API only in its v1 API (`{endpoint}/openai/v1/responses`, model = deployment;
  // learn.microsoft.com "Azure OpenAI Responses API", read 2026-12-06), so only when that form is configured.
  responses: {
    pathOf: (provider) => provider.origin && provider.settings.apiVersion?.trim() === 'v1' ? `${provider.basePath}/v1/responses` : undefined,
    classifyError: classifyAzureError,
  },
  embeddings: azureEmbeddings,
};
