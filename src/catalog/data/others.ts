// unconfirmed: Sarvam-30B and Sarvam-105B prices (Sarvam bills in rupee credits and publishes no per-token USD
//   rate we could confirm: estimates); Aleph Alpha Pharia-1 price (PhariaAI is mostly self-hosted: estimate);
//   Writer Palmyra on Bedrock (tools assumed off) and JSON mode on Writer (assumed off); Nova on OpenRouter
//   (capabilities taken as on Bedrock). OpenRouter's list of 2026-05-01 has Jamba Large 1.7 but not Jamba Mini,
//   Palmyra X5 but not X4, and no Sarvam or Aleph Alpha model: those are reached through substitutes.
/**
 * Makers with a few models each: AI21 (Jamba), Writer (Palmyra), Sarvam, Aleph Alpha (Pharia) and Amazon (Nova,
 * vendor `bedrock`, since Bedrock is where Amazon serves it). Sarvam retired `sarvam-m` in June 2026 and names
 * Sarvam-30B and Sarvam-105B as its successors, so `sarvam-m` resolves to Sarvam-30B.
 */
import type { CanonicalModel } from '../types.js';
import { TEXT, TOOLS, TOOLS_JSON, VISION_TOOLS, model, offer } from './build.js';

export const OTHER_MODELS: CanonicalModel[] = [
  // AI21 Labs
  model({
    id: 'jamba-large',
    name: 'Jamba Large 1.7',
    vendor: 'ai21',
    class: 'large-open',
    quality: 55,
    aliases: ['jamba-large-1.7', 'jamba-1.6-large', 'jamba-1.5-large'],
    offerings: [
      offer('ai21', 'jamba-large', 2, 8, 256_000, TOOLS_JSON),
      offer('openrouter', 'ai21/jamba-large-1.7', 2, 8, 256_000, TOOLS_JSON),
    ],
  }),
  model({
    id: 'jamba-mini',
    name: 'Jamba Mini 1.7',
    vendor: 'ai21',
    class: 'fast',
    quality: 40,
    aliases: ['jamba-mini-1.7', 'jamba-1.6-mini', 'jamba-1.5-mini'],
    offerings: [
      offer('ai21', 'jamba-mini', 0.2, 0.4, 256_000, TOOLS_JSON),
    ],
  }),
  // Writer
  model({
    id: 'palmyra-x5',
    name: 'Palmyra X5',
    vendor: 'writer',
    class: 'frontier',
    quality: 64,
    aliases: ['writer.palmyra-x5-v1:0'],
    offerings: [
      offer('writer', 'palmyra-x5', 0.6, 6, 1_040_000, TOOLS),
      offer('openrouter', 'writer/palmyra-x5', 0.6, 6, 1_040_000, TOOLS),
      offer('bedrock', 'us.writer.palmyra-x5-v1:0', 0.6, 6, 1_000_000, TEXT),
    ],
  }),
  model({
    id: 'palmyra-x4',
    name: 'Palmyra X4',
    vendor: 'writer',
    class: 'frontier',
    quality: 56,
    aliases: ['palmyra-x-004', 'writer.palmyra-x4-v1:0'],
    offerings: [
      offer('writer', 'palmyra-x-004', 2.5, 10, 128_000, TOOLS),
      offer('bedrock', 'us.writer.palmyra-x4-v1:0', 2.5, 10, 128_000, TEXT),
    ],
  }),
  // Sarvam AI
  model({
    id: 'sarvam-105b',
    name: 'Sarvam-105B',
    vendor: 'sarvam',
    class: 'large-open',
    quality: 60,
    aliases: ['sarvamai/sarvam-105b'],
    offerings: [
      offer('sarvam', 'sarvam-105b', 0.6, 1.8, 131_072, TOOLS_JSON),
    ],
  }),
  model({
    id: 'sarvam-30b',
    name: 'Sarvam-30B',
    vendor: 'sarvam',
    class: 'fast',
    quality: 52,
    aliases: ['sarvam-m', 'sarvamai/sarvam-30b', 'sarvamai/sarvam-m'],
    offerings: [
      offer('sarvam', 'sarvam-30b', 0.2, 0.6, 65_536, TOOLS_JSON),
    ],
  }),
  // Aleph Alpha
  model({
    id: 'pharia-1-llm-7b-control',
    name: 'Pharia-1-LLM-7B-control',
    vendor: 'aleph-alpha',
    class: 'fast',
    quality: 25,
    aliases: ['pharia-1-llm-7b', 'Aleph-Alpha/Pharia-1-LLM-7B-control'],
    offerings: [
      offer('aleph-alpha', 'pharia-1-llm-7b-control', 0.2, 0.2, 8_192, TEXT),
    ],
  }),
  // Amazon Nova (served by Bedrock)
  model({
    id: 'nova-pro',
    name: 'Amazon Nova Pro',
    vendor: 'bedrock',
    class: 'frontier',
    quality: 58,
    aliases: ['amazon-nova-pro', 'amazon.nova-pro'],
    offerings: [
      offer('bedrock', 'amazon.nova-pro-v1:0', 0.8, 3.2, 300_000, VISION_TOOLS),
      offer('openrouter', 'amazon/nova-pro-v1', 0.8, 3.2, 300_000, VISION_TOOLS),
    ],
  }),
  model({
    id: 'nova-lite',
    name: 'Amazon Nova Lite',
    vendor: 'bedrock',
    class: 'fast',
    quality: 50,
    aliases: ['amazon-nova-lite', 'amazon.nova-lite'],
    offerings: [
      offer('bedrock', 'amazon.nova-lite-v1:0', 0.06, 0.24, 300_000, VISION_TOOLS),
      offer('openrouter', 'amazon/nova-lite-v1', 0.06, 0.24, 300_000, VISION_TOOLS),
    ],
  }),
  model({
    id: 'nova-micro',
    name: 'Amazon Nova Micro',
    vendor: 'bedrock',
    class: 'fast',
    quality: 38,
    aliases: ['amazon-nova-micro', 'amazon.nova-micro'],
    offerings: [
      offer('bedrock', 'amazon.nova-micro-v1:0', 0.035, 0.14, 128_000, TOOLS),
      offer('openrouter', 'amazon/nova-micro-v1', 0.035, 0.14, 128_000, TOOLS),
    ],
  }),
];
