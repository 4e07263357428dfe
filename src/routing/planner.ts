import type { ChatRequest } from '../types/chat.js';
import type { SpeechRequest } from '../types/speech.js';
import type { EmbeddingsRequest } from '../types/embeddings.js';
import type { ProviderRuntime } from '../providers/runtime.js';
import type { Level, Route } from './route.js';
import type { CostPolicy } from '../config/cost-policies.js';
import type { ModelResolver } from './resolve-model.js';
import { GatewayError } from '../errors/gateway-error.js';

/** Builds the ordered list of attempts for a request. */
export interface Planner {
  plan(request: ChatRequest): Route;
  planSpeech(request: SpeechRequest): Route;
  planEmbeddings(request: EmbeddingsRequest): Route;
  /** Every candidate for a model as of now, in route order, each with why it is in or out (`wai route --explain`, /v1/route). */
  explain(modelId: string, request?: Partial<ChatRequest>): RouteExplanation;
}

export interface RouteExplanation {
  requested: string;
  canonical: string | null;
  policy: CostPolicy;
  candidates: ExplainedCandidate[];
}

export interface ExplainedCandidate {
  provider: string;
  model: string;
  level: Level;
  inRoute: boolean;
  reason: string;
  price: { input: number; output: number } | null;
  free: boolean;
  contextWindow: number | null;
  substituteFor?: string;
  /** `family`, `class`, `nearest-class` (the seed rows whose fallback has no model of the class), `successor`, `version`. */
  substituteKind?: string;
}

export function unknownModel(model: string, providers: ReadonlyMap<string, ProviderRuntime>, resolver: ModelResolver): GatewayError {
  const slash = model.indexOf('/');
  const prefix = slash > 0 ? model.slice(0, slash) : undefined;
  const message = prefix && !providers.has(prefix)
    ? `Unknown provider "${prefix}" in model "${model}". Known providers: ${[...providers.keys()].join(', ')}.`
    : `Unknown model "${model}". Name it as provider/model (e.g. ${resolver.examples(4).join(', ')}); GET /v1/models lists what is reachable.`;
  return new GatewayError(404, message, { code: 'model_not_found', param: 'model' });
}
