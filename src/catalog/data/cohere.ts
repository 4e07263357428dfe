// unconfirmed: none of the prices or windows listed. OpenRouter (list of 2026-05-01) has no tool calls for Command A
//   and R7B.
/** Cohere's Command models: Cohere's v2 chat API and OpenRouter. None of them take images. */
import type { CanonicalModel } from '../types.js';
import { TEXT_JSON, TOOLS_JSON, model, offer } from './build.js';

export const COHERE_MODELS: CanonicalModel[] = [
  model({
    id: 'command-a',
    name: 'Command A',
    vendor: 'cohere',
    class: 'frontier',
    quality: 66,
    offerings: [
      offer('cohere', 'command-a-03-2025', 2.5, 10, 256_000, TOOLS_JSON),
      offer('openrouter', 'cohere/command-a', 2.5, 10, 256_000, TEXT_JSON),
    ],
  }),
  model({
    id: 'command-r-plus',
    name: 'Command R+ (08-2024)',
    vendor: 'cohere',
    class: 'frontier',
    quality: 55,
    aliases: ['command-r+'],
    offerings: [
      offer('cohere', 'command-r-plus-08-2024', 2.5, 10, 128_000, TOOLS_JSON),
      offer('openrouter', 'cohere/command-r-plus-08-2024', 2.5, 10, 128_000, TOOLS_JSON),
    ],
  }),
  model({
    id: 'command-r7b',
    name: 'Command R7B (12-2024)',
    vendor: 'cohere',
    class: 'fast',
    quality: 35,
    offerings: [
      offer('cohere', 'command-r7b-12-2024', 0.0375, 0.15, 128_000, TOOLS_JSON),
      offer('openrouter', 'cohere/command-r7b-12-2024', 0.0375, 0.15, 128_000, TEXT_JSON),
    ],
  }),
];
