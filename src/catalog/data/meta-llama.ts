// unconfirmed: Meta Llama API prices (the API is a free preview with no public price list: 0 here);
//   Hugging Face prices (the router passes through the price of whichever inference provider serves the call:
//   the figure here is one such provider's); OpenRouter `:free` context windows (taken as the paid route's);
//   Llama 4 Scout context on OpenRouter, Together, Fireworks (1M assumed), Bedrock (3.5M assumed) and Replicate
//   (128K assumed); Aleph Alpha price and context for Llama 3.1 70B (PhariaAI is usually self-hosted: estimate).
// OpenRouter figures: its public model list of 2026-05-01 (https://openrouter.ai/api/v1/models, snapshot in
//   shared/fixtures/openrouter). Llama 3.1 405B Instruct left that list on 2026-03-17 and its `:free` variant
//   earlier; the Llama 3.1 8B, 3.3 8B, Llama 4 `:free` variants are not on it either, so they are not offered here.
//   Nous Research's Hermes 3 and Hermes 4 405B are fine-tunes of Llama 3.1 405B, the same model line: they are its
//   `same-family` substitutes on OpenRouter, which lists Hermes 3 with a `:free` variant.
/**
 * Meta's Llama models. Meta's own Llama API serves Llama 3.3 (70B, 8B) and Llama 4 (Maverick, Scout) only,
 * never Llama 3.1. Bedrock serves Llama 3.3 and Llama 4 on demand only through a cross-region inference profile,
 * hence the `us.` ids there; the plain ids are kept as aliases.
 */
import type { CanonicalModel } from '../types.js';
import { TEXT, TEXT_JSON, TOOLS, TOOLS_JSON, VISION_JSON, VISION_TOOLS, VISION_TOOLS_JSON, freeOffer, model, offer } from './build.js';

