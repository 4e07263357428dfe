// unconfirmed: Azure's embedding prices (taken as OpenAI's); text-embedding-3-large and ada-002 on OpenRouter
//   (priced as OpenAI's, like 3-small whose page was checked); Cohere on Bedrock (priced as Cohere's own API);
//   bge-base-en-v1.5 on Together and Fireworks ($0.008, their small-embedding tier) and nomic-embed-text-v1.5 on
//   Fireworks; codestral-embed's largest `output_dimension` (3072).
/**
 * Embedding models (`POST /v1/embeddings`), facts as of 2026-12-06 from the vendors' price pages and OpenRouter's
 * model pages (sources in index.ts). Prices are USD per million input tokens (output is free); the "context
 * window" is the longest input the model takes, in tokens. Class `embedding` is never substituted: a vector from
 * one model means nothing next to a vector from another, so the only fallback is the same model elsewhere.
 */
import type { Capabilities, CanonicalModel } from '../types.js';
import { model, offer } from './build.js';

const EMBED: Capabilities = { tools: false, vision: false, json: false, streaming: false };

export const EMBEDDING_MODELS: CanonicalModel[] = [
  // OpenAI (openai.com/api/pricing); any shorter length through `dimensions`.
  model({
    id: 'text-embedding-3-small', name: 'OpenAI text-embedding-3-small', vendor: 'openai', class: 'embedding', quality: 70,
    embedding: { dimensions: 1536, choices: { min: 1, max: 1536 } },
    offerings: [
      offer('openai', 'text-embedding-3-small', 0.02, 0, 8_191, EMBED),
      offer('azure-openai', 'text-embedding-3-small', 0.02, 0, 8_191, EMBED),
      offer('openrouter', 'openai/text-embedding-3-small', 0.02, 0, 8_191, EMBED),
    ],
  }),
  model({
    id: 'text-embedding-3-large', name: 'OpenAI text-embedding-3-large', vendor: 'openai', class: 'embedding', quality: 85,
    embedding: { dimensions: 3072, choices: { min: 1, max: 3072 } },
    offerings: [
      offer('openai', 'text-embedding-3-large', 0.13, 0, 8_191, EMBED),
      offer('azure-openai', 'text-embedding-3-large', 0.13, 0, 8_191, EMBED),
      offer('openrouter', 'openai/text-embedding-3-large', 0.13, 0, 8_191, EMBED),
    ],
  }),
  model({
    id: 'text-embedding-ada-002', name: 'OpenAI text-embedding-ada-002', vendor: 'openai', class: 'embedding', quality: 50,
    embedding: { dimensions: 1536 },
    offerings: [
      offer('openai', 'text-embedding-ada-002', 0.1, 0, 8_191, EMBED),
      offer('azure-openai', 'text-embedding-ada-002', 0.1, 0, 8_191, EMBED),
      offer('openrouter', 'openai/text-embedding-ada-002', 0.1, 0, 8_191, EMBED),
    ],
  }),
  // Google: $0.15 per million input tokens, 2,048 input tokens, 3072 dimensions scaled down by MRL (Google's
  // launch post). OpenRouter lists it at the same price.
  model({
    id: 'gemini-embedding-001', name: 'Gemini Embedding 001', vendor: 'google', class: 'embedding', quality: 90,
    embedding: { dimensions: 3072, choices: { min: 128, max: 3072 } },
    offerings: [
      offer('google', 'gemini-embedding-001', 0.15, 0, 2_048, EMBED),
      offer('openrouter', 'google/gemini-embedding-001', 0.15, 0, 2_048, EMBED),
    ],
  }),
  // Mistral (mistral.ai/pricing/api): mistral-embed is fixed at 1024; codestral-embed takes `output_dimension`.
  model({
    id: 'mistral-embed', name: 'Mistral Embed', vendor: 'mistral', class: 'embedding', quality: 60,
    embedding: { dimensions: 1024 },
    offerings: [offer('mistral', 'mistral-embed', 0.1, 0, 8_192, EMBED)],
  }),
  model({
    id: 'codestral-embed', name: 'Codestral Embed', vendor: 'mistral', class: 'embedding', quality: 75,
    aliases: ['codestral-embed-2505'],
    embedding: { dimensions: 1536, choices: { min: 1, max: 3072 } },
    offerings: [offer('mistral', 'codestral-embed', 0.15, 0, 8_192, EMBED)],
  }),
  // Cohere (cohere.com/pricing); on Bedrock under Amazon's ids (aws.amazon.com/bedrock/pricing).
  model({
    id: 'embed-v4.0', name: 'Cohere Embed v4', vendor: 'cohere', class: 'embedding', quality: 85,
    aliases: ['embed-v4'],
    embedding: { dimensions: 1536, choices: [256, 512, 1024, 1536] },
    offerings: [
      offer('cohere', 'embed-v4.0', 0.12, 0, 128_000, EMBED),
      offer('bedrock', 'cohere.embed-v4:0', 0.12, 0, 128_000, EMBED),
    ],
  }),
  model({
    id: 'embed-english-v3.0', name: 'Cohere Embed English v3', vendor: 'cohere', class: 'embedding', quality: 65,
    aliases: ['embed-english-v3'],
    embedding: { dimensions: 1024 },
    offerings: [
      offer('cohere', 'embed-english-v3.0', 0.1, 0, 512, EMBED),
      offer('bedrock', 'cohere.embed-english-v3', 0.1, 0, 512, EMBED),
    ],
  }),
  model({
    id: 'embed-multilingual-v3.0', name: 'Cohere Embed Multilingual v3', vendor: 'cohere', class: 'embedding', quality: 65,
    aliases: ['embed-multilingual-v3'],
    embedding: { dimensions: 1024 },
    offerings: [
      offer('cohere', 'embed-multilingual-v3.0', 0.1, 0, 512, EMBED),
      offer('bedrock', 'cohere.embed-multilingual-v3', 0.1, 0, 512, EMBED),
    ],
  }),
  // Amazon Titan Text Embeddings V2 on Bedrock: $0.02 per million tokens, 1024 by default, 512 or 256 on request.
  model({
    id: 'titan-embed-text-v2', name: 'Amazon Titan Text Embeddings V2', vendor: 'bedrock', class: 'embedding', quality: 60,
    embedding: { dimensions: 1024, choices: [256, 512, 1024] },
    offerings: [offer('bedrock', 'amazon.titan-embed-text-v2:0', 0.02, 0, 8_192, EMBED)],
  }),
  // Open models on hosts.
  model({
    id: 'bge-base-en-v1.5', name: 'BAAI bge-base-en-v1.5', vendor: 'together', class: 'embedding', quality: 45,
    embedding: { dimensions: 768 },
    offerings: [
      offer('together', 'BAAI/bge-base-en-v1.5', 0.008, 0, 512, EMBED),
      offer('fireworks', 'BAAI/bge-base-en-v1.5', 0.008, 0, 512, EMBED),
      offer('openrouter', 'baai/bge-base-en-v1.5', 0.005, 0, 512, EMBED),
    ],
  }),
  model({
    id: 'nomic-embed-text-v1.5', name: 'Nomic Embed Text v1.5', vendor: 'fireworks', class: 'embedding', quality: 50,
    embedding: { dimensions: 768, choices: { min: 64, max: 768 } },
    offerings: [offer('fireworks', 'nomic-ai/nomic-embed-text-v1.5', 0.008, 0, 8_192, EMBED)],
  }),
];
