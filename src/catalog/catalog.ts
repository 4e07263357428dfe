import type { CanonicalModel, CatalogData, ModelClass, Offering, RetiredId } from './types.js';

/**
 * The catalog with its lookups built once: alias → model, provider+upstream id → model, class → models, retired ids,
 * and each provider's last listed ids. Requests only read maps.
 */
export class Catalog {
  readonly data: CatalogData;
  readonly #byAlias = new Map<string, CanonicalModel>();
  readonly #byClass = new Map<ModelClass, CanonicalModel[]>();
  readonly #byFamily = new Map<string, CanonicalModel[]>();
  readonly #retired = new Map<string, RetiredId>();
  /** provider → lower-case id → id as listed, and lower-case part after the vendor prefix → id. */
  readonly #listed = new Map<string, { ids: Map<string, string>; bySuffix: Map<string, string> }>();

  constructor(data: CatalogData) {
    this.data = data;
    for (const model of data.models) {
      this.#index(model.id, model);
      for (const alias of model.aliases) this.#index(alias, model);
      for (const offering of model.offerings) {
        this.#index(offering.upstreamId, model);
        this.#index(`${offering.provider}/${offering.upstreamId}`, model);
      }
      push(this.#byClass, model.class, model);
      push(this.#byFamily, familyOf(model), model);
    }
    for (const retired of data.retired ?? []) {
      this.#retired.set(`${retired.provider}/${retired.id}`.toLowerCase(), retired);
      if (!this.#retired.has(retired.id.toLowerCase())) this.#retired.set(retired.id.toLowerCase(), retired);
    }
    for (const [provider, list] of Object.entries(data.listed ?? {})) {
      const ids = new Map<string, string>();
      const bySuffix = new Map<string, string>();
      for (const id of list.ids) {
        ids.set(id.toLowerCase(), id);
        const suffix = id.slice(id.indexOf('/') + 1).toLowerCase();
        if (!bySuffix.has(suffix)) bySuffix.set(suffix, id);
      }
      this.#listed.set(provider, { ids, bySuffix });
    }
  }

  /** The canonical model an id names (case-insensitive), if the catalog knows it. */
  find(id: string): CanonicalModel | undefined {
    return this.#byAlias.get(id.toLowerCase());
  }

  /** A retired id (as `provider/id` or bare), with its successor. */
  retired(id: string, provider?: string): RetiredId | undefined {
    const lower = id.toLowerCase();
    return (provider ? this.#retired.get(`${provider}/${lower}`) : undefined) ?? this.#retired.get(lower);
  }

  /** The providers whose own model list was read (OpenRouter's, and keyed direct providers'). */
  listedProviders(): IterableIterator<string> {
    return this.#listed.keys();
  }

  /** Whether the provider's last complete model list was synced (so "not listed" means something). */
  hasList(provider: string): boolean {
    return this.#listed.has(provider);
  }

  /**
   * The id a provider's last list has for a model named elsewhere: the same id, or the same name under the
   * provider's own vendor prefix (`xai/grok-4.3` → OpenRouter's `x-ai/grok-4.3`).
   */
  equivalent(provider: string, id: string): string | undefined {
    const list = this.#listed.get(provider);
    if (!list) return undefined;
    const lower = id.toLowerCase();
    return list.ids.get(lower) ?? list.bySuffix.get(lower.slice(lower.indexOf('/') + 1));
  }

  /** Other models of the same class, nearest first: the same maker's, then the closest in quality (the better on a tie). */
  substitutes(model: CanonicalModel): CanonicalModel[] {
    // None for an embedding model: its vectors match no other model's.
    if (model.class === 'embedding') return [];
    const maker = (m: CanonicalModel) => (m.vendor === model.vendor ? 0 : 1);
    return this.ofClass(model.class).filter((m) => m !== model)
      .sort((a, b) => maker(a) - maker(b) || Math.abs(a.quality - model.quality) - Math.abs(b.quality - model.quality) || b.quality - a.quality);
  }

  /** Every model of a class, best first. */
  ofClass(modelClass: ModelClass): CanonicalModel[] {
    return [...(this.#byClass.get(modelClass) ?? [])].sort((a, b) => b.quality - a.quality);
  }

  /** Other builds of the same model line (e.g. Hermes 3 405B for Llama 3.1 405B), best first. */
  sameFamily(model: CanonicalModel): CanonicalModel[] {
    return (this.#byFamily.get(familyOf(model)) ?? []).filter((m) => m !== model).sort((a, b) => b.quality - a.quality);
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

/** The model line `same-family` substitution stays in. */
export function familyOf(model: CanonicalModel): string {
  return model.family ?? model.id;
}

/** Blended price used for ordering: input and output per million tokens, weighted as a typical chat uses them. */
export function blendedPrice(offering: Offering): number {
  return offering.free ? 0 : (3 * offering.inputPrice + offering.outputPrice) / 4;
}

/** Whether an offering may be planned at `nowMs`: not marked gone, not past OpenRouter's expiration date. */
export function goneReason(offering: Offering, nowMs: number): string | undefined {
  if (offering.gone) return `${offering.gone.why} (missing since ${offering.gone.since.slice(0, 10)})`;
  if (offering.expires && Date.parse(offering.expires) <= nowMs) return `expired on ${offering.expires.slice(0, 10)} (OpenRouter's expiration_date)`;
  return undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
