import type { ChatRequest } from '../types/chat.js';
import type { SpeechRequest } from '../types/speech.js';
import type { EmbeddingsRequest } from '../types/embeddings.js';
import type { ProviderRuntime } from '../providers/runtime.js';
import type { Route } from './route.js';
import type { ModelResolver } from './resolve-model.js';
import { GatewayError } from '../errors/gateway-error.js';

/** Builds the ordered list of attempts for a request. */
export interface Planner {
  plan(request: ChatRequest): Route;
  planSpeech(request: SpeechRequest): Route;
  planEmbeddings(request: EmbeddingsRequest): Route;
}

export function unknownModel(model: string, providers: ReadonlyMap<string, ProviderRuntime>, resolver: ModelResolver): GatewayError {
  const slash = model.indexOf('/');
  const prefix = slash > 0 ? model.slice(0, slash) : undefined;
  const message = prefix && !providers.has(prefix)
    ? `Unknown provider "${prefix}" in model "${model}". Known providers: ${[...providers.keys()].join(', ')}.`
    : `Unknown model "${model}". Name it as provider/model (e.g. ${resolver.examples(4).join(', ')}); GET /v1/models lists what is reachable.`;
  return new GatewayError(404, message, { code: 'model_not_found', param: 'model' });
}
