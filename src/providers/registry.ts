import type { ProviderEntry } from './types.js';

/**
 * Every provider WAI knows, as data (facts from each provider's documentation, in our own words; sources beside the facts).
 * The base URL of any of them can be overridden with `<ID>_BASE_URL` (dashes become underscores),
 * e.g. `OPENROUTER_BASE_URL`, `ALEPH_ALPHA_BASE_URL`.
 */
const bearer = { header: 'authorization', scheme: 'Bearer' } as const;

/** Parameters Mistral's chat schema accepts; it answers 422 "Extra inputs are not permitted" to anything else. */
const MISTRAL_PARAMS = [
  'model', 'messages', 'temperature', 'top_p', 'max_tokens', 'stream', 'stop', 'random_seed', 'metadata',
  'response_format', 'tools', 'tool_choice', 'presence_penalty', 'frequency_penalty', 'n', 'prediction',
  'parallel_tool_calls', 'reasoning_effort', 'prompt_mode', 'guardrails', 'prompt_cache_key', 'safe_prompt',
] as const;

/** Fields Mistral accepts on each message role; others (`name` on a user turn, `refusal`, `reasoning_content`) are 422s. */
const MISTRAL_MESSAGE_FIELDS = {
  system: ['role', 'content'],
  user: ['role', 'content'],
  assistant: ['role', 'content', 'tool_calls', 'prefix'],
  tool: ['role', 'content', 'tool_call_id', 'name'],
} as const;

