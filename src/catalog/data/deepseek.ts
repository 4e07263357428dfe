// unconfirmed: whether DeepSeek still answers the legacy ids `deepseek-chat`/`deepseek-reasoner` (their retirement
//   was announced for 2026-07-24, so they are aliases here, not offerings); DeepSeek V3/R1 on Hugging Face (price
//   of one routed provider); OpenRouter `:free` context windows.
/**
 * DeepSeek's models. DeepSeek's own API now serves `deepseek-flash` (V4.1 Flash; the old `deepseek-v4-flash` name is
 * answered by it) and `deepseek-v4-pro`, 1M context, thinking and non-thinking modes (pricing page, read 2026-12-06). Its prices depend on the hour since 2026-08-17: the off-peak rate is listed (peak,
 * UTC 01-04 and 06-10, costs twice as much). The older open-weight V3 and R1 are still served by hosts; the old
 * API names `deepseek-chat` (V3) and `deepseek-reasoner` (R1) resolve to them.
 */
import type { CanonicalModel } from '../types.js';
import { TEXT, TOOLS_JSON, model, offer, unconfirmed } from './build.js';

export const DEEPSEEK_MODELS: CanonicalModel[] = [
  model({
    id: 'deepseek-flash',
    name: 'DeepSeek Flash (V4.1)',
    vendor: 'deepseek',
    family: 'deepseek-flash',
    class: 'large-open',
    quality: 90,
    aliases: ['deepseek-v4.1-flash', 'deepseek-v4-flash', 'deepseek-v4', 'deepseek-ai/DeepSeek-V4-Flash'],
    offerings: [
      unconfirmed(offer('deepseek', 'deepseek-flash', 0.14, 0.56, 1_000_000, TOOLS_JSON), 'DeepSeek prices in CNY (1 in, 4 out off-peak): converted at about 7.1 CNY per USD'),
      unconfirmed(offer('openrouter', 'deepseek/deepseek-v4-flash', 0.14, 0.28, 1_048_576, TOOLS_JSON), 'OpenRouter\'s V4 Flash id (2026-05-01); its id for V4.1 Flash is not in that list'),
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
      unconfirmed(offer('deepseek', 'deepseek-v4-pro', 0.63, 1.9, 1_000_000, TOOLS_JSON), 'DeepSeek prices in CNY (4.5 in, 13.5 out off-peak): converted at about 7.1 CNY per USD'),
      offer('openrouter', 'deepseek/deepseek-v4-pro', 0.435, 0.87, 1_048_576, TOOLS_JSON),
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
      offer('openrouter', 'deepseek/deepseek-chat', 0.32, 0.89, 163_840, TOOLS_JSON),
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
      offer('openrouter', 'deepseek/deepseek-r1', 0.7, 2.5, 64_000, TEXT),
      offer('bedrock', 'us.deepseek.r1-v1:0', 1.35, 5.4, 128_000, TEXT),
    ],
  }),
];
