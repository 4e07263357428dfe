import type { ChatMessage, ChatRequest } from '../types/chat.js';
import { ProviderRuntime } from '../providers/runtime.js';

/**
 * How a provider is told to continue an answer another provider started (docs/architecture.md, Streaming).
 * - `prefill`: the partial answer is the last message, role assistant, and the model continues it.
 * - `prefix-flag`: the same with `prefix: true` on that message.
 * - `instruction`: the partial answer as an assistant turn, then a user turn asking to continue it.
 *
 * Sources, read 2026-12-06:
 * - Anthropic: "Prefill Claude's response" (platform.claude.com/docs/en/build-with-claude/prompt-engineering/
 *   prefill-claudes-response): a final assistant message is continued; it may not end in whitespace (the anthropic
 *   dialect trims it); not with extended thinking. "What's new in Claude 4.6" / the migration guide: prefilling
 *   returns a 400 on Claude 4.6 models and later, so those get the instruction.
 * - Mistral: the API's AssistantMessage schema, `prefix` ("Set this to true when adding an assistant message as
 *   prefix to condition the model response"), docs.mistral.ai API reference. Whether the answer repeats the
 *   prefix is not stated (U): the continuation drops a repeated prefix (continue-stream.ts).
 * - DeepSeek: "Chat Prefix Completion (Beta)" (api-docs.deepseek.com/guides/chat_prefix_completion): last message
 *   role assistant with `prefix: true`, and the base URL `https://api.deepseek.com/beta`.
 * - Every other provider (OpenAI and the OpenAI-compatible aggregators, Gemini, Cohere, Bedrock …): no documented
 *   prefill on the chat endpoint, so the instruction.
 */
export type ContinuationMode = 'prefill' | 'prefix-flag' | 'instruction';

export const CONTINUE_INSTRUCTION = 'Your previous answer was cut off. Continue it exactly where it stopped: do not repeat any of it, add no preamble or comment, output only the rest.';

/** The mode for a provider and upstream model, given what the request asks for. */
export function continuationMode(providerId: string, upstreamModel: string, request: ChatRequest): ContinuationMode {
  if (providerId === 'anthropic') return request.thinking === undefined && claudeAcceptsPrefill(upstreamModel) ? 'prefill' : 'instruction';
  if (providerId === 'mistral' || providerId === 'deepseek') return 'prefix-flag';
  return 'instruction';
}

/** Claude models before 4.6 accept a prefill; 4.6 and later answer it with a 400. */
export function claudeAcceptsPrefill(model: string): boolean {
  // claude-3-5-sonnet-20241022, claude-3-haiku-20240307
  if (/claude-[0-3](?:[-.]\d)?-/.test(model)) return true;
  // claude-sonnet-4-5-20250929, claude-opus-4-1, claude-sonnet-4-20250514, claude-opus-4-6
  const named = /claude-(?:opus|sonnet|haiku)-(\d+)(?:[-.](\d)(?!\d))?/.exec(model);
  if (!named) return false;
  const major = Number(named[1]);
  const minor = Number(named[2] ?? 0);
  return major < 4 || (major === 4 && minor <= 5);
}

/** The request that asks for the rest of the answer, and the provider runtime to send it with. */
export function continuationRequest(request: ChatRequest, partial: string, mode: ContinuationMode): ChatRequest {
  const messages: ChatMessage[] = [...request.messages];
  if (partial) {
    if (mode === 'instruction') {
      messages.push({ role: 'assistant', content: partial }, { role: 'user', content: CONTINUE_INSTRUCTION });
    } else {
      messages.push({ role: 'assistant', content: partial, ...(mode === 'prefix-flag' ? { prefix: true } : {}) });
    }
  }
  return { ...request, messages };
}

const betaRuntimes = new WeakMap<ProviderRuntime, ProviderRuntime>();

/** DeepSeek serves prefix completion only under `/beta` of its API; every other provider as configured. */
export function continuationProvider(provider: ProviderRuntime, mode: ContinuationMode): ProviderRuntime {
  if (provider.id !== 'deepseek' || mode !== 'prefix-flag' || !provider.baseUrl) return provider;
  let beta = betaRuntimes.get(provider);
  if (!beta) {
    const base = provider.baseUrl.replace(/\/v1$/, '');
    beta = new ProviderRuntime(provider.entry, provider.key, `${base}/beta`, { ...provider.settings });
    betaRuntimes.set(provider, beta);
  }
  return beta;
}
