import type { ChatRequest } from '../types/chat.js';
import type { ProviderRuntime } from '../providers/runtime.js';
import type { Route } from './route.js';
import { ModelResolver } from './resolve-model.js';
import { GatewayError } from '../errors/gateway-error.js';
import { DIALECTS } from '../dialects/index.js';

/** Builds the ordered list of attempts for a request. */
export interface Planner {
  plan(request: ChatRequest): Route;
}

/**
 * Level 1 only: the provider the request names, when it has a key and a dialect.
 * The fallback levels plug in behind this same interface.
 */
export class DirectPlanner implements Planner {
  readonly #resolver: ModelResolver;
  readonly #providers: ReadonlyMap<string, ProviderRuntime>;

  constructor(providers: ReadonlyMap<string, ProviderRuntime>) {
    this.#providers = providers;
    this.#resolver = new ModelResolver(providers);
  }

  plan(request: ChatRequest): Route {
    const resolved = this.#resolver.resolve(request.model);
    if (!resolved) throw unknownModel(request.model, this.#providers, this.#resolver);
    const { provider, upstreamModel } = resolved;
    const route: Route = { requested: request.model, targets: [], skipped: [] };
    if (!provider.hasKey) {
      route.skipped.push({
        provider: provider.id, upstreamModel, level: 1, reason: 'no_key',
        detail: provider.entry.keyEnv.length ? `set ${provider.entry.keyEnv.join(' or ')}` : `${provider.entry.name} has no API of its own`,
      });
    } else if (!DIALECTS.has(provider.entry.dialect)) {
      route.skipped.push({ provider: provider.id, upstreamModel, level: 1, reason: 'no_dialect', detail: `the ${provider.entry.dialect} dialect is not available` });
    } else {
      route.targets.push({ provider, upstreamModel, level: 1 });
    }
    return route;
  }
}

export function unknownModel(model: string, providers: ReadonlyMap<string, ProviderRuntime>, resolver: ModelResolver): GatewayError {
  const slash = model.indexOf('/');
  const prefix = slash > 0 ? model.slice(0, slash) : undefined;
  const message = prefix && !providers.has(prefix)
    ? `Unknown provider "${prefix}" in model "${model}". Known providers: ${[...providers.keys()].join(', ')}.`
    : `Unknown model "${model}". Name it as provider/model (e.g. ${resolver.examples(4).join(', ')}); GET /v1/models lists what is reachable.`;
  return new GatewayError(404, message, { code: 'model_not_found', param: 'model' });
}
