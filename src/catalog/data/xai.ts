// unconfirmed: grok-4.3 and grok-4.20 prices and windows on xAI's own API (taken as OpenRouter lists them on
//   2026-05-01); the successor of grok-3-mini (xAI's retirement notice names none: grok-4.3 assumed).
/**
 * xAI's Grok models: xAI's API and OpenRouter (`x-ai/…`). xAI retired grok-4 (0709), grok-3 and grok-code-fast-1 on
 * 2026-05-15 and named grok-4.3 as their replacement (https://docs.x.ai/docs/migration/may-15-retirement, read
 * 2026-12-06); grok-3-mini is gone too. The retired ids are in `retired.ts` and are served by grok-4.3 as a visible
 * substitute. OpenRouter figures: its model list of 2026-05-01.
 */
import type { CanonicalModel } from '../types.js';
import { VISION_TOOLS_JSON, model, offer, unconfirmed } from './build.js';

export const XAI_MODELS: CanonicalModel[] = [
  model({
    id: 'grok-4.3',
    name: 'Grok 4.3',
    vendor: 'xai',
    family: 'grok-4',
    class: 'frontier',
    quality: 92,
    aliases: ['grok-4.3-latest'],
    offerings: [
      unconfirmed(offer('xai', 'grok-4.3', 1.25, 2.5, 1_000_000, VISION_TOOLS_JSON), 'price and window as OpenRouter lists them'),
      offer('openrouter', 'x-ai/grok-4.3', 1.25, 2.5, 1_000_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'grok-4.20',
    name: 'Grok 4.20',
    vendor: 'xai',
    family: 'grok-4',
    class: 'frontier',
    quality: 90,
    aliases: ['grok-4.20-reasoning', 'grok-4.20-non-reasoning'],
    offerings: [
      unconfirmed(offer('xai', 'grok-4.20', 1.25, 2.5, 2_000_000, VISION_TOOLS_JSON), 'id, price and window as OpenRouter lists them'),
      offer('openrouter', 'x-ai/grok-4.20', 1.25, 2.5, 2_000_000, VISION_TOOLS_JSON),
    ],
  }),
];
