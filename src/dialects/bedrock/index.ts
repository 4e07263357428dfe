import type { Dialect } from '../types.js';
import { buildBedrockChatRequest } from './request.js';
import { decodeBedrockChatResponse } from './response.js';
import { createBedrockStreamTranslator } from './stream.js';
import { classifyBedrockError } from './errors.js';
import { bedrockEmbeddings } from './embeddings.js';

/**
 * AWS Bedrock's Converse API: `POST /model/{modelId}/converse` (JSON) and `/converse-stream` (binary AWS
 * event stream), authenticated with a Bedrock API key (Bearer) or SigV4. Translates the canonical OpenAI
 * request and response both ways.
 */
export const bedrockDialect: Dialect = {
  id: 'bedrock',
  chat: {
    buildChatRequest: buildBedrockChatRequest,
    decodeChatResponse: decodeBedrockChatResponse,
    createStreamTranslator: createBedrockStreamTranslator,
    classifyError: classifyBedrockError,
  },
  embeddings: bedrockEmbeddings,
};
