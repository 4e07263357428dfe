// unconfirmed: magistral-medium-latest context (128K assumed) and whether it is still served after Mistral Medium
//   3.5 folded reasoning into Medium; mistral-small-latest context (128K assumed); Mistral Large 3 on Bedrock
//   (vision and tools assumed as on Mistral's API). OpenRouter figures: its model list of 2026-05-01, which has no
//   Magistral and no `:free` Mistral Small, so neither is offered there.
/**
 * Mistral's models. The `-latest` ids move: as of this catalog `mistral-large-latest` is Mistral Large 3 (2512,
 * open weights) and `mistral-medium-latest` is Mistral Medium 3.5 (April 2026, open weights; Medium 3 and 3.1
 * were deprecated in May 2026). OpenRouter's `mistralai/mistral-large` and `mistralai/mistral-medium-3.1` are the
 * older generations of the same lines and are priced as such.
 */
import type { CanonicalModel } from '../types.js';
import { TOOLS_JSON, VISION_TOOLS, VISION_TOOLS_JSON, model, offer } from './build.js';

export const MISTRAL_MODELS: CanonicalModel[] = [
  model({
    id: 'mistral-large',
    name: 'Mistral Large',
    vendor: 'mistral',
    class: 'large-open',
    quality: 78,
    aliases: ['mistral-large-3', 'mistral-large-2512', 'mistral-large-2411', 'mistral-large-2407'],
    offerings: [
      offer('mistral', 'mistral-large-latest', 0.5, 1.5, 262_144, VISION_TOOLS_JSON),
      offer('openrouter', 'mistralai/mistral-large-2512', 0.5, 1.5, 262_144, VISION_TOOLS_JSON),
      offer('openrouter', 'mistralai/mistral-large', 2, 6, 128_000, TOOLS_JSON),
      offer('bedrock', 'mistral.mistral-large-3-675b-instruct', 0.5, 1.5, 256_000, VISION_TOOLS),
    ],
  }),
  model({
    id: 'mistral-medium',
    name: 'Mistral Medium',
    vendor: 'mistral',
    class: 'large-open',
    quality: 84,
    aliases: ['mistral-medium-3.5', 'mistral-medium-3-5', 'mistral-medium-3.1', 'mistral-medium-2508'],
    offerings: [
      offer('mistral', 'mistral-medium-latest', 1.5, 7.5, 262_144, VISION_TOOLS_JSON),
      offer('openrouter', 'mistralai/mistral-medium-3.1', 0.4, 2, 131_072, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'magistral-medium',
    name: 'Magistral Medium',
    vendor: 'mistral',
    class: 'reasoning',
    quality: 72,
    aliases: ['magistral-medium-2509', 'magistral-medium-2506'],
    offerings: [
      offer('mistral', 'magistral-medium-latest', 2, 5, 131_072, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'codestral',
    name: 'Codestral',
    vendor: 'mistral',
    class: 'fast',
    quality: 56,
    aliases: ['codestral-2508'],
    offerings: [
      offer('mistral', 'codestral-latest', 0.3, 0.9, 256_000, TOOLS_JSON),
      offer('openrouter', 'mistralai/codestral-2508', 0.3, 0.9, 256_000, TOOLS_JSON),
    ],
  }),
  model({
    id: 'mistral-small',
    name: 'Mistral Small',
    vendor: 'mistral',
    class: 'fast',
    quality: 58,
    aliases: ['mistral-small-3.2', 'mistral-small-2506'],
    offerings: [
      offer('mistral', 'mistral-small-latest', 0.1, 0.3, 131_072, VISION_TOOLS_JSON),
      offer('openrouter', 'mistralai/mistral-small-3.2-24b-instruct', 0.075, 0.2, 128_000, VISION_TOOLS_JSON),
    ],
  }),
];
