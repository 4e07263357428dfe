import type { Dialect } from '../types.js';
import { buildAnthropicRequest } from './request.js';
import { decodeAnthropicResponse } from './response.js';
import { createAnthropicStreamTranslator } from './stream.js';
import { classifyAnthropicError } from './errors.js';

/**
 * Anthropic's Messages API (`POST /v1/messages`, `x-api-key`, `anthropic-version: 2023-06-01`):
 * canonical OpenAI requests are translated to it, and its answers, whole and streamed, back to OpenAI objects.
 */
export const anthropicDialect: Dialect = {
  id: 'anthropic',
  buildChatRequest: buildAnthropicRequest,
  decodeChatResponse: decodeAnthropicResponse,
  createStreamTranslator: createAnthropicStreamTranslator,
  classifyError: classifyAnthropicError,
};
