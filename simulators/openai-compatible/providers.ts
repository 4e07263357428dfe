/**
 * The provider table: where each OpenAI-dialect provider lives on the simulator
 * and which wire quirks it has. Everything here is static and precomputed.
 */

/**
 * Where a provider puts token usage in a stream.
 * - flag:       OpenAI: one extra chunk with `choices: []` only when stream_options.include_usage is true
 * - finish:     always on the chunk that carries finish_reason (DeepSeek, Mistral, Together)
 * - groq:       always on the finish chunk, as `x_groq.usage` and top-level `usage`
 * - choices:    always inside `choices[0].usage` of the finish chunk (Moonshot)
 * - running:    a running total on every chunk (Perplexity)
 * - openrouter: always, in a chunk after the finish chunk whose choice has an empty delta
 */
export type UsageMode = 'flag' | 'finish' | 'groq' | 'choices' | 'running' | 'openrouter';

export type IdStyle = 'chatcmpl' | 'uuid' | 'hex32' | 'gen';
export type ToolIdStyle = 'openai' | 'mistral' | 'groq' | 'deepseek' | 'xai' | 'moonshot';

export interface ProviderSpec {
  id: string;
  /** Path appended to the simulator URL by baseUrl(). */
  base: string;
  /** Chat endpoints, relative to base. */
  chatPaths: string[];
  /** Model-list endpoints, relative to base. */
  modelsPaths: string[];
  /** OpenAI's Responses API endpoints, relative to base, where the provider has them. */
  responsesPaths: string[];
  /** Model ids served by GET /models. */
  models: string[];
  ownedBy: string;
  usageMode: UsageMode;
  /** 'whole' = the tool call arrives complete in one delta (as in the Groq/xAI/Mistral recordings). */
  toolStream: 'pieces' | 'whole';
  idStyle: IdStyle;
  toolIdStyle: ToolIdStyle;
  /** Models that answer with reasoning_content. */
  reasoningModels: string[];
  /** Sarvam: `api-subscription-key` header (Bearer also accepted). */
  subscriptionKey?: boolean;
}

const P = (s: Partial<ProviderSpec> & Pick<ProviderSpec, 'id' | 'base' | 'models' | 'ownedBy'>): ProviderSpec => ({
  chatPaths: ['/chat/completions'],
  modelsPaths: ['/models'],
  responsesPaths: [],
  usageMode: 'flag',
  toolStream: 'pieces',
  idStyle: 'chatcmpl',
  toolIdStyle: 'openai',
  reasoningModels: [],
  ...s,
});

