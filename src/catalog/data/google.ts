// unconfirmed: none. Gemini 2.5 Pro costs more above 200K prompt tokens (2.50 in, 15 out): the base rate is listed.
/** Google's Gemini models: the Gemini API (AI Studio) and OpenRouter. */
import type { CanonicalModel } from '../types.js';
import { VISION_TOOLS_JSON, model, offer } from './build.js';

export const GOOGLE_MODELS: CanonicalModel[] = [
  model({
    id: 'gemini-2.5-pro',
    name: 'Gemini 2.5 Pro',
    vendor: 'google',
    class: 'frontier',
    quality: 92,
    aliases: ['models/gemini-2.5-pro'],
    offerings: [
      offer('google', 'gemini-2.5-pro', 1.25, 10, 1_048_576, VISION_TOOLS_JSON),
      offer('openrouter', 'google/gemini-2.5-pro', 1.25, 10, 1_048_576, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gemini-2.5-flash',
    name: 'Gemini 2.5 Flash',
    vendor: 'google',
    class: 'fast',
    quality: 80,
    aliases: ['models/gemini-2.5-flash'],
    offerings: [
      offer('google', 'gemini-2.5-flash', 0.3, 2.5, 1_048_576, VISION_TOOLS_JSON),
      offer('openrouter', 'google/gemini-2.5-flash', 0.3, 2.5, 1_048_576, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gemini-2.5-flash-lite',
    name: 'Gemini 2.5 Flash-Lite',
    vendor: 'google',
    class: 'fast',
    quality: 62,
    aliases: ['models/gemini-2.5-flash-lite'],
    offerings: [
      offer('google', 'gemini-2.5-flash-lite', 0.1, 0.4, 1_048_576, VISION_TOOLS_JSON),
      offer('openrouter', 'google/gemini-2.5-flash-lite', 0.1, 0.4, 1_048_576, VISION_TOOLS_JSON),
    ],
  }),
];
