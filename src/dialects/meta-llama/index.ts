import type { Dialect } from '../types.js';
import { buildLlamaChatRequest } from './request.js';
import { decodeLlamaChatResponse } from './response.js';
import { createLlamaStreamTranslator } from './stream.js';
import { classifyLlamaError } from './errors.js';

/**
 * Meta's Llama API, native wire (`POST {base}/chat/completions` with `completion_message` answers and
 * `event`-typed stream chunks). The OpenAI-compatible `/compat/v1` endpoint exists and is widely used for text,
 * streams and tools, but nothing public confirms that it reports usage in streams or takes every native field,
 * so the native wire, whose every field the official client types, is the one spoken.
 */
export const metaLlamaDialect: Dialect = {
  id: 'meta-llama',
  chat: {
    buildChatRequest: buildLlamaChatRequest,
    decodeChatResponse: decodeLlamaChatResponse,
    createStreamTranslator: createLlamaStreamTranslator,
    classifyError: classifyLlamaError,
  },
};
