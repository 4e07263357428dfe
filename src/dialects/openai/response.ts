import type { AttemptContext, DecodedCompletion } from '../types.js';
import type { ChatCompletion, Usage } from '../../types/chat.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord } from '../../internal/json.js';
import { inBodyError } from './errors.js';
import { flattenContentParts } from './normalise.js';
import { malformedAnswer, readAnswerObject } from '../failures.js';

/**
 * Decodes a whole OpenAI-dialect response. Parsed once, to check it and read usage; when no quirk
 * needs to change it, the upstream bytes are forwarded as they came.
 */
export function decodeOpenAIChatResponse(bytes: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError {
  const body = readAnswerObject(bytes, ctx);
  if (ProviderError.is(body)) return body;
  // Some aggregators answer a failure with HTTP 200 and an error object.
  if (isRecord(body.error) || typeof body.error === 'string') return inBodyError(body, ctx);
  if (!Array.isArray(body.choices)) return malformedAnswer(ctx, 'a response without a choices array');

  let changed = false;
  if (body.object !== 'chat.completion') {
    body.object = 'chat.completion';
    changed = true;
  }
  for (const choice of body.choices as unknown[]) {
    if (!isRecord(choice) || !isRecord(choice.message)) return malformedAnswer(ctx, 'a choice without a message');
    // Mistral omits `type` on tool calls; OpenAI clients expect it.
    const calls = choice.message.tool_calls;
    if (Array.isArray(calls)) {
      for (const call of calls) {
        if (isRecord(call) && call.type === undefined) {
          call.type = 'function';
          changed = true;
        }
      }
    }
    if (flattenContentParts(choice.message)) changed = true;
    if (ctx.provider.entry.quirks?.usageInsideChoice && isRecord(choice.usage) && !isRecord(body.usage)) {
      body.usage = choice.usage;
      delete choice.usage;
      changed = true;
    }
  }
  const completion = body as unknown as ChatCompletion;
  if (!completion.usage && isRecord(body.x_groq) && isRecord(body.x_groq.usage)) {
    completion.usage = body.x_groq.usage as unknown as Usage;
    changed = true;
  }
  return changed ? { completion } : { completion, passthrough: bytes };
}
