/**
 * The model catalog as data: canonical models, who offers each (under that provider's own id), at what price and
 * context window, with which capabilities, and the class used to pick substitutes. Each vendor family has its own
 * file; figures that could not be confirmed are named in an `// unconfirmed:` comment at the top of that file.
 */
import type { CanonicalModel, CatalogData } from '../types.js';
import { ANTHROPIC_MODELS } from './anthropic.js';
import { COHERE_MODELS } from './cohere.js';
import { DEEPSEEK_MODELS } from './deepseek.js';
import { GOOGLE_MODELS } from './google.js';
import { META_LLAMA_MODELS } from './meta-llama.js';
import { MISTRAL_MODELS } from './mistral.js';
import { MOONSHOT_MODELS } from './moonshot.js';
import { OPENAI_MODELS } from './openai.js';
import { OTHER_MODELS } from './others.js';
import { PERPLEXITY_MODELS } from './perplexity.js';
import { XAI_MODELS } from './xai.js';
import { SPEECH_MODELS } from './speech.js';
import { EMBEDDING_MODELS } from './embeddings.js';
import { RETIRED_IDS } from './retired.js';

export const CATALOG: CatalogData = {
  asOf: '2026-12-06',
  sources: [
    // OpenRouter's public model list of 2026-05-01 (prices, windows, `:free` variants, expiration dates)
    'https://openrouter.ai/api/v1/models (snapshot of 2026-05-01)',
    // Retirements (see retired.ts)
    'https://docs.x.ai/docs/migration/may-15-retirement',
    'https://ai.google.dev/gemini-api/docs/deprecations',
    'https://platform.claude.com/docs/en/about-claude/model-deprecations',
    'https://api-docs.deepseek.com/quick_start/pricing',
    // Vendors' own price and model pages
    'https://openai.com/api/pricing/',
    'https://platform.openai.com/docs/models',
    'https://azure.microsoft.com/en-us/pricing/details/cognitive-services/openai-service/',
    'https://www.anthropic.com/pricing#api',
    'https://ai.google.dev/gemini-api/docs/pricing',
    'https://mistral.ai/pricing/api',
    'https://docs.mistral.ai/getting-started/models/',
    'https://api-docs.deepseek.com/quick_start/pricing',
    'https://platform.moonshot.ai/docs/pricing/chat',
    'https://docs.x.ai/docs/models',
    'https://cohere.com/pricing',
    'https://docs.perplexity.ai/getting-started/pricing',
    'https://www.ai21.com/pricing/',
    'https://writer.com/pricing/',
    'https://docs.sarvam.ai/api-reference-docs/getting-started/models',
    'https://llama.developer.meta.com/docs/models',
    'https://llama.developer.meta.com/docs/rate-limits/',
    // Hosts and aggregators
    'https://openrouter.ai/models',
    'https://www.together.ai/pricing',
    'https://docs.together.ai/docs/serverless-models',
    'https://fireworks.ai/pricing',
    'https://console.groq.com/docs/models',
    'https://groq.com/pricing',
    'https://huggingface.co/inference/models',
    'https://router.huggingface.co/v1/models',
    'https://aws.amazon.com/bedrock/pricing/',
    'https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html',
    'https://replicate.com/pricing',
    'https://replicate.com/meta',
    // Cross-checked against community price lists
    'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json',
    'https://github.com/pydantic/genai-prices',
    'https://models.dev',
    'https://elevenlabs.io/pricing/api (text to speech, per character)',
    'https://platform.openai.com/docs/pricing (tts-1, tts-1-hd, gpt-4o-mini-tts)',
    'https://openrouter.ai/openai/text-embedding-3-small (embeddings on OpenRouter, 2025-10-30)',
    'https://openrouter.ai/google/gemini-embedding-001 (embeddings on OpenRouter, 2025-10-31)',
    'https://openrouter.ai/baai/bge-base-en-v1.5 (embeddings on OpenRouter, 2025-11-18)',
    'https://developers.googleblog.com/en/gemini-embedding-available-gemini-api/ (gemini-embedding-001)',
    'https://docs.mistral.ai/api/endpoint/embeddings (mistral-embed, codestral-embed)',
  ],
  models: withDialectJsonMode([
    ...META_LLAMA_MODELS,
    ...OPENAI_MODELS,
    ...ANTHROPIC_MODELS,
    ...GOOGLE_MODELS,
    ...MISTRAL_MODELS,
    ...DEEPSEEK_MODELS,
    ...MOONSHOT_MODELS,
    ...XAI_MODELS,
    ...COHERE_MODELS,
    ...PERPLEXITY_MODELS,
    ...OTHER_MODELS,
    ...SPEECH_MODELS,
    ...EMBEDDING_MODELS,
  ]),
  retired: RETIRED_IDS,
};

/**
 * Anthropic's and Bedrock's APIs have no `response_format`, but WAI's anthropic and bedrock dialects deliver JSON
 * mode (a forced tool, or an instruction), so their chat offerings are JSON-capable through WAI.
 */
function withDialectJsonMode(models: CanonicalModel[]): CanonicalModel[] {
  const emulated = new Set(['anthropic', 'bedrock']);
  return models.map((m) => m.class === 'speech' || m.class === 'embedding' ? m : {
    ...m,
    offerings: m.offerings.map((o) => (emulated.has(o.provider) && !o.capabilities.json ? { ...o, capabilities: { ...o.capabilities, json: true } } : o)),
  });
}
