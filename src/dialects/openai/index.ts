import type { Dialect } from '../types.js';
import { buildOpenAIChatRequest } from './request.js';
import { decodeOpenAIChatResponse } from './response.js';
import { createOpenAIStreamTranslator } from './stream.js';
import { classifyOpenAIError } from './errors.js';
import { openaiSpeech } from './speech.js';
import { openaiEmbeddings } from './embeddings.js';

/** The OpenAI Chat Completions wire format, spoken by most providers; their deviations are data on the provider entry. */
export const openaiDialect: Dialect = {
  id: 'openai',
  chat: {
    buildChatRequest: buildOpenAIChatRequest,
    decodeChatResponse: decodeOpenAIChatResponse,
    createStreamTranslator: createOpenAIStreamTranslator,
    classifyError: classifyOpenAIError,
  },
  // Providers with their own Responses endpoint name its path on their registry entry (OpenAI, xAI).
  responses: {
    pathOf: (provider) => provider.entry.responsesPath ? provider.basePath + provider.entry.responsesPath : undefined,
    classifyError: classifyOpenAIError,
  },
  speech: openaiSpeech,
  embeddings: openaiEmbeddings,
};
