/**
 * The provider table: where each OpenAI-dialect provider lives on the simulator
 * and which wire quirks it has. Everything here is static and precomputed.
 */
import { PROVIDERS as REGISTRY } from '../../src/providers/registry.js';

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
  /** `POST {base}/embeddings`, for providers that serve it. */
  embeddings?: { dimensionsParam: string; tokens: boolean; base64: boolean };
}

/**
 * What only the simulator knows of a provider: the models it pretends to serve and its wire quirks. Everything the
 * gateway knows too (base URL path, chat, model-list and Responses paths, key header, embeddings) comes from the
 * provider's registry entry, so a provider added there needs here only its quirks. Paths given here replace the
 * registry's where the real provider answers on more than one (DeepSeek) or the gateway reads another (Meta).
 */
type SimulatorFacts = Partial<ProviderSpec> & Pick<ProviderSpec, 'id' | 'models' | 'ownedBy'>;

const P = (facts: SimulatorFacts): ProviderSpec => {
  const entry = REGISTRY.find((e) => e.id === facts.id);
  if (!entry) throw new Error(`simulated provider ${facts.id} is not in the registry`);
  const embeddings = entry.embeddings?.path
    ? { dimensionsParam: entry.embeddings.dimensionsParam ?? 'dimensions', tokens: entry.embeddings.openaiRequest === true, base64: entry.embeddings.base64 === true }
    : undefined;
  return {
    // The provider's own base path, under a prefix of its id: https://api.groq.com/openai/v1 → /groq/openai/v1.
    base: `/${entry.id}${new URL(entry.defaultBaseUrl).pathname.replace(/\/$/, '')}`,
    chatPaths: [entry.chatPath],
    modelsPaths: [entry.modelsPath ?? '/models'],
    responsesPaths: entry.responsesPath ? [entry.responsesPath] : [],
    usageMode: 'flag',
    toolStream: 'pieces',
    idStyle: 'chatcmpl',
    toolIdStyle: 'openai',
    reasoningModels: [],
    ...(entry.auth.header === 'api-subscription-key' ? { subscriptionKey: true } : {}),
    ...(embeddings ? { embeddings } : {}),
    ...facts,
  };
};

export const PROVIDERS: readonly ProviderSpec[] = [
  P({ id: 'openai', models: ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-nano', 'o3', 'gpt-5'], ownedBy: 'openai' }),
  P({
    id: 'groq', ownedBy: 'Meta', usageMode: 'groq', toolStream: 'whole', toolIdStyle: 'groq',
    models: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b', 'moonshotai/kimi-k2-instruct'],
  }),
  P({
    id: 'deepseek', chatPaths: ['/chat/completions', '/v1/chat/completions', '/beta/chat/completions'], modelsPaths: ['/models', '/v1/models'],
    models: ['deepseek-chat', 'deepseek-reasoner'], ownedBy: 'deepseek', usageMode: 'finish', idStyle: 'uuid',
    toolIdStyle: 'deepseek', reasoningModels: ['deepseek-reasoner'],
  }),
  P({
    id: 'mistral', ownedBy: 'mistralai', usageMode: 'finish', toolStream: 'whole', idStyle: 'hex32',
    toolIdStyle: 'mistral', models: ['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest', 'codestral-latest'],
  }),
  P({
    id: 'moonshot', ownedBy: 'moonshot', usageMode: 'choices', toolIdStyle: 'moonshot',
    models: ['kimi-k2-0905-preview', 'kimi-k2-turbo-preview', 'kimi-k2-thinking'], reasoningModels: ['kimi-k2-thinking'],
  }),
  P({
    id: 'openrouter', ownedBy: 'openrouter', usageMode: 'openrouter', idStyle: 'gen',
    models: [], // GET /models is served in OpenRouter's own format (see models.ts)
  }),
  P({
    id: 'together', ownedBy: 'together', usageMode: 'finish', idStyle: 'hex32',
    models: ['meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'moonshotai/Kimi-K2-Instruct', 'deepseek-ai/DeepSeek-V3'],
  }),
  P({
    id: 'xai', ownedBy: 'xai', toolStream: 'whole', idStyle: 'uuid', toolIdStyle: 'xai',
    models: ['grok-4', 'grok-4-0709', 'grok-3', 'grok-3-mini', 'grok-code-fast-1'], reasoningModels: ['grok-3-mini'],
  }),
  P({ id: 'perplexity', ownedBy: 'perplexity', usageMode: 'running', idStyle: 'uuid', models: ['sonar', 'sonar-pro', 'sonar-reasoning-pro', 'sonar-deep-research'] }),
  P({
    id: 'fireworks', ownedBy: 'fireworks', idStyle: 'uuid',
    models: ['accounts/fireworks/models/llama-v3p1-405b-instruct', 'accounts/fireworks/models/kimi-k2-instruct', 'accounts/fireworks/models/deepseek-v3'],
  }),
  P({ id: 'huggingface', ownedBy: 'huggingface', models: ['meta-llama/Llama-3.1-8B-Instruct', 'moonshotai/Kimi-K2-Instruct', 'deepseek-ai/DeepSeek-R1'] }),
  P({ id: 'ai21', ownedBy: 'ai21', models: ['jamba-large', 'jamba-mini'] }),
  // Sarvam documents no model list; the simulator offers one where its other endpoints live.
  P({ id: 'sarvam', modelsPaths: ['/v1/models'], ownedBy: 'sarvam', models: ['sarvam-m'] }),
  P({ id: 'writer', ownedBy: 'writer', models: ['palmyra-x5', 'palmyra-x-004'] }),
  // Aleph Alpha lists its models at /models_available; the OpenAI-style /models answers too.
  P({ id: 'aleph-alpha', modelsPaths: ['/models_available', '/models'], ownedBy: 'aleph-alpha', models: ['pharia-1-llm-7b-control', 'llama-3.1-70b-instruct'] }),
  // Meta's OpenAI-compatible endpoint (/compat/v1); its native wire is simulators/meta-llama.
  P({ id: 'meta', base: '/meta/compat/v1', ownedBy: 'Meta', models: ['Llama-4-Maverick-17B-128E-Instruct-FP8', 'Llama-4-Scout-17B-16E-Instruct-FP8', 'Llama-3.3-70B-Instruct'] }),
];

export const PROVIDER_BY_ID: ReadonlyMap<string, ProviderSpec> = new Map(PROVIDERS.map((p) => [p.id, p]));

export interface Route {
  spec: ProviderSpec;
  kind: 'chat' | 'models' | 'responses' | 'embeddings';
}

/** Full request path -> route. Built once. */
export const ROUTES: ReadonlyMap<string, Route> = (() => {
  const m = new Map<string, Route>();
  for (const spec of PROVIDERS) {
    for (const p of spec.chatPaths) m.set(spec.base + p, { spec, kind: 'chat' });
    for (const p of spec.modelsPaths) m.set(spec.base + p, { spec, kind: 'models' });
    for (const p of spec.responsesPaths) m.set(spec.base + p, { spec, kind: 'responses' });
    if (spec.embeddings) m.set(spec.base + '/embeddings', { spec, kind: 'embeddings' });
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
