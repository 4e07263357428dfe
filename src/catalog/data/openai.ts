// unconfirmed: gpt-oss on Hugging Face (price of one routed provider) and gpt-oss-20b on Together;
//   OpenRouter `:free` context windows (taken as the paid route's).
/**
 * OpenAI's models: its own API, Azure OpenAI (the upstream id is the model name, used as the deployment name;
 * Azure's global standard prices match OpenAI's) and OpenRouter. The open-weight gpt-oss models are not on
 * OpenAI's API; hosts serve them instead.
 */
import type { CanonicalModel } from '../types.js';
import { TOOLS, TOOLS_JSON, VISION_TOOLS_JSON, freeOffer, model, offer, unconfirmed } from './build.js';

export const OPENAI_MODELS: CanonicalModel[] = [
  model({
    id: 'gpt-5.5',
    name: 'GPT-5.5',
    vendor: 'openai',
    family: 'gpt-5',
    class: 'frontier',
    quality: 99,
    offerings: [
      unconfirmed(offer('openai', 'gpt-5.5', 5, 30, 1_050_000, VISION_TOOLS_JSON), 'price and window as OpenRouter lists them'),
      offer('openrouter', 'openai/gpt-5.5', 5, 30, 1_050_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gpt-5',
    name: 'GPT-5',
    vendor: 'openai',
    family: 'gpt-5',
    class: 'frontier',
    quality: 96,
    aliases: ['gpt-5-2025-08-07'],
    offerings: [
      offer('openai', 'gpt-5', 1.25, 10, 400_000, VISION_TOOLS_JSON),
      offer('azure-openai', 'gpt-5', 1.25, 10, 400_000, VISION_TOOLS_JSON),
      offer('openrouter', 'openai/gpt-5', 1.25, 10, 400_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gpt-5-mini',
    name: 'GPT-5 mini',
    vendor: 'openai',
    class: 'fast',
    quality: 82,
    aliases: ['gpt-5-mini-2025-08-07'],
    offerings: [
      offer('openai', 'gpt-5-mini', 0.25, 2, 400_000, VISION_TOOLS_JSON),
      offer('azure-openai', 'gpt-5-mini', 0.25, 2, 400_000, VISION_TOOLS_JSON),
      offer('openrouter', 'openai/gpt-5-mini', 0.25, 2, 400_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gpt-4.1',
    name: 'GPT-4.1',
    vendor: 'openai',
    class: 'frontier',
    quality: 84,
    aliases: ['gpt-4.1-2025-04-14'],
    offerings: [
      offer('openai', 'gpt-4.1', 2, 8, 1_047_576, VISION_TOOLS_JSON),
      offer('azure-openai', 'gpt-4.1', 2, 8, 1_047_576, VISION_TOOLS_JSON),
      offer('openrouter', 'openai/gpt-4.1', 2, 8, 1_047_576, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gpt-4.1-mini',
    name: 'GPT-4.1 mini',
    vendor: 'openai',
    class: 'fast',
    quality: 72,
    aliases: ['gpt-4.1-mini-2025-04-14'],
    offerings: [
      offer('openai', 'gpt-4.1-mini', 0.4, 1.6, 1_047_576, VISION_TOOLS_JSON),
      offer('azure-openai', 'gpt-4.1-mini', 0.4, 1.6, 1_047_576, VISION_TOOLS_JSON),
      offer('openrouter', 'openai/gpt-4.1-mini', 0.4, 1.6, 1_047_576, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gpt-4o',
    name: 'GPT-4o',
    vendor: 'openai',
    class: 'frontier',
    quality: 78,
    aliases: ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'],
    offerings: [
      offer('openai', 'gpt-4o', 2.5, 10, 128_000, VISION_TOOLS_JSON),
      offer('azure-openai', 'gpt-4o', 2.5, 10, 128_000, VISION_TOOLS_JSON),
      offer('openrouter', 'openai/gpt-4o', 2.5, 10, 128_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gpt-4o-mini',
    name: 'GPT-4o mini',
    vendor: 'openai',
    class: 'fast',
    quality: 64,
    aliases: ['gpt-4o-mini-2024-07-18'],
    offerings: [
      offer('openai', 'gpt-4o-mini', 0.15, 0.6, 128_000, VISION_TOOLS_JSON),
      offer('azure-openai', 'gpt-4o-mini', 0.15, 0.6, 128_000, VISION_TOOLS_JSON),
      offer('openrouter', 'openai/gpt-4o-mini', 0.15, 0.6, 128_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'o3',
    name: 'o3',
    vendor: 'openai',
    class: 'reasoning',
    quality: 92,
    aliases: ['o3-2025-04-16'],
    offerings: [
      offer('openai', 'o3', 2, 8, 200_000, VISION_TOOLS_JSON),
      offer('azure-openai', 'o3', 2, 8, 200_000, VISION_TOOLS_JSON),
      offer('openrouter', 'openai/o3', 2, 8, 200_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'o4-mini',
    name: 'o4-mini',
    vendor: 'openai',
    class: 'reasoning',
    quality: 82,
    aliases: ['o4-mini-2025-04-16'],
    offerings: [
      offer('openai', 'o4-mini', 1.1, 4.4, 200_000, VISION_TOOLS_JSON),
      offer('azure-openai', 'o4-mini', 1.1, 4.4, 200_000, VISION_TOOLS_JSON),
      offer('openrouter', 'openai/o4-mini', 1.1, 4.4, 200_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gpt-oss-120b',
    name: 'gpt-oss-120b',
    vendor: 'openai',
    class: 'reasoning',
    quality: 76,
    aliases: ['openai.gpt-oss-120b'],
    offerings: [
      offer('groq', 'openai/gpt-oss-120b', 0.15, 0.6, 131_072, TOOLS_JSON),
      offer('together', 'openai/gpt-oss-120b', 0.15, 0.6, 131_072, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/gpt-oss-120b', 0.15, 0.6, 131_072, TOOLS_JSON),
      offer('openrouter', 'openai/gpt-oss-120b', 0.039, 0.18, 131_072, TOOLS_JSON),
      freeOffer('openrouter', 'openai/gpt-oss-120b:free', 131_072),
      offer('huggingface', 'openai/gpt-oss-120b', 0.15, 0.6, 131_072, TOOLS_JSON),
      offer('bedrock', 'openai.gpt-oss-120b-1:0', 0.15, 0.6, 128_000, TOOLS),
    ],
  }),
  model({
    id: 'gpt-oss-20b',
    name: 'gpt-oss-20b',
    vendor: 'openai',
    class: 'fast',
    quality: 58,
    aliases: ['openai.gpt-oss-20b'],
    offerings: [
      offer('groq', 'openai/gpt-oss-20b', 0.075, 0.3, 131_072, TOOLS_JSON),
      offer('together', 'openai/gpt-oss-20b', 0.05, 0.2, 131_072, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/gpt-oss-20b', 0.07, 0.3, 131_072, TOOLS_JSON),
      offer('openrouter', 'openai/gpt-oss-20b', 0.03, 0.14, 131_072, TOOLS_JSON),
      freeOffer('openrouter', 'openai/gpt-oss-20b:free', 131_072),
      offer('bedrock', 'openai.gpt-oss-20b-1:0', 0.07, 0.3, 128_000, TOOLS),
    ],
  }),
];
