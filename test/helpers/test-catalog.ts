import type { CatalogData, Capabilities, Offering } from '../../src/catalog/types.js';

const all: Capabilities = { tools: true, vision: true, json: true, streaming: true };
const textOnly: Capabilities = { tools: false, vision: false, json: false, streaming: true };

function offer(provider: string, upstreamId: string, inputPrice: number, outputPrice: number, contextWindow = 128_000, capabilities = all, free = false): Offering {
  return { provider, upstreamId, inputPrice, outputPrice, contextWindow, capabilities, ...(free ? { free: true } : {}) };
}

/** A small, fixed catalog for planner tests: prices and windows chosen to make orderings unambiguous. */
export const TEST_CATALOG: CatalogData = {
  asOf: '2026-11-01',
  sources: ['test fixture'],
  models: [
    {
      id: 'llama-3.1-405b-instruct', name: 'Llama 3.1 405B Instruct', vendor: 'meta', class: 'large-open', quality: 80,
      aliases: ['llama-3.1-405b', 'meta-llama/llama-3.1-405b-instruct'],
      offerings: [
        offer('openrouter', 'meta-llama/llama-3.1-405b-instruct', 3, 3),
        offer('openrouter', 'meta-llama/llama-3.1-405b-instruct:free', 0, 0, 64_000, all, true),
        offer('together', 'meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', 3.5, 3.5),
        offer('fireworks', 'accounts/fireworks/models/llama-v3p1-405b-instruct', 3, 3, 128_000, { ...all, vision: false }),
        offer('replicate', 'meta/meta-llama-3.1-405b-instruct', 9.5, 9.5, 128_000, textOnly),
      ],
    },
    {
      id: 'llama-3.3-70b-instruct', name: 'Llama 3.3 70B Instruct', vendor: 'meta', class: 'large-open', quality: 70,
      aliases: ['llama-3.3-70b'],
      offerings: [
        offer('meta', 'Llama-3.3-70B-Instruct', 0.6, 0.6),
        offer('groq', 'llama-3.3-70b-versatile', 0.59, 0.79, 8_000),
        offer('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 0.88, 0.88),
        offer('openrouter', 'meta-llama/llama-3.3-70b-instruct', 0.1, 0.3),
      ],
    },
    {
      id: 'command-a', name: 'Command A', vendor: 'cohere', class: 'frontier', quality: 60,
      aliases: ['command-a-03-2025'],
      offerings: [
        offer('cohere', 'command-a-03-2025', 2.5, 10, 256_000),
        offer('openrouter', 'cohere/command-a', 2.5, 10, 256_000),
      ],
    },
    {
      id: 'claude-sonnet-4', name: 'Claude Sonnet 4', vendor: 'anthropic', class: 'frontier', quality: 90,
      aliases: ['claude-sonnet-4-20250514'],
      offerings: [
        offer('anthropic', 'claude-sonnet-4-20250514', 3, 15, 200_000),
        offer('openrouter', 'anthropic/claude-sonnet-4', 3, 15, 200_000),
      ],
    },
    {
      id: 'gpt-4o', name: 'GPT-4o', vendor: 'openai', class: 'frontier', quality: 85,
      aliases: [],
      offerings: [offer('openai', 'gpt-4o', 2.5, 10), offer('openrouter', 'openai/gpt-4o', 2.5, 10)],
    },
  ],
};
