import type { FailureContext } from './types.js';
import { ProviderError } from '../errors/provider-error.js';
import { isRecord, parseJson } from '../internal/json.js';

/** How much of an unreadable event or body an error message quotes. */
const EXCERPT = 120;

/** The start of an unreadable text, to quote in an error message. */
export function excerpt(text: string): string {
  return text.slice(0, EXCERPT);
}

/**
 * An answer the dialect cannot read (a body or stream event that is not what the wire format says): the
 * provider's transient failure, so the attempt is retried or moves on. Every dialect builds it here.
 */
export function malformedAnswer(ctx: FailureContext, detail: string, upstreamBody?: unknown): ProviderError {
  return new ProviderError({
    errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'malformed_response',
    message: `${ctx.provider.entry.name} sent a malformed answer: ${detail}`,
    ...(upstreamBody === undefined ? {} : { upstreamBody }),
  });
}

/** A stream whose body ended before its terminator (`missing` names it: `message_stop`, `it finished`). */
export function truncatedStream(ctx: FailureContext, missing: string): ProviderError {
  return new ProviderError({
    errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'truncated_stream',
    message: `${ctx.provider.entry.name} ended the stream before ${missing}`,
  });
}

const utf8 = new TextDecoder();

/** A whole 2xx body as the JSON object every dialect's answer is, or the malformed-answer error saying why not. */
export function readAnswerObject(bytes: Uint8Array, ctx: FailureContext): Record<string, unknown> | ProviderError {
  const parsed = parseJson(utf8.decode(bytes));
  if (!parsed.ok) return malformedAnswer(ctx, `the body is not JSON: ${parsed.error.message}`);
  if (!isRecord(parsed.value)) return malformedAnswer(ctx, 'the body is not a JSON object');
  return parsed.value;
}
