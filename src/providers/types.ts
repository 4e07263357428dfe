/** A provider as declarative data. Adding a provider means adding one of these to the registry. */

export type DialectId =
  | 'openai'
  | 'anthropic'
  | 'gemini'
  | 'cohere'
  | 'bedrock'
  | 'azure'
  | 'replicate'
  | 'meta-llama'
  | 'elevenlabs';

/**
 * native: serves its own models directly; aggregator: serves other vendors' models;
 * mapped: reached directly when keyed, otherwise through the fallback map; alias: no API of its own.
 */
export type ProviderRole = 'native' | 'aggregator' | 'mapped' | 'alias';

/** How the key travels. `scheme: 'Bearer'` gives `Authorization: Bearer <key>`. */
export interface AuthSpec {
  header: string;
  scheme?: 'Bearer';
}

/**
 * Wire deviations of an OpenAI-dialect provider, as data. The openai dialect interprets them;
 * `src/dialects/openai/quirks.ts` documents each.
 */
export interface OpenAIQuirks {
  /** Strict providers reject unknown parameters: only these top-level fields are sent. */
  allowedParams?: readonly string[];
  /** Strict providers: the fields each message role may carry; others are dropped. */
  allowedMessageFields?: Readonly<Record<string, readonly string[]>>;
  /** Roles the provider does not know, mapped to ones it does (`developer` → `system`). */
  renamedRoles?: Readonly<Record<string, string>>;
  /** Parameters the provider spells differently (`seed` → `random_seed`). */
  renamedParams?: Readonly<Record<string, string>>;
  /** `tool_choice` string values the provider spells differently (`required` → `any`). */
  toolChoiceValues?: Readonly<Record<string, string>>;
  /** Tool-call ids in the history must match this pattern; others are rewritten to a stable id. */
  toolCallIdFormat?: 'alnum9';
  /**
   * How usage reaches the end of a stream. `request`: sent when asked with stream_options.include_usage;
   * `always`: sent without asking (so stream_options is not sent); `unsupported`: never.
   */
  streamUsage?: 'request' | 'always' | 'unsupported';
  /** Usage sits inside `choices[0].usage` of the last chunk (Moonshot). */
  usageInsideChoice?: boolean;
  /** Usage sits in `x_groq.usage` (Groq). */
  usageInXGroq?: boolean;
  /** Chunks carry `object: "chat.completion"`/`"chat.completion.done"`, a cumulative `message` and running usage (Perplexity). */
  perplexityChunks?: boolean;
  /** In-stream failures arrive as a data event with a top-level `error` under HTTP 200 (OpenRouter). */
  inStreamErrors?: boolean;
  /** A 400 whose body says the key is invalid is an auth failure (xAI). */
  badKeyAs400?: boolean;
  /** Takes `top_k` (top-k sampling); without this it is not sent, since OpenAI-shaped APIs refuse unknown fields. */
  topK?: boolean;
  /** Takes Anthropic's `cache_control` marks on content parts and tools (OpenRouter); without this they are removed. */
  cacheControl?: boolean;
}

/**
 * Chat options that change what the caller gets back, so a provider that cannot honour one must not be sent the
 * request (it would drop the option silently): `n` > 1, `logprobs`/`top_logprobs`, `custom` tools, an
 * `allowed_tools` tool choice.
 */
export type ChatOption = 'n' | 'logprobs' | 'custom_tools' | 'allowed_tools';

/** How a provider serves embeddings (its dialect's embeddings codec reads this). */
export interface EmbeddingsSpec {
  /** Path appended to the base URL, for providers that speak OpenAI's embeddings shape. */
  path?: string;
  /** Takes OpenAI's whole request: token ids as `input`, `encoding_format: "base64"`, `user`. */
  openaiRequest?: boolean;
  /** Answers `encoding_format: "base64"` itself (otherwise WAI asks for floats and encodes them). */
  base64?: boolean;
  /** What the provider calls `dimensions` (Mistral: `output_dimension`). */
  dimensionsParam?: string;
}

export interface ProviderEntry {
  id: string;
  name: string;
  /** Environment variables holding the key, first found wins. */
  keyEnv: readonly string[];
  /**
   * Where a user gets a key (the seed's "Next Steps"), and the shape keys have (the provider's docs): a prefix
   * where one is documented and a least length, for `wai doctor`'s warning about a key in the wrong variable.
   */
  key?: { page?: string; prefix?: readonly string[]; minLength?: number };
  defaultBaseUrl: string;
  dialect: DialectId;
  role: ProviderRole;
  /** Path of the chat endpoint, appended to the base URL. */
  chatPath: string;
  /** Path of the provider's own Responses API endpoint, when it has one (requests to /v1/responses pass through to it). */
  responsesPath?: string;
  /** Cheapest path proving the key works (a model list), appended to the base URL. */
  modelsPath?: string;
  auth: AuthSpec;
  /** Headers every call to this provider carries (no secrets here). */
  staticHeaders?: Readonly<Record<string, string>>;
  /** Model ids this provider serves directly, as it spells them (used for bare-id resolution and /v1/models). */
  models: readonly string[];
  quirks?: OpenAIQuirks;
  /** For `alias` providers: the provider whose requests this one stands for. */
  aliasOf?: string;
  /** Extra environment variables the dialect reads (region, endpoint, API version). */
  extraEnv?: Readonly<Record<string, string>>;
  docs?: string;
  /** The chat options this provider honours (none when unset). */
  honours?: readonly ChatOption[];
  /** Set when the provider serves embeddings (`POST /v1/embeddings`). */
  embeddings?: EmbeddingsSpec;
}