export const PROVIDERS: readonly ProviderSpec[] = [
  P({ id: 'openai', base: '/openai/v1', responsesPaths: ['/responses'], models: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-nano', 'o3', 'gpt-5'], ownedBy: 'openai' }),
  P({
    id: 'groq', base: '/groq/openai/v1', ownedBy: 'Meta', usageMode: 'groq', toolStream: 'whole', toolIdStyle: 'groq',
    models: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b', 'moonshotai/kimi-k2-instruct'],
  }),
  P({
    id: 'deepseek', base: '/deepseek', chatPaths: ['/chat/completions', '/v1/chat/completions'], modelsPaths: ['/models', '/v1/models'],
    models: ['deepseek-chat', 'deepseek-reasoner'], ownedBy: 'deepseek', usageMode: 'finish', idStyle: 'uuid',
    toolIdStyle: 'deepseek', reasoningModels: ['deepseek-reasoner'],
  }),
  P({
    id: 'mistral', base: '/mistral/v1', ownedBy: 'mistralai', usageMode: 'finish', toolStream: 'whole', idStyle: 'hex32',
    toolIdStyle: 'mistral', models: ['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest', 'codestral-latest'],
  }),
  P({
    id: 'moonshot', base: '/moonshot/v1', ownedBy: 'moonshot', usageMode: 'choices', toolIdStyle: 'moonshot',
    models: ['kimi-k2-0905-preview', 'kimi-k2-turbo-preview', 'kimi-k2-thinking'], reasoningModels: ['kimi-k2-thinking'],
  }),
  P({
    id: 'openrouter', base: '/openrouter/api/v1', ownedBy: 'openrouter', usageMode: 'openrouter', idStyle: 'gen',
    models: [], // GET /models is served in OpenRouter's own format (see models.ts)
  }),
  P({
    id: 'together', base: '/together/v1', ownedBy: 'together', usageMode: 'finish', idStyle: 'hex32',
    models: ['meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'moonshotai/Kimi-K2-Instruct', 'deepseek-ai/DeepSeek-V3'],
  }),
  P({
    id: 'xai', base: '/xai/v1', responsesPaths: ['/responses'], ownedBy: 'xai', toolStream: 'whole', idStyle: 'uuid', toolIdStyle: 'xai',
    models: ['grok-4', 'grok-4-0709', 'grok-3', 'grok-3-mini', 'grok-code-fast-1'], reasoningModels: ['grok-3-mini'],
  }),
  P({ id: 'perplexity', base: '/perplexity', ownedBy: 'perplexity', usageMode: 'running', idStyle: 'uuid', models: ['sonar', 'sonar-pro', 'sonar-reasoning-pro', 'sonar-deep-research'] }),
  P({
    id: 'fireworks', base: '/fireworks/inference/v1', ownedBy: 'fireworks', idStyle: 'uuid',
    models: ['accounts/fireworks/models/llama-v3p1-405b-instruct', 'accounts/fireworks/models/kimi-k2-instruct', 'accounts/fireworks/models/deepseek-v3'],
  }),
  P({ id: 'huggingface', base: '/huggingface/v1', ownedBy: 'huggingface', models: ['meta-llama/Llama-3.1-8B-Instruct', 'moonshotai/Kimi-K2-Instruct', 'deepseek-ai/DeepSeek-R1'] }),
  P({ id: 'ai21', base: '/ai21/studio/v1', ownedBy: 'ai21', models: ['jamba-large', 'jamba-mini'] }),
  P({ id: 'sarvam', base: '/sarvam', chatPaths: ['/v1/chat/completions'], modelsPaths: ['/v1/models'], ownedBy: 'sarvam', models: ['sarvam-m'], subscriptionKey: true }),
  P({ id: 'writer', base: '/writer', chatPaths: ['/v1/chat'], modelsPaths: ['/v1/models'], ownedBy: 'writer', models: ['palmyra-x5', 'palmyra-x-004'] }),
  P({ id: 'aleph-alpha', base: '/aleph-alpha', ownedBy: 'aleph-alpha', models: ['pharia-1-llm-7b-control', 'llama-3.1-70b-instruct'] }),
  P({ id: 'meta', base: '/meta/compat/v1', ownedBy: 'Meta', models: ['Llama-4-Maverick-17B-128E-Instruct-FP8', 'Llama-4-Scout-17B-16E-Instruct-FP8', 'Llama-3.3-70B-Instruct'] }),
];

export const PROVIDER_BY_ID: ReadonlyMap<string, ProviderSpec> = new Map(PROVIDERS.map((p) => [p.id, p]));

export interface Route {
  spec: ProviderSpec;
  kind: 'chat' | 'models' | 'responses';
}

/** Full request path -> route. Built once. */
export const ROUTES: ReadonlyMap<string, Route> = (() => {
  const m = new Map<string, Route>();
  for (const spec of PROVIDERS) {
    for (const p of spec.chatPaths) m.set(spec.base + p, { spec, kind: 'chat' });
    for (const p of spec.modelsPaths) m.set(spec.base + p, { spec, kind: 'models' });
    for (const p of spec.responsesPaths) m.set(spec.base + p, { spec, kind: 'responses' });
  }
  return m;
})();

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function base62(n: number, width: number): string {
  let s = '';
  do {
    s = B62[n % 62] + s;
    n = Math.floor(n / 62);
  } while (n > 0);
  return s.length >= width ? s.slice(-width) : '0'.repeat(width - s.length) + s;
}
function hex(n: number, width: number): string {
  const s = n.toString(16);
  return s.length >= width ? s.slice(-width) : '0'.repeat(width - s.length) + s;
}

/** A unique completion id in the provider's style. */
export function completionId(spec: ProviderSpec, n: number, created: number): string {
  switch (spec.idStyle) {
    case 'uuid':
      return `5e1a0000-0000-4000-8000-${hex(n, 12)}`;
    case 'hex32':
      return `5e1a${hex(n, 28)}`;
    case 'gen':
      return `gen-${created}-${base62(n, 20)}`;
    default:
      return `chatcmpl-sim${base62(n, 17)}`;
  }
}

/** A tool-call id in the provider's style (Mistral: exactly 9 alphanumerics). */
export function toolCallId(spec: ProviderSpec, n: number, name: string): string {
  switch (spec.toolIdStyle) {
    case 'mistral':
      return 'sim' + base62(n, 6);
    case 'groq':
      return 'sim' + n.toString(36).padStart(6, '0').slice(-6);
    case 'deepseek':
      return 'call_00_sim' + base62(n, 21);
    case 'xai':
      return 'call_' + String(10000000 + (n % 90000000));
    case 'moonshot':
      return `${name}:0`;
    default:
      return 'call_sim' + base62(n, 21);
  }
}
