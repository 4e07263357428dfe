// unconfirmed: whether DeepSeek still answers the legacy ids `deepseek-chat`/`deepseek-reasoner` (their retirement
//   was announced for 2026-07-24, so they are aliases here, not offerings); DeepSeek V3/R1 on Hugging Face (price
//   of one routed provider); OpenRouter `:free` context windows.
/**
 * DeepSeek's models. DeepSeek's own API now serves V4 (`deepseek-v4-flash`, `deepseek-v4-pro`, 1M context, thinking
 * and non-thinking modes). Its prices depend on the hour since 2026-08-17: the off-peak rate is listed (peak,
 * UTC 01-04 and 06-10, costs twice as much). The older open-weight V3 and R1 are still served by hosts; the old
 * API names `deepseek-chat` (V3) and `deepseek-reasoner` (R1) resolve to them.
 */
import type { CanonicalModel } from '../types.js';
import { TEXT, TOOLS_JSON, freeOffer, model, offer } from './build.js';

export const DEEPSEEK_MODELS: CanonicalModel[] = [
  model({
    id: 'deepseek-v4-flash',
    name: 'DeepSeek V4 Flash',
    vendor: 'deepseek',
    class: 'large-open',
    quality: 88,
    aliases: ['deepseek-v4', 'deepseek-ai/DeepSeek-V4-Flash'],
    offerings: [
      offer('deepseek', 'deepseek-v4-flash', 0.22, 0.66, 1_000_000, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/deepseek-v4-flash', 0.14, 0.28, 1_040_000, TOOLS_JSON),
    ],
  }),
  model({
    id: 'deepseek-v4-pro',
    name: 'DeepSeek V4 Pro',
    vendor: 'deepseek',
    class: 'large-open',
    quality: 92,
    aliases: ['deepseek-ai/DeepSeek-V4-Pro'],
    offerings: [
      offer('deepseek', 'deepseek-v4-pro', 0.66, 1.98, 1_000_000, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/deepseek-v4-pro', 1.74, 3.48, 1_048_576, TOOLS_JSON),
    ],
  }),
  model({
    id: 'deepseek-v3',
    name: 'DeepSeek V3',
    vendor: 'deepseek',
    class: 'large-open',
    quality: 80,
    aliases: [
      'deepseek-chat', 'deepseek-v3-0324', 'deepseek-ai/DeepSeek-V3-0324', 'deepseek/deepseek-chat-v3-0324',
    ],
    offerings: [
      offer('together', 'deepseek-ai/DeepSeek-V3', 1.25, 1.25, 131_072, TOOLS_JSON),
      offer('fireworks', 'accounts/fireworks/models/deepseek-v3', 0.9, 0.9, 131_072, TOOLS_JSON),
      offer('huggingface', 'deepseek-ai/DeepSeek-V3', 1.25, 1.25, 131_072, TOOLS_JSON),
      offer('openrouter', 'deepseek/deepseek-chat', 0.38, 0.89, 163_840, TOOLS_JSON),
      freeOffer('openrouter', 'deepseek/deepseek-chat-v3-0324:free', 163_840),
    ],
  }),
  model({
    id: 'deepseek-r1',
    name: 'DeepSeek R1',
    vendor: 'deepseek',
    class: 'reasoning',
    quality: 84,
    aliases: ['deepseek-reasoner', 'deepseek-r1-0528', 'deepseek.r1-v1:0'],
    offerings: [
      offer('together', 'deepseek-ai/DeepSeek-R1', 3, 7, 163_840, TEXT),
      offer('fireworks', 'accounts/fireworks/models/deepseek-r1', 3, 8, 163_840, TEXT),
      offer('huggingface', 'deepseek-ai/DeepSeek-R1', 3, 7, 163_840, TEXT),
      offer('openrouter', 'deepseek/deepseek-r1', 0.45, 2.15, 64_000, TEXT),
      freeOffer('openrouter', 'deepseek/deepseek-r1:free', 64_000),
      offer('bedrock', 'us.deepseek.r1-v1:0', 1.35, 5.4, 128_000, TEXT),
    ],
  }),
];
