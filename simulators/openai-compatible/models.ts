/** GET <base>/models: the OpenAI list format, and OpenRouter's richer model list. Bodies are precomputed. */
import { PROVIDERS, type ProviderSpec } from './providers.js';

const CREATED = 1735689600; // 2025-01-01

interface OrModel {
  id: string;
  slug: string;
  name: string;
  ctx: number;
  prompt: string;
  completion: string;
  tokenizer: string;
  maxOut: number | null;
  moderated: boolean;
  inputs?: string[];
  params?: string[];
}

const BASE_PARAMS = ['max_tokens', 'temperature', 'top_p', 'stop', 'frequency_penalty', 'presence_penalty', 'seed', 'response_format'];
const TOOL_PARAMS = [...BASE_PARAMS, 'tools', 'tool_choice', 'structured_outputs'];

/** A few OpenRouter models with USD-per-token prices (as strings, like OpenRouter). */
export const OPENROUTER_MODELS: readonly OrModel[] = [
  { id: 'meta-llama/llama-3.1-405b-instruct', slug: 'meta-llama/llama-3.1-405b-instruct', name: 'Meta: Llama 3.1 405B Instruct', ctx: 32768, prompt: '0.0000008', completion: '0.0000008', tokenizer: 'Llama3', maxOut: 16384, moderated: false, params: TOOL_PARAMS },
  { id: 'meta-llama/llama-3.1-405b-instruct:free', slug: 'meta-llama/llama-3.1-405b-instruct', name: 'Meta: Llama 3.1 405B Instruct (free)', ctx: 65536, prompt: '0', completion: '0', tokenizer: 'Llama3', maxOut: null, moderated: false, params: BASE_PARAMS },
  { id: 'meta-llama/llama-3.3-70b-instruct', slug: 'meta-llama/llama-3.3-70b-instruct', name: 'Meta: Llama 3.3 70B Instruct', ctx: 131072, prompt: '0.00000013', completion: '0.00000039', tokenizer: 'Llama3', maxOut: 16384, moderated: false, params: TOOL_PARAMS },
  { id: 'anthropic/claude-sonnet-4', slug: 'anthropic/claude-4-sonnet-20250522', name: 'Anthropic: Claude Sonnet 4', ctx: 200000, prompt: '0.000003', completion: '0.000015', tokenizer: 'Claude', maxOut: 64000, moderated: true, inputs: ['text', 'image', 'file'], params: [...TOOL_PARAMS, 'reasoning', 'include_reasoning'] },
  { id: 'cohere/command-a', slug: 'cohere/command-a-03-2025', name: 'Cohere: Command A', ctx: 256000, prompt: '0.0000025', completion: '0.00001', tokenizer: 'Cohere', maxOut: 8192, moderated: true, params: TOOL_PARAMS },
  { id: 'x-ai/grok-4', slug: 'x-ai/grok-4-07-09', name: 'xAI: Grok 4', ctx: 256000, prompt: '0.000003', completion: '0.000015', tokenizer: 'Grok', maxOut: null, moderated: false, inputs: ['image', 'text'], params: [...TOOL_PARAMS, 'reasoning', 'include_reasoning'] },
  { id: 'moonshotai/kimi-k2', slug: 'moonshotai/kimi-k2', name: 'MoonshotAI: Kimi K2 0711', ctx: 131072, prompt: '0.00000014', completion: '0.00000249', tokenizer: 'Other', maxOut: 131072, moderated: false, params: TOOL_PARAMS },
  { id: 'openai/gpt-4o', slug: 'openai/gpt-4o', name: 'OpenAI: GPT-4o', ctx: 128000, prompt: '0.0000025', completion: '0.00001', tokenizer: 'GPT', maxOut: 16384, moderated: true, inputs: ['text', 'image', 'file'], params: TOOL_PARAMS },
];

function openrouterList(): string {
  return JSON.stringify({
    data: OPENROUTER_MODELS.map((m) => ({
      id: m.id,
      canonical_slug: m.slug,
      hugging_face_id: '',
      name: m.name,
      created: CREATED,
      description: `${m.name} (simulated).`,
      context_length: m.ctx,
      architecture: { modality: (m.inputs ?? ['text']).includes('image') ? 'text+image->text' : 'text->text', input_modalities: m.inputs ?? ['text'], output_modalities: ['text'], tokenizer: m.tokenizer, instruct_type: null },
      pricing: { prompt: m.prompt, completion: m.completion, request: '0', image: '0', web_search: '0', internal_reasoning: '0' },
      top_provider: { context_length: m.ctx, max_completion_tokens: m.maxOut, is_moderated: m.moderated },
      per_request_limits: null,
      supported_parameters: m.params ?? BASE_PARAMS,
      default_parameters: {},
    })),
  });
}

function openaiList(spec: ProviderSpec): string {
  return JSON.stringify({ object: 'list', data: spec.models.map((id) => ({ id, object: 'model', created: CREATED, owned_by: spec.ownedBy })) });
}

/** Provider id -> precomputed JSON body of GET /models. */
export const MODEL_LISTS: ReadonlyMap<string, string> = new Map(
  PROVIDERS.map((p) => [p.id, p.id === 'openrouter' ? openrouterList() : openaiList(p)]),
);
