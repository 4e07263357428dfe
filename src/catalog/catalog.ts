import type { CanonicalModel, CatalogData, ModelClass, Offering } from './types.js';

/**
 * The catalog with its lookups built once: alias → model, provider+upstream id → model,
 * class → models. Requests only read maps.
 */
export class Catalog {
  readonly data: CatalogData;
  readonly #byAlias = new Map<string, CanonicalModel>();
  readonly #byClass = new Map<ModelClass, CanonicalModel[]>();

  constructor(data: CatalogData) {
    this.data = data;
    for (const model of data.models) {
      this.#index(model.id, model);
      for (const alias of model.aliases) this.#index(alias, model);
      for (const offering of model.offerings) {
        this.#index(offering.upstreamId, model);
        this.#index(`${offering.provider}/${offering.upstreamId}`, model);
      }
      const peers = this.#byClass.get(model.class) ?? [];
      peers.push(model);
      this.#byClass.set(model.class, peers);
    }
  }

  /** The canonical model an id names (case-insensitive), if the catalog knows it. */
  find(id: string): CanonicalModel | undefined {
    return this.#byAlias.get(id.toLowerCase());
  }

  /** Other models of the same class, best first. None for an embedding model: its vectors match no other model's. */
  substitutes(model: CanonicalModel): CanonicalModel[] {
    if (model.class === 'embedding') return [];
    return (this.#byClass.get(model.class) ?? []).filter((m) => m !== model).sort((a, b) => b.quality - a.quality);
  }

  offeringsOf(model: CanonicalModel, provider: string): Offering[] {
    return model.offerings.filter((o) => o.provider === provider);
  }

  #index(key: string, model: CanonicalModel): void {
    const lower = key.toLowerCase();
    // First writer wins: a model's own id and aliases are indexed before any clash from a later model.
    if (!this.#byAlias.has(lower)) this.#byAlias.set(lower, model);
  }
}

/** Blended price used for ordering: input and output per million tokens, weighted as a typical chat uses them. */
export function blendedPrice(offering: Offering): number {
  return offering.free ? 0 : (3 * offering.inputPrice + offering.outputPrice) / 4;
}
