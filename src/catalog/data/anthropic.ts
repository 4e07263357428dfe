// Anthropic retired Claude Sonnet 4 (`claude-sonnet-4-20250514`) on its API on 2026-06-15 (see `retired.ts`);
//   Bedrock sets its own schedule and OpenRouter still listed it on 2026-05-01, so those two offerings stay, unconfirmed.
// unconfirmed: Sonnet 4.6 and Opus 4.7 ids on Anthropic's API and Bedrock (Anthropic's undated id style of 4.5+);
//   none of the prices; the 1M-token window of Sonnet 4/4.5 on Anthropic's API needs a beta header,
//   so 200K is listed there (OpenRouter turns it on for Sonnet 4.5, hence 1M).
/**
 * Anthropic's Claude models: Anthropic's API, Bedrock (through `us.` cross-region inference profiles, which newer
 * Claude models require on demand; geo profiles of Sonnet 4.5 and Haiku 4.5 cost 10% more than global ones) and
 * OpenRouter. JSON mode is true although the Messages API has no `response_format`: WAI's anthropic and bedrock
 * dialects deliver it through a forced tool whose input is the JSON answer.
 */
import type { CanonicalModel } from '../types.js';
import { VISION_TOOLS_JSON, model, offer, unconfirmed } from './build.js';

export const ANTHROPIC_MODELS: CanonicalModel[] = [
  model({
    id: 'claude-opus-4.7',
    name: 'Claude Opus 4.7',
    vendor: 'anthropic',
    family: 'claude-opus',
    class: 'frontier',
    quality: 98,
    aliases: ['claude-opus-4-7'],
    offerings: [
      unconfirmed(offer('anthropic', 'claude-opus-4-7', 5, 25, 200_000, VISION_TOOLS_JSON), 'id and window on Anthropic\'s API'),
      offer('openrouter', 'anthropic/claude-opus-4.7', 5, 25, 1_000_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'claude-sonnet-4.6',
    name: 'Claude Sonnet 4.6',
    vendor: 'anthropic',
    family: 'claude-sonnet',
    class: 'frontier',
    quality: 96,
    aliases: ['claude-sonnet-4-6', 'claude-4.6-sonnet'],
    offerings: [
      offer('anthropic', 'claude-sonnet-4-6', 3, 15, 200_000, VISION_TOOLS_JSON),
      unconfirmed(offer('bedrock', 'us.anthropic.claude-sonnet-4-6-v1:0', 3.3, 16.5, 200_000, VISION_TOOLS_JSON), 'Bedrock id and price'),
      offer('openrouter', 'anthropic/claude-sonnet-4.6', 3, 15, 1_000_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'claude-sonnet-4.5',
    name: 'Claude Sonnet 4.5',
    vendor: 'anthropic',
    family: 'claude-sonnet',
    class: 'frontier',
    quality: 95,
    aliases: ['claude-sonnet-4-5', 'claude-4.5-sonnet', 'anthropic.claude-sonnet-4-5-20250929-v1:0'],
    offerings: [
      offer('anthropic', 'claude-sonnet-4-5-20250929', 3, 15, 200_000, VISION_TOOLS_JSON),
      offer('bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 3.3, 16.5, 200_000, VISION_TOOLS_JSON),
      offer('openrouter', 'anthropic/claude-sonnet-4.5', 3, 15, 1_000_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'claude-opus-4.1',
    name: 'Claude Opus 4.1',
    vendor: 'anthropic',
    family: 'claude-opus',
    class: 'frontier',
    quality: 94,
    aliases: ['claude-opus-4-1', 'claude-4.1-opus', 'anthropic.claude-opus-4-1-20250805-v1:0'],
    offerings: [
      offer('anthropic', 'claude-opus-4-1-20250805', 15, 75, 200_000, VISION_TOOLS_JSON),
      offer('bedrock', 'us.anthropic.claude-opus-4-1-20250805-v1:0', 15, 75, 200_000, VISION_TOOLS_JSON),
      offer('openrouter', 'anthropic/claude-opus-4.1', 15, 75, 200_000, VISION_TOOLS_JSON),
    ],
  }),
  model({
    id: 'claude-sonnet-4',
    name: 'Claude Sonnet 4',
    vendor: 'anthropic',
    family: 'claude-sonnet',
    class: 'frontier',
    quality: 88,
    aliases: ['claude-sonnet-4-0', 'claude-4-sonnet', 'claude-sonnet-4-20250514', 'anthropic.claude-sonnet-4-20250514-v1:0'],
    offerings: [
      unconfirmed(offer('bedrock', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 3, 15, 200_000, VISION_TOOLS_JSON), 'Bedrock\'s own retirement date'),
      unconfirmed(offer('openrouter', 'anthropic/claude-sonnet-4', 3, 15, 1_000_000, VISION_TOOLS_JSON), 'listed on 2026-05-01, before Anthropic retired it'),
    ],
  }),
  model({
    id: 'claude-haiku-4.5',
    name: 'Claude Haiku 4.5',
    vendor: 'anthropic',
    class: 'fast',
    quality: 80,
    aliases: ['claude-haiku-4-5', 'claude-4.5-haiku', 'anthropic.claude-haiku-4-5-20251001-v1:0'],
    offerings: [
      offer('anthropic', 'claude-haiku-4-5-20251001', 1, 5, 200_000, VISION_TOOLS_JSON),
      offer('bedrock', 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 1.1, 5.5, 200_000, VISION_TOOLS_JSON),
      offer('openrouter', 'anthropic/claude-haiku-4.5', 1, 5, 200_000, VISION_TOOLS_JSON),
    ],
  }),
];
