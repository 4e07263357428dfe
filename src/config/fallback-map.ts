import { ConfigError } from '../errors/config-error.js';

/** Where a provider's traffic goes when it cannot serve: level 2 (primary) and level 3 (fallback). */
export interface FallbackRule {
  primary: string;
  fallback: string;
}

export type FallbackMap = Readonly<Record<string, FallbackRule>>;

/**
 * The shipped map: the seed's table (docs/architecture.md), plus rows for the native providers and aggregators,
 * which the table leaves out (their models are reached through OpenRouter, then Together).
 */
export const DEFAULT_FALLBACK_MAP: FallbackMap = {
  meta: { primary: 'openrouter', fallback: 'together' },
  huggingface: { primary: 'openrouter', fallback: 'together' },
  fireworks: { primary: 'openrouter', fallback: 'together' },
  'aleph-alpha': { primary: 'openrouter', fallback: 'anthropic' },
  'azure-openai': { primary: 'openai', fallback: 'openrouter' },
  writer: { primary: 'openrouter', fallback: 'anthropic' },
  openmanus: { primary: 'openai', fallback: 'anthropic' },
  replicate: { primary: 'openrouter', fallback: 'together' },
  perplexity: { primary: 'openrouter', fallback: 'google' },
  cohere: { primary: 'openrouter', fallback: 'anthropic' },
  xai: { primary: 'openrouter', fallback: 'anthropic' },
  ai21: { primary: 'openrouter', fallback: 'anthropic' },
  bedrock: { primary: 'openrouter', fallback: 'anthropic' },
  sarvam: { primary: 'openrouter', fallback: 'google' },
  // Not in the seed's table: natives and aggregators.
  openai: { primary: 'openrouter', fallback: 'azure-openai' },
  anthropic: { primary: 'openrouter', fallback: 'bedrock' },
  google: { primary: 'openrouter', fallback: 'anthropic' },
  mistral: { primary: 'openrouter', fallback: 'together' },
  deepseek: { primary: 'openrouter', fallback: 'together' },
  groq: { primary: 'openrouter', fallback: 'together' },
  moonshot: { primary: 'openrouter', fallback: 'together' },
  openrouter: { primary: 'together', fallback: 'groq' },
  together: { primary: 'openrouter', fallback: 'groq' },
  elevenlabs: { primary: 'openai', fallback: 'openai' },
};

/**
 * The map in force: the default with the config file's rows laid over it. Every provider named must exist;
 * an unknown one is refused naming it.
 */
export function buildFallbackMap(known: ReadonlySet<string>, overrides: Readonly<Record<string, Partial<FallbackRule>>> = {}, source = 'fallbackMap'): FallbackMap {
  const map: Record<string, FallbackRule> = { ...DEFAULT_FALLBACK_MAP };
  for (const [provider, rule] of Object.entries(overrides)) {
    if (!known.has(provider)) throw new ConfigError(`${source}.${provider}: unknown provider "${provider}"`);
    const current = map[provider];
    const primary = rule.primary ?? current?.primary;
    const fallback = rule.fallback ?? current?.fallback;
    if (!primary || !fallback) throw new ConfigError(`${source}.${provider}: needs both "primary" and "fallback"`);
    map[provider] = { primary, fallback };
  }
  for (const [provider, rule] of Object.entries(map)) {
    for (const field of ['primary', 'fallback'] as const) {
      if (!known.has(rule[field])) throw new ConfigError(`${source}.${provider}.${field}: unknown provider "${rule[field]}"`);
    }
  }
  return map;
}
