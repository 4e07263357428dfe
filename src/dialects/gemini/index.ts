import type { Dialect } from '../types.js';
import { buildGeminiChatRequest } from './request.js';
import { decodeGeminiChatResponse } from './response.js';
import { createGeminiStreamTranslator } from './stream.js';
import { classifyGeminiError } from './errors.js';
import { geminiEmbeddings } from './embeddings.js';

/**
 * Google's Gemini API (`generateContent`), translated to and from the canonical OpenAI shapes.
 * request.ts/messages.ts/media.ts/schema.ts build the wire request; response.ts and stream.ts read answers back;
 * errors.ts classifies google.rpc failures.
 */
export const geminiDialect: Dialect = {
  id: 'gemini',
  chat: {
    buildChatRequest: buildGeminiChatRequest,
    decodeChatResponse: decodeGeminiChatResponse,
    createStreamTranslator: createGeminiStreamTranslator,
    classifyError: classifyGeminiError,
  },
  embeddings: geminiEmbeddings,
};
