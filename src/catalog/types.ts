/** The model catalog: canonical models and who offers them, as dated data. */

export interface Capabilities {
  tools: boolean;
  vision: boolean;
  json: boolean;
  streaming: boolean;
}

/**
 * Substitution class: a request may be served by another model of the same class when its own model is not
 * reachable (docs/architecture.md, the five levels: 3 and 4). Classes are coarse on purpose.
 * - frontier: the vendors' best closed models (GPT-5/4.1, Claude Opus/Sonnet, Gemini Pro, Grok 4)
 * - large-open: open-weight models of about 70B and up (Llama 3.1 405B/70B, 3.3 70B, Llama 4, DeepSeek V3, Kimi K2)
 * - fast: small, cheap, quick models (GPT-4o mini, Haiku, Gemini Flash, Llama 3.1 8B, Mistral Small …)
 * - reasoning: models that think before answering (o3, DeepSeek R1/reasoner, Magistral, Sonar Reasoning)
 * - search: answers grounded in live web search (Perplexity Sonar)
 * - speech: text to speech
 * - embedding: text to vectors; never substituted (vectors of two models are not comparable)
 */
export type ModelClass = 'frontier' | 'large-open' | 'fast' | 'reasoning' | 'search' | 'speech' | 'embedding';

/** What an embedding model gives: its vector length, and the shorter (or longer) lengths it can give on request. */
export interface EmbeddingFacts {
  /** Length of the vectors when no `dimensions` is asked for. */
  dimensions: number;
  /** Other lengths it takes as `dimensions`: a list, or any length in a range (Matryoshka-trained models). */
  choices?: readonly number[] | { min: number; max: number };
}

/** One provider's offering of a canonical model. Prices in USD per million tokens. */
export interface Offering {
  provider: string;
  /** The model id as this provider spells it. */
  upstreamId: string;
  inputPrice: number;
  outputPrice: number;
  contextWindow: number;
  capabilities: Capabilities;
  /** A free variant (e.g. OpenRouter `:free`): price 0, tighter rate limits. */
  free?: boolean;
  /** Why a figure here could not be confirmed against the provider's own list or price page (absent: confirmed). */
  unconfirmed?: string;
  /**
   * Set when a complete, fresh model list of this provider no longer has the id (ISO time it was first missed), or
   * when the provider announced its end (OpenRouter's `expiration_date`). A gone offering is never planned.
   */
  gone?: { since: string; why: string };
  /** OpenRouter's `expiration_date`: after it the offering counts as gone. */
  expires?: string;
}

export interface CanonicalModel {
  /** Provider-neutral id, e.g. `llama-3.1-405b-instruct`. */
  id: string;
  name: string;
  /** The provider that makes the model (`meta`, `openai`, `anthropic` …): `vendor/<alias>` names it. */
  vendor: string;
  class: ModelClass;
  /** Other names callers use: `llama-3.1-405b`, `meta-llama/llama-3.1-405b-instruct` … (matched case-insensitively). */
  aliases: string[];
  /** Rank inside its class for the `quality` cost policy: higher is better. */
  quality: number;
  /**
   * The model line (`llama-3.1-405b`, `grok-4`, `claude-sonnet`): `same-family` substitution stays inside it, e.g.
   * another Llama 3.1 405B build. Defaults to the id.
   */
  family?: string;
  offerings: Offering[];
  /** For class `embedding`. */
  embedding?: EmbeddingFacts;
}

/** A model id its provider stopped serving, and the model that replaced it (served as a visible substitute). */
export interface RetiredId {
  /** The provider that retired it. */
  provider: string;
  id: string;
  /** ISO date it stopped working. */
  retired: string;
  /** Canonical id of the replacement the provider names. */
  successor: string;
  source: string;
}

export interface CatalogData {
  /** When these facts were gathered (ISO date). */
  asOf: string;
  /** Where they came from (price pages, model lists), for people checking them. */
  sources: string[];
  models: CanonicalModel[];
  /** Ids providers retired, each with its named successor. */
  retired?: RetiredId[];
  /**
   * Every id each provider's last complete model list had (OpenRouter's public list; keyed providers' own lists):
   * an id the catalog lacks routes there under the same name when the list has it.
   */
  listed?: Record<string, { asOf: string; ids: string[] }>;
}
