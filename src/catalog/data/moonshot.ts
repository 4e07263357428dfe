// unconfirmed: Kimi K2 on Hugging Face (price of one routed provider); Kimi K2 0905 on Fireworks (priced as the
//   first K2 there); Kimi K2.6 on Moonshot's own API (price and window taken as OpenRouter lists them).
/**
 * Moonshot's Kimi K2 line (1T-parameter MoE, open weights). Moonshot's own API retired the K2 preview ids and
 * `kimi-k2-thinking` on 2026-05-25 and serves Kimi K2.6 and K2.5 now (see `retired.ts`); hosts (OpenRouter,
 * Together, Fireworks, Groq, Hugging Face) still serve the open-weight K2 releases. The retired Moonshot ids stay
 * aliases of their models, so a request for one is served by a host under the same weights.
 * OpenRouter figures: its model list of 2026-05-01.
 */
import type { CanonicalModel } from '../types.js';
import { TOOLS_JSON, VISION_TOOLS_JSON, model, offer, unconfirmed } from './build.js';

export const MOONSHOT_MODELS: CanonicalModel[] = [
  model({
    id: 'kimi-k2.6',
    name: 'Kimi K2.6',
    vendor: 'moonshot',
    family: 'kimi-k2',
    class: 'large-open',
    quality: 92,
    aliases: ['moonshotai/Kimi-K2.6'],
    offerings: [
      unconfirmed(offer('moonshot', 'kimi-k2.6', 0.74, 3.49, 262_144, VISION_TOOLS_JSON), 'price as OpenRouter lists it'),
      offer('openrouter', 'moonshotai/kimi-k2.6', 0.74, 3.49, 262_142, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'kimi-k2.5',
    name: 'Kimi K2.5',
    vendor: 'moonshot',
    family: 'kimi-k2',
    class: 'large-open',
    quality: 90,
    aliases: ['moonshotai/Kimi-K2.5'],
    offerings: [
      unconfirmed(offer('moonshot', 'kimi-k2.5', 0.44, 2, 262_144, VISION_TOOLS_JSON), 'price as OpenRouter lists it'),
      offer('openrouter', 'moonshotai/kimi-k2.5', 0.44, 2, 262_144, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'kimi-k2',
    name: 'Kimi K2 (0711)',
    vendor: 'moonshot',
    family: 'kimi-k2',
    class: 'large-open',
    quality: 86,
    aliases: ['kimi-k2-0711', 'kimi-k2-instruct', 'kimi-k2-0711-preview'],
    offerings: [
      offer('openrouter', 'moonshotai/kimi-k2', 0.57, 2.3, 131_072, TOOLS_JSON),
      offer('together', 'moonshotai/Kimi-K2-Instruct', 1, 3, 131_072, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/kimi-k2-instruct', 0.6, 2.5, 131_072, TOOLS_JSON),
      offer('groq', 'moonshotai/kimi-k2-instruct', 1, 3, 131_072, TOOLS_JSON),
      offer('huggingface', 'moonshotai/Kimi-K2-Instruct', 1, 3, 131_072, TOOLS_JSON),
    ],
  }),
  model({
    id: 'kimi-k2-0905',
    name: 'Kimi K2 (0905)',
    vendor: 'moonshot',
    family: 'kimi-k2',
    class: 'large-open',
    quality: 88,
    aliases: ['kimi-k2-instruct-0905', 'kimi-k2-0905-preview', 'kimi-k2-turbo', 'kimi-k2-turbo-preview'],
    offerings: [
      offer('openrouter', 'moonshotai/kimi-k2-0905', 0.4, 2, 262_144, TOOLS_JSON),
      offer('together', 'moonshotai/Kimi-K2-Instruct-0905', 1, 3, 262_144, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/kimi-k2-instruct-0905', 0.6, 2.5, 262_144, TOOLS_JSON),
      offer('groq', 'moonshotai/kimi-k2-instruct-0905', 1, 3, 262_144, TOOLS_JSON),
      offer('huggingface', 'moonshotai/Kimi-K2-Instruct-0905', 0.6, 2.5, 262_144, TOOLS_JSON),
    ],
  }),
  model({
    id: 'kimi-k2-thinking',
    name: 'Kimi K2 Thinking',
    vendor: 'moonshot',
    family: 'kimi-k2',
    class: 'reasoning',
    quality: 88,
    offerings: [
      offer('openrouter', 'moonshotai/kimi-k2-thinking', 0.6, 2.5, 262_144, TOOLS_JSON),
      offer('huggingface', 'moonshotai/Kimi-K2-Thinking', 0.6, 2.5, 262_144, TOOLS_JSON),
    ],
  }),
];
