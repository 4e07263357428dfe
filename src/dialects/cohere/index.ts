import type { Dialect } from '../types.js';
import { buildCohereChatRequest } from './request.js';
import { decodeCohereChatResponse } from './response.js';
import { createCohereStreamTranslator } from './stream.js';
import { classifyCohereError } from './errors.js';
import { cohereEmbeddings } from './embeddings.js';

/** Cohere's v2 chat API (POST /v2/chat): its own request, response, stream events and error bodies. */
export const cohereDialect: Dialect = {
  id: 'cohere',
  chat: {
    buildChatRequest: buildCohereChatRequest,
    decodeChatResponse: decodeCohereChatResponse,
    createStreamTranslator: createCohereStreamTranslator,
    classifyError: classifyCohereError,
  },
  embeddings: cohereEmbeddings,
};
