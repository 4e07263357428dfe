// unconfirmed: Kimi K2 on Hugging Face (price of one routed provider); Kimi K2 0905 on Fireworks (priced as the
//   first K2 there); OpenRouter `:free` context window. The Moonshot `kimi-k2-*-preview` ids and `kimi-k2-thinking`
//   are flagged deprecated by 2026 price lists (Kimi K2.5 and later replace them); still listed, retirement unknown.
/**
 * Moonshot's Kimi K2 (1T-parameter MoE, open weights): Moonshot's API, OpenRouter, Together, Fireworks, Groq and
 * Hugging Face. The first release (0711) and the 0905 update are separate models; the turbo id is a faster
 * serving of the newest K2 at a higher price; K2 Thinking is the reasoning variant.
 */
import type { CanonicalModel } from '../types.js';
import { TOOLS_JSON, freeOffer, model, offer } from './build.js';

export const MOONSHOT_MODELS: CanonicalModel[] = [
  model({
    id: 'kimi-k2',
    name: 'Kimi K2 (0711)',
    vendor: 'moonshot',
    class: 'large-open',
    quality: 86,
    aliases: ['kimi-k2-0711', 'kimi-k2-instruct'],
    offerings: [
      offer('moonshot', 'kimi-k2-0711-preview', 0.6, 2.5, 131_072, TOOLS_JSON),
      offer('openrouter', 'moonshotai/kimi-k2', 0.57, 2.3, 131_072, TOOLS_JSON),
      freeOffer('openrouter', 'moonshotai/kimi-k2:free', 32_768),
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
    class: 'large-open',
    quality: 88,
    aliases: ['kimi-k2-instruct-0905'],
    offerings: [
      offer('moonshot', 'kimi-k2-0905-preview', 0.6, 2.5, 262_144, TOOLS_JSON),
      offer('openrouter', 'moonshotai/kimi-k2-0905', 0.6, 2.5, 262_144, TOOLS_JSON),
      offer('together', 'moonshotai/Kimi-K2-Instruct-0905', 1, 3, 262_144, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/kimi-k2-instruct-0905', 0.6, 2.5, 262_144, TOOLS_JSON),
      offer('groq', 'moonshotai/kimi-k2-instruct-0905', 1, 3, 262_144, TOOLS_JSON),
      offer('huggingface', 'moonshotai/Kimi-K2-Instruct-0905', 0.6, 2.5, 262_144, TOOLS_JSON),
    ],
  }),
  model({
    id: 'kimi-k2-turbo',
    name: 'Kimi K2 Turbo',
    vendor: 'moonshot',
    class: 'large-open',
    quality: 88,
    offerings: [
      offer('moonshot', 'kimi-k2-turbo-preview', 1.15, 8, 262_144, TOOLS_JSON),
    ],
  }),
  model({
    id: 'kimi-k2-thinking',
    name: 'Kimi K2 Thinking',
    vendor: 'moonshot',
    class: 'reasoning',
    quality: 88,
    offerings: [
      offer('moonshot', 'kimi-k2-thinking', 0.6, 2.5, 262_144, TOOLS_JSON),
      offer('openrouter', 'moonshotai/kimi-k2-thinking', 0.6, 2.5, 262_144, TOOLS_JSON),
      offer('huggingface', 'moonshotai/Kimi-K2-Thinking', 0.6, 2.5, 262_144, TOOLS_JSON),
    ],
  }),
];
