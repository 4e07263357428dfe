// unconfirmed: none of the token prices; note Perplexity also bills a fee per request (search context) and, for
//   deep research, per search and per reasoning token, which the token prices here leave out.
/** Perplexity's Sonar models, grounded in live web search: Perplexity's API and OpenRouter. No tool calls. */
import type { CanonicalModel } from '../types.js';
import { TEXT_JSON, model, offer } from './build.js';

export const PERPLEXITY_MODELS: CanonicalModel[] = [
  model({
    id: 'sonar',
    name: 'Sonar',
    vendor: 'perplexity',
    class: 'search',
    quality: 60,
    offerings: [
      offer('perplexity', 'sonar', 1, 1, 128_000, TEXT_JSON),
      offer('openrouter', 'perplexity/sonar', 1, 1, 127_072, TEXT_JSON),
    ],
  }),
  model({
    id: 'sonar-pro',
    name: 'Sonar Pro',
    vendor: 'perplexity',
    class: 'search',
    quality: 75,
    offerings: [
      offer('perplexity', 'sonar-pro', 3, 15, 200_000, TEXT_JSON),
      offer('openrouter', 'perplexity/sonar-pro', 3, 15, 200_000, TEXT_JSON),
    ],
  }),
  model({
    id: 'sonar-reasoning-pro',
    name: 'Sonar Reasoning Pro',
    vendor: 'perplexity',
    class: 'reasoning',
    quality: 74,
    offerings: [
      offer('perplexity', 'sonar-reasoning-pro', 2, 8, 128_000, TEXT_JSON),
      offer('openrouter', 'perplexity/sonar-reasoning-pro', 2, 8, 128_000, TEXT_JSON),
    ],
  }),
  model({
    id: 'sonar-deep-research',
    name: 'Sonar Deep Research',
    vendor: 'perplexity',
    class: 'search',
    quality: 85,
    offerings: [
      offer('perplexity', 'sonar-deep-research', 2, 8, 128_000, TEXT_JSON),
      offer('openrouter', 'perplexity/sonar-deep-research', 2, 8, 128_000, TEXT_JSON),
    ],
  }),
];
