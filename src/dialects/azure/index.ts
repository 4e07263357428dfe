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
  buildChatRequest: buildAzureChatRequest,
  decodeChatResponse: decodeOpenAIChatResponse,
  createStreamTranslator: createAzureStreamTranslator,
  classifyError: classifyAzureError,
  embeddings: azureEmbeddings,
};