export const PROVIDERS: readonly ProviderEntry[] = [
  {
    id: 'openai', name: 'OpenAI', keyEnv: ['OPENAI_API_KEY'], defaultBaseUrl: 'https://api.openai.com/v1',
    key: { page: 'https://platform.openai.com/api-keys', prefix: ['sk-'], minLength: 40 },
    dialect: 'openai', role: 'native', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    responsesPath: '/responses',
    models: ['gpt-5', 'gpt-4.1', 'gpt-4o', 'gpt-4o-mini', 'o3', 'o4-mini'],
    quirks: { streamUsage: 'request' },
    embeddings: { path: '/embeddings', openaiRequest: true, base64: true },
    // OpenAI's chat reference (n, logprobs, top_logprobs; custom tools and allowed_tools since GPT-5, 2025-08).
    honours: ['n', 'logprobs', 'custom_tools', 'allowed_tools'],
  },
  {
    id: 'anthropic', name: 'Anthropic', keyEnv: ['ANTHROPIC_API_KEY'], defaultBaseUrl: 'https://api.anthropic.com',
    key: { page: 'https://console.anthropic.com/settings/keys', prefix: ['sk-ant-'], minLength: 40 },
    dialect: 'anthropic', role: 'native', chatPath: '/v1/messages', modelsPath: '/v1/models',
    auth: { header: 'x-api-key' }, staticHeaders: { 'anthropic-version': '2023-06-01' },
    models: ['claude-sonnet-4-6', 'claude-opus-4-7', 'claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'],
  },
  {
    id: 'google', name: 'Google Gemini', keyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    // AI Studio keys: "AIza" and 39 characters.
    key: { page: 'https://aistudio.google.com/apikey', prefix: ['AIza'], minLength: 39 },
    defaultBaseUrl: 'https://generativelanguage.googleapis.com', dialect: 'gemini', role: 'native',
    chatPath: '/v1beta/models', modelsPath: '/v1beta/models', auth: { header: 'x-goog-api-key' },
    models: ['gemini-3.1-pro-preview', 'gemini-3-flash-preview', 'gemini-2.5-flash-lite'],
    // batchEmbedContents on the model (the dialect knows the path).
    embeddings: {},
    // n as generationConfig.candidateCount; Gemini's logprobs are not mapped back by the dialect.
    honours: ['n'],
  },
  {
    id: 'mistral', name: 'Mistral', keyEnv: ['MISTRAL_API_KEY'], defaultBaseUrl: 'https://api.mistral.ai/v1',
    key: { page: 'https://console.mistral.ai/api-keys' },
    dialect: 'openai', role: 'native', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    models: ['mistral-large-latest', 'mistral-medium-latest', 'magistral-medium-latest', 'codestral-latest'],
    quirks: {
      allowedParams: MISTRAL_PARAMS,
      allowedMessageFields: MISTRAL_MESSAGE_FIELDS,
      renamedRoles: { developer: 'system' },
      renamedParams: { seed: 'random_seed', max_completion_tokens: 'max_tokens' },
      toolChoiceValues: { required: 'any' },
      toolCallIdFormat: 'alnum9',
      streamUsage: 'always',
    },
    // Mistral's own name for the vector length; it is strict about unknown fields (docs.mistral.ai/api/endpoint/embeddings).
    embeddings: { path: '/embeddings', dimensionsParam: 'output_dimension' },
    honours: ['n'],
  },
  {
    id: 'deepseek', name: 'DeepSeek', keyEnv: ['DEEPSEEK_API_KEY'], defaultBaseUrl: 'https://api.deepseek.com',
    key: { page: 'https://platform.deepseek.com/api_keys', prefix: ['sk-'], minLength: 30 },
    dialect: 'openai', role: 'native', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    // deepseek-chat and deepseek-reasoner were retired in July 2026, deepseek-v4-flash became deepseek-flash (V4.1):
    // the catalog keeps the old names as aliases.
    models: ['deepseek-flash', 'deepseek-v4-pro'],
    // api-docs.deepseek.com (chat completion: logprobs, top_logprobs; n is not a parameter).
    honours: ['logprobs'],
    // Keep-alive comments (stream) and blank lines (non-stream) while queued: the SSE parser and JSON.parse skip them.
    quirks: { streamUsage: 'request' },
  },
  {
    id: 'elevenlabs', name: 'ElevenLabs', keyEnv: ['ELEVENLABS_API_KEY', 'ELEVEN_API_KEY'],
    key: { page: 'https://elevenlabs.io/app/settings/api-keys' },
    defaultBaseUrl: 'https://api.elevenlabs.io', dialect: 'elevenlabs', role: 'native',
    chatPath: '/v1/text-to-speech', modelsPath: '/v1/models', auth: { header: 'xi-api-key' },
    models: ['eleven_multilingual_v2', 'eleven_flash_v2_5', 'eleven_turbo_v2_5'],
  },
  {
    id: 'groq', name: 'Groq', keyEnv: ['GROQ_API_KEY'], defaultBaseUrl: 'https://api.groq.com/openai/v1',
    key: { page: 'https://console.groq.com/keys', prefix: ['gsk_'], minLength: 40 },
    dialect: 'openai', role: 'aggregator', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    models: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b', 'moonshotai/kimi-k2-instruct'],
    quirks: { streamUsage: 'request', usageInXGroq: true },
  },
  {
    id: 'moonshot', name: 'Moonshot (Kimi)', keyEnv: ['MOONSHOT_API_KEY'], defaultBaseUrl: 'https://api.moonshot.ai/v1',
    key: { page: 'https://platform.moonshot.ai/console/api-keys', prefix: ['sk-'], minLength: 30 },
    dialect: 'openai', role: 'native', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    models: ['kimi-k2.6', 'kimi-k2.5'],
    quirks: { streamUsage: 'request', usageInsideChoice: true },
  },
  {
    id: 'openrouter', name: 'OpenRouter', keyEnv: ['OPENROUTER_API_KEY'], defaultBaseUrl: 'https://openrouter.ai/api/v1',
    key: { page: 'https://openrouter.ai/settings/keys', prefix: ['sk-or-'], minLength: 40 },
    dialect: 'openai', role: 'aggregator', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    staticHeaders: { 'x-title': 'WAI gateway' },
    models: ['nousresearch/hermes-3-llama-3.1-405b', 'anthropic/claude-sonnet-4.6', 'google/gemini-3.1-pro-preview', 'moonshotai/kimi-k2.6'],
    // top_k: in supported_parameters of its model list (test/fixtures/openrouter); cache_control: forwarded to
    // Anthropic models (openrouter.ai/docs, AnthropicCacheControlDirective; OpenRouterTeam/python-sdk#51 for tools).
    quirks: { streamUsage: 'always', inStreamErrors: true, topK: true, cacheControl: true },
    // OpenAI-compatible embeddings for the models it lists there (openrouter.ai/docs, embeddings API reference).
    embeddings: { path: '/embeddings', base64: true },
  },
  {
    id: 'together', name: 'Together AI', keyEnv: ['TOGETHER_API_KEY'], defaultBaseUrl: 'https://api.together.xyz/v1',
    key: { page: 'https://api.together.ai/settings/api-keys' },
    dialect: 'openai', role: 'aggregator', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    models: ['meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', 'moonshotai/Kimi-K2-Instruct', 'deepseek-ai/DeepSeek-V3'],
    // top_k: a chat parameter of Together's API (its Python client's `top_k`).
    quirks: { streamUsage: 'request', topK: true },
    embeddings: { path: '/embeddings' },
    // Together's logprobs is a count, not OpenAI's boolean: only n is declared.
    honours: ['n'],
  },
  {
    id: 'meta', name: 'Meta Llama API', keyEnv: ['LLAMA_API_KEY'], defaultBaseUrl: 'https://api.llama.com/v1',
    key: { page: 'https://llama.developer.meta.com/' },
    dialect: 'meta-llama', role: 'mapped', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    models: ['Llama-4-Maverick-17B-128E-Instruct-FP8', 'Llama-4-Scout-17B-16E-Instruct-FP8', 'Llama-3.3-70B-Instruct'],
  },
  {
    id: 'huggingface', name: 'Hugging Face', keyEnv: ['HF_TOKEN', 'HUGGINGFACE_HUB_TOKEN'],
    key: { page: 'https://huggingface.co/settings/tokens', prefix: ['hf_'], minLength: 30 },
    defaultBaseUrl: 'https://router.huggingface.co/v1', dialect: 'openai', role: 'mapped',
    chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    models: ['meta-llama/Llama-3.1-8B-Instruct', 'moonshotai/Kimi-K2-Instruct', 'deepseek-ai/DeepSeek-R1'],
    quirks: { streamUsage: 'request' },
  },
  {
    id: 'fireworks', name: 'Fireworks AI', keyEnv: ['FIREWORKS_API_KEY'], defaultBaseUrl: 'https://api.fireworks.ai/inference/v1',
    key: { page: 'https://fireworks.ai/account/api-keys', prefix: ['fw_'], minLength: 20 },
    dialect: 'openai', role: 'mapped', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    models: ['accounts/fireworks/models/llama-v3p1-405b-instruct', 'accounts/fireworks/models/kimi-k2-instruct', 'accounts/fireworks/models/deepseek-v3'],
    quirks: { streamUsage: 'request' },
    embeddings: { path: '/embeddings' },
    // unconfirmed: Fireworks' OpenAI-compatible n and logprobs/top_logprobs.
    honours: ['n', 'logprobs'],
  },
  {
    id: 'aleph-alpha', name: 'Aleph Alpha', keyEnv: ['AA_TOKEN', 'ALEPH_ALPHA_API_KEY'], defaultBaseUrl: 'https://api.aleph-alpha.com',
    key: { page: 'https://docs.aleph-alpha.com/ (your PhariaAI instance issues the token)' },
    dialect: 'openai', role: 'mapped', chatPath: '/chat/completions', modelsPath: '/models_available', auth: bearer,
    models: ['pharia-1-llm-7b-control', 'llama-3.1-70b-instruct'],
    quirks: { streamUsage: 'request' },
  },
  {
    id: 'azure-openai', name: 'Azure OpenAI', keyEnv: ['AZURE_OPENAI_API_KEY'], defaultBaseUrl: '',
    key: { page: 'https://portal.azure.com/ (your Azure OpenAI resource, Keys and Endpoint)' },
    dialect: 'azure', role: 'mapped', chatPath: '/chat/completions', auth: { header: 'api-key' },
    models: ['gpt-4o', 'gpt-4.1', 'o4-mini'],
    extraEnv: { endpoint: 'AZURE_OPENAI_ENDPOINT', apiVersion: 'OPENAI_API_VERSION' },
    // On the deployment, like chat (the dialect builds the path).
    embeddings: { openaiRequest: true, base64: true },
    honours: ['n', 'logprobs', 'custom_tools', 'allowed_tools'],
  },
  {
    id: 'writer', name: 'Writer', keyEnv: ['WRITER_API_KEY'], defaultBaseUrl: 'https://api.writer.com',
    key: { page: 'https://app.writer.com/ (AI Studio, API keys)' },
    dialect: 'openai', role: 'mapped', chatPath: '/v1/chat', modelsPath: '/v1/models', auth: bearer,
    models: ['palmyra-x5', 'palmyra-x-004'],
    quirks: { streamUsage: 'request' },
  },
  {
    id: 'replicate', name: 'Replicate', keyEnv: ['REPLICATE_API_TOKEN'], defaultBaseUrl: 'https://api.replicate.com/v1',
    key: { page: 'https://replicate.com/account/api-tokens', prefix: ['r8_'], minLength: 30 },
    dialect: 'replicate', role: 'mapped', chatPath: '/models', modelsPath: '/account', auth: bearer,
    models: ['meta/meta-llama-3.1-405b-instruct', 'meta/meta-llama-3-70b-instruct'],
  },
  {
    id: 'perplexity', name: 'Perplexity', keyEnv: ['PERPLEXITY_API_KEY', 'PPLX_API_KEY'], defaultBaseUrl: 'https://api.perplexity.ai',
    key: { page: 'https://www.perplexity.ai/account/api/keys', prefix: ['pplx-'], minLength: 40 },
    dialect: 'openai', role: 'mapped', chatPath: '/chat/completions', auth: bearer,
    models: ['sonar', 'sonar-pro', 'sonar-reasoning-pro', 'sonar-deep-research'],
    // A rejected key can come back as a 400 whose body says so (issue 9; exact body shape unconfirmed): auth, by its text.
    quirks: { streamUsage: 'always', perplexityChunks: true, badKeyAs400: true },
  },
  {
    id: 'cohere', name: 'Cohere', keyEnv: ['CO_API_KEY', 'COHERE_API_KEY'], defaultBaseUrl: 'https://api.cohere.com',
    key: { page: 'https://dashboard.cohere.com/api-keys' },
    dialect: 'cohere', role: 'mapped', chatPath: '/v2/chat', modelsPath: '/v1/models', auth: bearer,
    models: ['command-a-03-2025', 'command-r-plus-08-2024', 'command-r7b-12-2024'],
    // POST /v2/embed (the dialect knows the path).
    embeddings: {},
  },
  {
    id: 'xai', name: 'xAI', keyEnv: ['XAI_API_KEY'], defaultBaseUrl: 'https://api.x.ai/v1',
    key: { page: 'https://console.x.ai/', prefix: ['xai-'], minLength: 40 },
    dialect: 'openai', role: 'mapped', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    // xAI serves OpenAI's Responses API at /v1/responses too (its API reference, read 2026-12).
    responsesPath: '/responses',
    models: ['grok-4.3', 'grok-4.20'],
    quirks: { streamUsage: 'request', badKeyAs400: true },
    // unconfirmed: xAI's chat reference lists n and logprobs/top_logprobs.
    honours: ['n', 'logprobs'],
  },
  {
    id: 'ai21', name: 'AI21 Labs', keyEnv: ['AI21_API_KEY'], defaultBaseUrl: 'https://api.ai21.com/studio/v1',
    key: { page: 'https://studio.ai21.com/account/api-key' },
    dialect: 'openai', role: 'mapped', chatPath: '/chat/completions', modelsPath: '/models', auth: bearer,
    models: ['jamba-large', 'jamba-mini'],
    // A bad key can come back as a 400 ("Bad or missing API token"; issue 9, shape unconfirmed): auth, by its text.
    quirks: { streamUsage: 'request', badKeyAs400: true },
  },
  {
    id: 'bedrock', name: 'AWS Bedrock', keyEnv: ['AWS_BEARER_TOKEN_BEDROCK', 'AWS_ACCESS_KEY_ID'],
    key: { page: 'https://console.aws.amazon.com/bedrock/ (API keys, or IAM access keys)' },
    defaultBaseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', dialect: 'bedrock', role: 'mapped',
    chatPath: '/model', auth: bearer,
    models: ['meta.llama3-1-405b-instruct-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0', 'amazon.nova-pro-v1:0'],
    // InvokeModel with the model's own body (Titan, Cohere on Bedrock).
    embeddings: {},
    extraEnv: { region: 'AWS_REGION', secretAccessKey: 'AWS_SECRET_ACCESS_KEY', sessionToken: 'AWS_SESSION_TOKEN' },
  },
  {
    id: 'sarvam', name: 'Sarvam AI', keyEnv: ['SARVAM_API_KEY'], defaultBaseUrl: 'https://api.sarvam.ai',
    key: { page: 'https://dashboard.sarvam.ai/ (API keys)' },
    dialect: 'openai', role: 'mapped', chatPath: '/v1/chat/completions', auth: { header: 'api-subscription-key' },
    // sarvam-m was retired in June 2026; the catalog keeps it as an alias of Sarvam-30B.
    models: ['sarvam-30b', 'sarvam-105b'],
    // Sarvam answers a bad key with 403 invalid_api_key_error, which the common rules already class as auth.
    quirks: { streamUsage: 'request' },
  },
  {
    // OpenManus is an agent framework with no API of its own: requests for it are served through the map.
    id: 'openmanus', name: 'OpenManus (alias)', keyEnv: [], defaultBaseUrl: '', dialect: 'openai', role: 'alias',
    chatPath: '/chat/completions', auth: bearer, models: [], aliasOf: 'openai',
  },
];

export function baseUrlEnvName(providerId: string): string {
  return `${providerId.toUpperCase().replace(/-/g, '_')}_BASE_URL`;
}
