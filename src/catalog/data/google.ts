// unconfirmed: Gemini 3.5 Flash price and window on the Gemini API (from Google's deprecations page, which gives no
//   price: OpenRouter's Gemini 3 Flash figures used); whether the Gemini API still takes the `-preview` ids of
//   Gemini 3.1 Pro and 3 Flash.
/**
 * Google's Gemini models: the Gemini API (AI Studio) and OpenRouter. Gemini 2.5 Pro and 2.5 Flash were shut down on
 * the Gemini API on 2026-12-01 (see `retired.ts`); 2.5 Flash-Lite is not deprecated. Sources: Google's deprecations
 * page (https://ai.google.dev/gemini-api/docs/deprecations, read 2026-12-06) and OpenRouter's model list of
 * 2026-05-01.
 */
import type { CanonicalModel } from '../types.js';
import { VISION_TOOLS_JSON, model, offer, unconfirmed } from './build.js';

export const GOOGLE_MODELS: CanonicalModel[] = [
  model({
    id: 'gemini-3.1-pro',
    name: 'Gemini 3.1 Pro',
    vendor: 'google',
    family: 'gemini-pro',
    class: 'frontier',
    quality: 95,
    aliases: ['gemini-3.1-pro-preview', 'models/gemini-3.1-pro-preview'],
    offerings: [
      offer('google', 'gemini-3.1-pro-preview', 2, 12, 1_048_576, VISION_TOOLS_JSON),
      offer('openrouter', 'google/gemini-3.1-pro-preview', 2, 12, 1_048_576, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gemini-3-flash',
    name: 'Gemini 3 Flash',
    vendor: 'google',
    family: 'gemini-flash',
    class: 'fast',
    quality: 84,
    aliases: ['gemini-3-flash-preview', 'models/gemini-3-flash-preview'],
    offerings: [
      offer('google', 'gemini-3-flash-preview', 0.5, 3, 1_048_576, VISION_TOOLS_JSON),
      offer('openrouter', 'google/gemini-3-flash-preview', 0.5, 3, 1_048_576, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'gemini-3.5-flash',
    name: 'Gemini 3.5 Flash',
    vendor: 'google',
    family: 'gemini-flash',
    class: 'fast',
    quality: 86,
    aliases: ['models/gemini-3.5-flash'],
    offerings: [
      unconfirmed(offer('google', 'gemini-3.5-flash', 0.5, 3, 1_048_576, VISION_TOOLS_JSON), 'price and window not published where we could read them'),
    ],
  }),
  model({
    id: 'gemini-2.5-flash-lite',
    name: 'Gemini 2.5 Flash-Lite',
    vendor: 'google',
    family: 'gemini-flash',
    class: 'fast',
    quality: 62,
    aliases: ['models/gemini-2.5-flash-lite'],
    offerings: [
      offer('google', 'gemini-2.5-flash-lite', 0.1, 0.4, 1_048_576, VISION_TOOLS_JSON),
      offer('openrouter', 'google/gemini-2.5-flash-lite', 0.1, 0.4, 1_048_576, VISION_TOOLS_JSON),
    ],
  }),
];
