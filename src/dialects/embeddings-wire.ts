/** Pieces every embeddings codec shares: reading an answer's JSON, and the error for an answer that is not one. */
import type { EmbeddingsAnswer, EmbeddingsAttemptContext } from './types.js';
import { ProviderError } from '../errors/provider-error.js';
import { isRecord, parseJson } from '../internal/json.js';

/** An answer that is not the embeddings the provider promised: transient (another try, or the next provider). */
export function malformedEmbeddings(ctx: EmbeddingsAttemptContext, why: string): ProviderError {
  return new ProviderError({
    errorClass: 'transient', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'malformed_response',
    message: `${ctx.provider.entry.name} sent an embeddings answer WAI cannot read: ${why}`,
  });
}

/** The JSON object of an answer, or the error saying it is not one. */
export function answerObject(answer: EmbeddingsAnswer, ctx: EmbeddingsAttemptContext): Record<string, unknown> | ProviderError {
  const parsed = parseJson(Buffer.from(answer.body.buffer, answer.body.byteOffset, answer.body.byteLength).toString('utf8'));
  if (!parsed.ok) return malformedEmbeddings(ctx, `not JSON (${parsed.error.message})`);
  if (!isRecord(parsed.value)) return malformedEmbeddings(ctx, 'not a JSON object');
  return parsed.value;
}

/** A list of numbers, as a vector; undefined for anything else. */
export function asVector(value: unknown): number[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  for (const n of value) if (typeof n !== 'number') return undefined;
  return value as number[];
}

/** A refusal of something this provider cannot take (token ids, a parameter): the request, not the provider, is at fault here. */
export function unsupportedInput(ctx: EmbeddingsAttemptContext, what: string): ProviderError {
  return new ProviderError({
    errorClass: 'invalid_request', provider: ctx.provider.id, model: ctx.upstreamModel, code: 'unsupported_parameter',
    message: `${ctx.provider.entry.name} does not take ${what} for embeddings`,
  });
}

/** Inputs in groups of at most `size`, for providers that cap the texts one call may carry. */
export function inGroups<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
