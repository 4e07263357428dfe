import type { AttemptContext, ChatCodec, Dialect } from './types.js';
import { ProviderError } from '../errors/provider-error.js';

/** What each non-chat part serves, as a caller would look for it. */
const OFFERS: Record<'speech' | 'embeddings', string> = {
  speech: 'text to speech (POST /v1/audio/speech)',
  embeddings: 'embeddings (POST /v1/embeddings)',
};

/**
 * The chat part of a dialect, or the refusal of a chat attempt on a dialect without one (ElevenLabs): thrown as an
 * `unsupported` ProviderError, so the route moves on and nothing is sent. The planner does not skip such a
 * provider, because a caller who named one of its models gets this refusal as the clearest answer.
 */
export function chatOf(dialect: Dialect, ctx: Pick<AttemptContext, 'provider' | 'upstreamModel'>): ChatCodec {
  if (dialect.chat) return dialect.chat;
  const offers = (['speech', 'embeddings'] as const).filter((part) => dialect[part]).map((part) => OFFERS[part]);
  throw new ProviderError({
    errorClass: 'unsupported',
    provider: ctx.provider.id,
    model: ctx.upstreamModel,
    code: 'chat_not_offered',
    message: `${ctx.provider.entry.name} offers ${offers.join(' and ') || 'nothing the gateway speaks'} only; it has no chat completions.`,
  });
}
