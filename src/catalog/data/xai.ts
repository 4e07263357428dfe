// unconfirmed: none of the prices or windows listed.
/** xAI's Grok models: xAI's API and OpenRouter (`x-ai/…`). Grok 4 always reasons; Grok 3 mini thinks briefly. */
import type { CanonicalModel } from '../types.js';
import { TOOLS_JSON, VISION_TOOLS_JSON, model, offer } from './build.js';

export const XAI_MODELS: CanonicalModel[] = [
  model({
    id: 'grok-4',
    name: 'Grok 4',
    vendor: 'xai',
    class: 'frontier',
    quality: 91,
    aliases: ['grok-4-0709', 'grok-4-latest'],
    offerings: [
      offer('xai', 'grok-4', 3, 15, 256_000, VISION_TOOLS_JSON),
      offer('openrouter', 'x-ai/grok-4', 3, 15, 256_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'grok-3',
    name: 'Grok 3',
    vendor: 'xai',
    class: 'frontier',
    quality: 80,
    aliases: ['grok-3-latest', 'grok-3-beta'],
    offerings: [
      offer('xai', 'grok-3', 3, 15, 131_072, TOOLS_JSON),
      offer('openrouter', 'x-ai/grok-3', 3, 15, 131_072, TOOLS_JSON),
    ],
  }),
  model({
    id: 'grok-3-mini',
    name: 'Grok 3 mini',
    vendor: 'xai',
    class: 'fast',
    quality: 70,
    aliases: ['grok-3-mini-latest', 'grok-3-mini-beta'],
    offerings: [
      offer('xai', 'grok-3-mini', 0.3, 0.5, 131_072, TOOLS_JSON),
      offer('openrouter', 'x-ai/grok-3-mini', 0.3, 0.5, 131_072, TOOLS_JSON),
    ],
  }),
  model({
    id: 'grok-code-fast-1',
    name: 'Grok Code Fast 1',
    vendor: 'xai',
    class: 'fast',
    quality: 68,
    aliases: ['grok-code-fast'],
    offerings: [
      offer('xai', 'grok-code-fast-1', 0.2, 1.5, 256_000, TOOLS_JSON),
      offer('openrouter', 'x-ai/grok-code-fast-1', 0.2, 1.5, 256_000, TOOLS_JSON),
    ],
  }),
];
