import type { AttemptContext, DecodedCompletion } from '../types.js';
import type { ChatCompletion, Usage } from '../../types/chat.js';
import { ProviderError } from '../../errors/provider-error.js';
import { isRecord, parseJson } from '../../internal/json.js';
import { inBodyError } from './errors.js';
import { flattenContentParts } from './normalise.js';

const decoder = new TextDecoder();

/**
 * Decodes a whole OpenAI-dialect response. Parsed once, to check it and read usage; when no quirk
 * needs to change it, the upstream bytes are forwarded as they came.
 */
export function decodeOpenAIChatResponse(bytes: Uint8Array, ctx: AttemptContext): DecodedCompletion | ProviderError {
  const parsed = parseJson(decoder.decode(bytes));
  if (!parsed.ok || !isRecord(parsed.value)) {
    return malformed(ctx, parsed.ok ? 'response body is not a JSON object' : `response body is not JSON: ${parsed.error.message}`);
  }
  const body = parsed.value;
  // Some aggregators answer a failure with HTTP 200 and an error object.
  if (isRecord(body.error) || typeof body.error === 'string') return inBodyError(body, ctx);
  if (!Array.isArray(body.choices)) return malformed(ctx, 'response has no choices array');

  let changed = false;
  if (body.object !== 'chat.completion') {
    body.object = 'chat.completion';
    changed = true;
  }
  for (const choice of body.choices as unknown[]) {
    if (!isRecord(choice) || !isRecord(choice.message)) return malformed(ctx, 'a choice has no message');
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

function malformed(ctx: AttemptContext, message: string): ProviderError {
  return new ProviderError({
    errorClass: 'transient',
    provider: ctx.provider.id,
    model: ctx.upstreamModel,
    code: 'malformed_response',
    message: `${ctx.provider.entry.name} sent a malformed response: ${message}`,
  });
}
