import type { Dialect } from '../types.js';
import { buildAnthropicRequest } from './request.js';
import { decodeAnthropicResponse } from './response.js';
import { createAnthropicStreamTranslator } from './stream.js';
import { createAnthropicNativeRelay } from './native-stream.js';
import { classifyAnthropicError } from './errors.js';
import { nativeBodyOf } from '../native-body.js';

/**
 * Anthropic's Messages API (`POST /v1/messages`, `x-api-key`, `anthropic-version: 2023-06-01`):
 * canonical OpenAI requests are translated to it, and its answers, whole and streamed, back to OpenAI objects.
 * A request that came in as Anthropic's own format (POST /v1/messages on the gateway) passes through instead.
 */
export const anthropicDialect: Dialect = {
  id: 'anthropic',
  chat: {
    buildChatRequest: buildAnthropicRequest,
    decodeChatResponse: decodeAnthropicResponse,
    createStreamTranslator: (ctx, sink) => nativeBodyOf(ctx.request, 'anthropic-messages')
      ? createAnthropicNativeRelay(ctx, sink)
      : createAnthropicStreamTranslator(ctx, sink),
    classifyError: classifyAnthropicError,
  },
};
