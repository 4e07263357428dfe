import type { GatewayConfig } from '../config/config.js';

/**
 * The shape each provider's keys have (the providers' docs): a prefix where one is
 * documented, and a least length. A key that does not fit is most often pasted into the wrong variable or cut
 * short; the warning names the provider and the variable, never the key.
 */
const SHAPES: Readonly<Record<string, { prefix?: readonly string[]; minLength: number }>> = {
  openai: { prefix: ['sk-'], minLength: 40 },
  anthropic: { prefix: ['sk-ant-'], minLength: 40 },
  // AI Studio keys: "AIza" and 39 characters.
  google: { prefix: ['AIza'], minLength: 39 },
  openrouter: { prefix: ['sk-or-'], minLength: 40 },
  groq: { prefix: ['gsk_'], minLength: 40 },
  xai: { prefix: ['xai-'], minLength: 40 },
  perplexity: { prefix: ['pplx-'], minLength: 40 },
  huggingface: { prefix: ['hf_'], minLength: 30 },
  fireworks: { prefix: ['fw_'], minLength: 20 },
  replicate: { prefix: ['r8_'], minLength: 30 },
  moonshot: { prefix: ['sk-'], minLength: 30 },
  deepseek: { prefix: ['sk-'], minLength: 30 },
};
/** Keys without a documented prefix are still never this short. */
const MIN_LENGTH = 16;

export interface KeyFormatWarning {
  provider: string;
  /** The variable (or config field) the key came from. */
  variable: string;
  message: string;
}

/** Keys that do not look like their provider's (prefix, length). */
export function checkKeyFormats(config: Pick<GatewayConfig, 'providers'>): KeyFormatWarning[] {
  const warnings: KeyFormatWarning[] = [];
  for (const provider of config.providers.values()) {
    if (!provider.key) continue;
    const value = provider.key.reveal();
    const shape = SHAPES[provider.id];
    const variable = provider.key.source;
    const name = provider.entry.name;
    if (shape?.prefix && !shape.prefix.some((p) => value.startsWith(p))) {
      warnings.push({ provider: provider.id, variable, message: `${variable} does not look like a key for ${name}: ${name} keys start with "${shape.prefix.join('" or "')}"` });
    } else if (value.length < (shape?.minLength ?? MIN_LENGTH)) {
      warnings.push({ provider: provider.id, variable, message: `${variable} is shorter than a key for ${name} (${value.length} characters, at least ${shape?.minLength ?? MIN_LENGTH} expected): cut short?` });
    } else if (/\s/.test(value)) {
      warnings.push({ provider: provider.id, variable, message: `${variable} has a space or line break inside: ${name} keys have none` });
    }
  }
  return warnings;
}

/** Where to get each provider's key (the seed's "Next Steps"). */
export const KEY_PAGES: Readonly<Record<string, string>> = {
  openai: 'https://platform.openai.com/api-keys',
  anthropic: 'https://console.anthropic.com/settings/keys',
  google: 'https://aistudio.google.com/apikey',
  mistral: 'https://console.mistral.ai/api-keys',
  deepseek: 'https://platform.deepseek.com/api_keys',
  elevenlabs: 'https://elevenlabs.io/app/settings/api-keys',
  groq: 'https://console.groq.com/keys',
  moonshot: 'https://platform.moonshot.ai/console/api-keys',
  openrouter: 'https://openrouter.ai/settings/keys',
  together: 'https://api.together.ai/settings/api-keys',
  meta: 'https://llama.developer.meta.com/',
  huggingface: 'https://huggingface.co/settings/tokens',
  fireworks: 'https://fireworks.ai/account/api-keys',
  'aleph-alpha': 'https://docs.aleph-alpha.com/ (your PhariaAI instance issues the token)',
  'azure-openai': 'https://portal.azure.com/ (your Azure OpenAI resource, Keys and Endpoint)',
  writer: 'https://app.writer.com/ (AI Studio, API keys)',
  replicate: 'https://replicate.com/account/api-tokens',
  perplexity: 'https://www.perplexity.ai/account/api/keys',
  cohere: 'https://dashboard.cohere.com/api-keys',
  xai: 'https://console.x.ai/',
  ai21: 'https://studio.ai21.com/account/api-key',
  bedrock: 'https://console.aws.amazon.com/bedrock/ (API keys, or IAM access keys)',
  sarvam: 'https://dashboard.sarvam.ai/ (API keys)',
};