export const META_LLAMA_MODELS: CanonicalModel[] = [
  model({
    id: 'llama-3.1-405b-instruct',
    name: 'Llama 3.1 405B Instruct',
    vendor: 'meta',
    class: 'large-open',
    quality: 76,
    aliases: [
      'llama-3.1-405b', 'llama3.1-405b', 'llama-3.1-405b-instruct-turbo', 'meta-llama-3.1-405b-instruct',
      'meta-llama/Llama-3.1-405B-Instruct', 'meta-llama/Meta-Llama-3.1-405B-Instruct',
    ],
    family: 'llama-3.1-405b',
    offerings: [
      offer('together', 'meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', 3.5, 3.5, 130_815, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/llama-v3p1-405b-instruct', 3, 3, 131_072, TOOLS_JSON),
      offer('bedrock', 'meta.llama3-1-405b-instruct-v1:0', 2.4, 2.4, 128_000, TOOLS),
      offer('replicate', 'meta/meta-llama-3.1-405b-instruct', 9.5, 9.5, 131_072, TEXT),
    ],
  }),
  model({
    id: 'llama-3.1-70b-instruct',
    name: 'Llama 3.1 70B Instruct',
    vendor: 'meta',
    class: 'large-open',
    quality: 64,
    aliases: [
      'llama-3.1-70b', 'llama3.1-70b', 'meta-llama-3.1-70b-instruct',
      'meta-llama/Llama-3.1-70B-Instruct', 'meta-llama/Meta-Llama-3.1-70B-Instruct',
    ],
    offerings: [
      offer('openrouter', 'meta-llama/llama-3.1-70b-instruct', 0.4, 0.4, 131_072, TOOLS_JSON),
      offer('together', 'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo', 0.88, 0.88, 131_072, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/llama-v3p1-70b-instruct', 0.9, 0.9, 131_072, TOOLS_JSON),
      offer('bedrock', 'meta.llama3-1-70b-instruct-v1:0', 0.72, 0.72, 128_000, TOOLS),
      offer('aleph-alpha', 'llama-3.1-70b-instruct', 0.9, 0.9, 131_072, TEXT),
    ],
  }),
  model({
    id: 'llama-3.1-8b-instruct',
    name: 'Llama 3.1 8B Instruct',
    vendor: 'meta',
    class: 'fast',
    quality: 40,
    aliases: [
      'llama-3.1-8b', 'llama3.1-8b', 'meta-llama-3.1-8b-instruct', 'meta-llama/Meta-Llama-3.1-8B-Instruct',
    ],
    offerings: [
      offer('openrouter', 'meta-llama/llama-3.1-8b-instruct', 0.02, 0.05, 16_384, TOOLS_JSON),
      offer('together', 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', 0.18, 0.18, 131_072, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/llama-v3p1-8b-instruct', 0.2, 0.2, 131_072, TOOLS_JSON),
      offer('groq', 'llama-3.1-8b-instant', 0.05, 0.08, 131_072, TOOLS_JSON),
      offer('huggingface', 'meta-llama/Llama-3.1-8B-Instruct', 0.1, 0.1, 131_072, TOOLS_JSON),
      offer('bedrock', 'meta.llama3-1-8b-instruct-v1:0', 0.22, 0.22, 128_000, TOOLS),
    ],
  }),
  model({
    id: 'llama-3.3-70b-instruct',
    name: 'Llama 3.3 70B Instruct',
    vendor: 'meta',
    class: 'large-open',
    quality: 70,
    aliases: [
      'llama-3.3-70b', 'llama3.3-70b', 'llama-3.3-70b-instruct-turbo', 'meta.llama3-3-70b-instruct-v1:0',
    ],
    offerings: [
      offer('meta', 'Llama-3.3-70B-Instruct', 0, 0, 128_000, TOOLS_JSON),
      offer('openrouter', 'meta-llama/llama-3.3-70b-instruct', 0.1, 0.32, 131_072, TOOLS_JSON),
      freeOffer('openrouter', 'meta-llama/llama-3.3-70b-instruct:free', 65_536),
      offer('together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 0.88, 0.88, 131_072, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/llama-v3p3-70b-instruct', 0.9, 0.9, 131_072, TOOLS_JSON),
      offer('groq', 'llama-3.3-70b-versatile', 0.59, 0.79, 131_072, TOOLS_JSON),
      offer('huggingface', 'meta-llama/Llama-3.3-70B-Instruct', 0.59, 0.79, 131_072, TOOLS_JSON),
      offer('bedrock', 'us.meta.llama3-3-70b-instruct-v1:0', 0.72, 0.72, 128_000, TOOLS),
    ],
  }),
  model({
    id: 'llama-3.3-8b-instruct',
    name: 'Llama 3.3 8B Instruct',
    vendor: 'meta',
    class: 'fast',
    quality: 42,
    aliases: ['llama-3.3-8b', 'llama3.3-8b'],
    offerings: [
      offer('meta', 'Llama-3.3-8B-Instruct', 0, 0, 128_000, TOOLS_JSON),
    ],
  }),
  model({
    id: 'llama-4-maverick',
    name: 'Llama 4 Maverick 17B-128E Instruct',
    vendor: 'meta',
    class: 'large-open',
    quality: 74,
    aliases: [
      'llama-4-maverick-instruct', 'llama4-maverick', 'llama-4-maverick-17b-128e-instruct',
      'llama-4-maverick-17b-128e-instruct-fp8', 'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
      'meta.llama4-maverick-17b-instruct-v1:0',
    ],
    offerings: [
      offer('meta', 'Llama-4-Maverick-17B-128E-Instruct-FP8', 0, 0, 128_000, VISION_TOOLS_JSON),
      offer('openrouter', 'meta-llama/llama-4-maverick', 0.15, 0.6, 1_048_576, VISION_JSON),
      offer('together', 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8', 0.27, 0.85, 1_048_576, VISION_TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/llama4-maverick-instruct-basic', 0.22, 0.88, 1_048_576, VISION_TOOLS_JSON),
      offer('groq', 'meta-llama/llama-4-maverick-17b-128e-instruct', 0.2, 0.6, 131_072, VISION_TOOLS_JSON),
      offer('huggingface', 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8', 0.27, 0.85, 1_048_576, VISION_TOOLS_JSON),
      offer('bedrock', 'us.meta.llama4-maverick-17b-instruct-v1:0', 0.24, 0.97, 1_000_000, VISION_TOOLS),
      offer('replicate', 'meta/llama-4-maverick-instruct', 0.25, 0.95, 1_000_000, TEXT),
    ],
  }),
  model({
    id: 'llama-4-scout',
    name: 'Llama 4 Scout 17B-16E Instruct',
    vendor: 'meta',
    class: 'large-open',
    quality: 62,
    aliases: [
      'llama-4-scout-instruct', 'llama4-scout', 'llama-4-scout-17b-16e-instruct', 'llama-4-scout-17b-16e-instruct-fp8',
      'meta.llama4-scout-17b-instruct-v1:0',
    ],
    offerings: [
      offer('meta', 'Llama-4-Scout-17B-16E-Instruct-FP8', 0, 0, 128_000, VISION_TOOLS_JSON),
      offer('openrouter', 'meta-llama/llama-4-scout', 0.08, 0.3, 327_680, VISION_TOOLS_JSON),
      offer('together', 'meta-llama/Llama-4-Scout-17B-16E-Instruct', 0.18, 0.59, 1_048_576, VISION_TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/llama4-scout-instruct-basic', 0.15, 0.6, 1_048_576, VISION_TOOLS_JSON),
      offer('groq', 'meta-llama/llama-4-scout-17b-16e-instruct', 0.11, 0.34, 131_072, VISION_TOOLS_JSON),
      offer('huggingface', 'meta-llama/Llama-4-Scout-17B-16E-Instruct', 0.11, 0.34, 131_072, VISION_TOOLS_JSON),
      offer('bedrock', 'us.meta.llama4-scout-17b-instruct-v1:0', 0.17, 0.66, 3_500_000, VISION_TOOLS),
      offer('replicate', 'meta/llama-4-scout-instruct', 0.17, 0.65, 131_072, TEXT),
    ],
  }),
  model({
    id: 'llama-3-70b-instruct',
    name: 'Llama 3 70B Instruct',
    vendor: 'meta',
    class: 'large-open',
    quality: 50,
    aliases: ['llama-3-70b', 'llama3-70b', 'meta-llama-3-70b-instruct', 'meta-llama/Meta-Llama-3-70B-Instruct'],
    offerings: [
      offer('replicate', 'meta/meta-llama-3-70b-instruct', 0.65, 2.75, 8_192, TEXT),
      offer('openrouter', 'meta-llama/llama-3-70b-instruct', 0.51, 0.74, 8_192, TEXT),
      offer('bedrock', 'meta.llama3-70b-instruct-v1:0', 2.65, 3.5, 8_192, TEXT),
    ],
  }),
  // Llama 3.1 405B fine-tunes by Nous Research, served by OpenRouter (vendor: the only registry provider serving them).
  model({
    id: 'hermes-4-405b',
    name: 'Hermes 4 405B (Llama 3.1 405B)',
    vendor: 'openrouter',
    family: 'llama-3.1-405b',
    class: 'large-open',
    quality: 78,
    aliases: ['nousresearch/hermes-4-405b'],
    offerings: [
      offer('openrouter', 'nousresearch/hermes-4-405b', 1, 3, 131_072, TEXT_JSON),
    ],
  }),
  model({
    id: 'hermes-3-llama-3.1-405b',
    name: 'Hermes 3 405B (Llama 3.1 405B)',
    vendor: 'openrouter',
    family: 'llama-3.1-405b',
    class: 'large-open',
    quality: 75,
    aliases: ['hermes-3-405b'],
    offerings: [
      offer('openrouter', 'nousresearch/hermes-3-llama-3.1-405b', 1, 1, 131_072, TEXT_JSON),
      freeOffer('openrouter', 'nousresearch/hermes-3-llama-3.1-405b:free', 131_072),
    ],
  }),
];
