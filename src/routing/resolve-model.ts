import type { ProviderRuntime } from '../providers/runtime.js';

export interface ResolvedModel {
  provider: ProviderRuntime;
  upstreamModel: string;
}

/**
 * Resolves a model id to a provider and its own id for the model:
 * `provider/model` when the first segment is a provider id (`groq/llama-3.3-70b-versatile`,
 * `openrouter/meta-llama/llama-3.1-405b-instruct`), otherwise a bare id one provider lists (`gpt-4o`).
 * Built once from the configured providers; a lookup is two map reads.
 */
export class ModelResolver {
  readonly #providers: ReadonlyMap<string, ProviderRuntime>;
  readonly #byModel = new Map<string, ProviderRuntime>();

  constructor(providers: ReadonlyMap<string, ProviderRuntime>) {
    this.#providers = providers;
    // Native providers first, so a bare `gpt-4o` means OpenAI rather than a deployment elsewhere.
    const ordered = [...providers.values()].sort((a, b) => rank(a) - rank(b));
    for (const provider of ordered) {
      for (const model of provider.entry.models) if (!this.#byModel.has(model)) this.#byModel.set(model, provider);
    }
  }

  resolve(model: string): ResolvedModel | undefined {
    const slash = model.indexOf('/');
    if (slash > 0) {
      const provider = this.#providers.get(model.slice(0, slash));
      if (provider && slash < model.length - 1) return { provider, upstreamModel: model.slice(slash + 1) };
    }
    const provider = this.#byModel.get(model);
    return provider ? { provider, upstreamModel: model } : undefined;
  }

  /** Example ids for error messages. */
  examples(limit = 6): string[] {
    return [...this.#byModel.entries()].slice(0, limit).map(([model, provider]) => `${provider.id}/${model}`);
  }
}

function rank(provider: ProviderRuntime): number {
  return provider.entry.role === 'native' ? 0 : provider.entry.role === 'aggregator' ? 1 : 2;
}
