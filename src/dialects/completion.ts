import type { AssistantMessage, ChatCompletion, FinishReason, Usage } from '../types/chat.js';
import type { AttemptContext, DecodedCompletion } from './types.js';

/**
 * A translated whole answer of one choice as an OpenAI `chat.completion`: the provider's answer id when it sent
 * one (else one made from the request id), the upstream model, created now.
 */
export function oneChoiceCompletion(ctx: AttemptContext, id: unknown, message: AssistantMessage, finish: FinishReason, usage: Usage | undefined): DecodedCompletion {
  const completion: ChatCompletion = {
    id: typeof id === 'string' && id ? id : `chatcmpl-${ctx.requestId}`,
    object: 'chat.completion',
    created: Math.floor(ctx.clock.now() / 1000),
    model: ctx.upstreamModel,
    choices: [{ index: 0, message, finish_reason: finish, logprobs: null }],
  };
  if (usage) completion.usage = usage;
  return { completion };
}
