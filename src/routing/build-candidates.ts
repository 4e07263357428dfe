import type { Catalog } from '../catalog/catalog.js';
import { goneReason } from '../catalog/catalog.js';
import type { CanonicalModel, ModelClass, Offering, RetiredId } from '../catalog/types.js';
import type { ProviderRuntime } from '../providers/runtime.js';
import type { FallbackMap } from '../config/fallback-map.js';
import type { Level, SkipReason } from './route.js';

/** Substitute models tried at the primary and secondary levels, and keyed candidates at the wide level, at most. */
const MAX_LEVEL_SUBSTITUTES = 2;
const MAX_WIDE = 6;

/**
 * How a substitute relates to what was asked: another version of the same model (a dated pin served floating), the
 * successor its provider named for a retired id, another build of the same model line, another model of the same
 * class, or (the seed's rows whose fallback has no model of the class) a model of the nearest class.
 */
export type SubstituteKind = 'version' | 'successor' | 'family' | 'class' | 'nearest-class';

/** The kinds each `substitute` setting allows. */
export const ALLOWED_SUBSTITUTES: Readonly<Record<'same-class' | 'same-family' | 'off', ReadonlySet<SubstituteKind>>> = {
  'same-class': new Set(['version', 'successor', 'family', 'class', 'nearest-class']),
  'same-family': new Set(['version', 'successor', 'family']),
  off: new Set(),
};

/**
 * The class to fall back to when the secondary has no model of the asked class: no other vendor grounds answers in
 * live web search, so a frontier model is Sonar's nearest; Jamba (large-open) at Anthropic finds a frontier model.
 */
const NEAREST_CLASS: Readonly<Record<ModelClass, readonly ModelClass[]>> = {
  frontier: ['large-open', 'reasoning'],
  'large-open': ['frontier'],
  fast: ['large-open'],
  reasoning: ['frontier'],
  search: ['frontier'],
  speech: [],
  // Vectors of two models are not comparable: an embedding model has no substitute of any class.
  embedding: [],
};

/** A candidate before filtering. */
export interface Candidate {
  provider: string;
  upstreamModel: string;
  level: Level;
  offering?: Offering;
  model?: CanonicalModel;
  /** The name asked for, when this candidate serves another model (or another version). */
  substituteFor?: string;
  substituteKind?: SubstituteKind;
  /** Known in advance not to be servable, and why (shown by explain and in the 503). */
  unavailable?: { reason: SkipReason; detail: string };
}

/** What a request's model id resolved to. */
export interface ResolvedTarget {
  provider: string;
  upstreamModel: string;
  model?: CanonicalModel;
  /** Set when the id is one its provider retired (the model is then its successor). */
  retired?: RetiredId;
}

export interface CandidateContext {
  catalog: Catalog;
  fallbackMap: FallbackMap;
  providers: ReadonlyMap<string, ProviderRuntime>;
  /** Offerings of one model ordered by the cost policy. */
  rank: (offerings: Offering[], model: CanonicalModel) => Offering[];
  /** Orders wide candidates: same model first, then the cost policy. */
  rankWide: (candidates: Candidate[]) => Candidate[];
  /** Orders one level's substitutes: the same line before the class, then the cost policy. */
  rankSubstitutes: (candidates: Candidate[]) => Candidate[];
  now: number;
}

/**
 * The levels for one model id (docs/architecture.md): the exact model wherever it is offered first (direct, primary aggregator,
 * secondary, wide), then substitutes (primary, secondary, wide), so a substitute never goes before the real model.
 */
export function buildCandidates(target: ResolvedTarget, asked: string, ctx: CandidateContext): Candidate[] {
  const { catalog } = ctx;
  const rule = ctx.fallbackMap[target.provider];
  const primary = rule?.primary ?? (target.provider === 'openrouter' ? undefined : 'openrouter');
  const model = target.model;
  if (!model || target.retired) {
    // An id the catalog lacks, or one its provider retired: the named provider as written, and the primary
    // aggregator under the same name where its last list has it.
    const out: Candidate[] = [];
    const retired = target.retired;
    if (retired && retired.provider === target.provider) {
      out.push({ provider: target.provider, upstreamModel: target.upstreamModel, level: 1, unavailable: { reason: 'retired', detail: retiredDetail(retired, ctx) } });
    } else out.push({ provider: target.provider, upstreamModel: target.upstreamModel, level: 1 });
    const equivalent = primary && primary !== target.provider ? catalog.equivalent(primary, target.upstreamModel) : undefined;
    if (equivalent) out.push({ provider: primary!, upstreamModel: equivalent, level: 2 });
    if (model) {
      const successor = modelCandidates({ provider: model.vendor, upstreamModel: model.id, model }, model.id, ctx);
      for (const c of successor) out.push(c.substituteFor ? c : { ...c, substituteFor: asked, substituteKind: 'successor' });
    }
    return out;
  }
  return modelCandidates(target, asked, ctx);
}

function modelCandidates(target: ResolvedTarget, asked: string, ctx: CandidateContext): Candidate[] {
  const { catalog, fallbackMap } = ctx;
  const model = target.model!;
  const exact: Candidate[] = [];
  const successors: Candidate[] = [];
  const substitutes: Candidate[] = [];
  const pin = pinnedVersion(target.upstreamModel, model);
  const add = (into: Candidate[], level: Level, offerings: Offering[], of: CanonicalModel, kind?: SubstituteKind) => {
    for (const offering of ctx.rank(offerings, of)) into.push(candidate(offering, level, of, kind ? { asked, kind } : undefined, pin && !kind ? { pin, asked, vendor: model.vendor, catalog } : undefined));
  };

  // Level 1: the named provider. A caller who wrote the provider's own id for one offering gets that offering first.
  const direct = catalog.offeringsOf(model, target.provider);
  const exactOffering = direct.find((o) => o.upstreamId.toLowerCase() === target.upstreamModel.toLowerCase());
  if (exactOffering) {
    exact.push(candidate(exactOffering, 1, model));
    add(exact, 1, direct.filter((o) => o !== exactOffering), model);
  } else if (direct.length) add(exact, 1, direct, model);
  else {
    const retired = catalog.retired(target.upstreamModel, target.provider);
    if (retired && retired.provider === target.provider) {
      exact.push({ provider: target.provider, upstreamModel: target.upstreamModel, level: 1, model, unavailable: { reason: 'retired', detail: retiredDetail(retired, ctx) } });
      // The successor the provider named, at that provider: the nearest substitute there is.
      const successor = catalog.find(retired.successor);
      if (successor) add(successors, 1, catalog.offeringsOf(successor, target.provider), successor, 'successor');
    } else exact.push({ provider: target.provider, upstreamModel: target.upstreamModel, level: 1, model });
  }

  const rule = fallbackMap[target.provider];
  const used = new Set([target.provider]);
  if (rule) {
    for (const [level, provider] of [[2, rule.primary], [3, rule.fallback]] as const) {
      if (used.has(provider)) continue;
      used.add(provider);
      const own = catalog.offeringsOf(model, provider);
      add(exact, level, own, model);
      if (own.some((o) => !goneReason(o, ctx.now))) continue;
      // This level lacks the model (or only has gone offerings): its nearest models, the same line first.
      const picks = substitutePicks(model, provider, catalog, level === 3);
      const atLevel: Candidate[] = [];
      for (const { sub, kind } of picks) add(atLevel, level, catalog.offeringsOf(sub, provider), sub, kind);
      substitutes.push(...ctx.rankSubstitutes(atLevel));
    }
  }
  // The aggregator that stands in for every other provider has no speech model: say so rather than leave it out.
  if (model.class === 'speech' && !catalog.ofClass('speech').some((m) => m.offerings.some((o) => o.provider === 'openrouter'))) {
    substitutes.push({ provider: 'openrouter', upstreamModel: '(none)', level: 2, model, unavailable: { reason: 'no_substitute', detail: 'no honest substitute: OpenRouter serves no text-to-speech model, and a chat model cannot speak' } });
  }
  // Level 4, wide: every other provider with the same model, then same-line and same-class substitutes.
  const wide: Candidate[] = [];
  for (const offering of model.offerings) if (!used.has(offering.provider)) wide.push(candidate(offering, 4, model, undefined, pin ? { pin, asked, vendor: model.vendor, catalog } : undefined));
  const family = new Set(catalog.sameFamily(model));
  // Wide substitutes come from any other keyed provider (the primary and secondary included; not the one named, whose
  // own failure is what brought the request here), nearest first; the cost policy orders them (rankWide).
  for (const sub of [...family, ...catalog.substitutes(model).filter((m) => !family.has(m))]) {
    for (const offering of sub.offerings) {
      if (offering.provider !== target.provider && ctx.providers.get(offering.provider)?.hasKey) wide.push(candidate(offering, 4, sub, { asked, kind: family.has(sub) ? 'family' : 'class' }));
    }
  }
  let keyed = 0;
  for (const c of ctx.rankWide(wide)) {
    const hasKey = ctx.providers.get(c.provider)?.hasKey === true;
    if (hasKey && keyed >= MAX_WIDE) continue;
    if (hasKey) keyed++;
    // The same model's keyless offerings stay listed (skipped: no key), so the caller sees where a key would help.
    (c.substituteFor ? substitutes : exact).push(c);
  }
  return [...exact, ...successors, ...substitutes];
}

/** Up to two models a provider offers in place of `model`: the same line first, then the class, then (seed rows) the nearest class. */
function substitutePicks(model: CanonicalModel, provider: string, catalog: Catalog, nearest: boolean): Array<{ sub: CanonicalModel; kind: SubstituteKind }> {
  const serves = (m: CanonicalModel) => m.offerings.some((o) => o.provider === provider && !o.gone);
  const picks: Array<{ sub: CanonicalModel; kind: SubstituteKind }> = [];
  const family = catalog.sameFamily(model).filter(serves);
  for (const sub of family) picks.push({ sub, kind: 'family' });
  for (const sub of catalog.substitutes(model).filter(serves)) if (!family.includes(sub)) picks.push({ sub, kind: 'class' });
  if (!picks.length && nearest) {
    for (const modelClass of NEAREST_CLASS[model.class]) {
      for (const sub of catalog.ofClass(modelClass).filter(serves)) picks.push({ sub, kind: 'nearest-class' });
      if (picks.length) break;
    }
  }
  return picks.slice(0, MAX_LEVEL_SUBSTITUTES);
}

interface Pin {
  pin: string;
  asked: string;
  vendor: string;
  catalog: Catalog;
}

function candidate(offering: Offering, level: Level, model: CanonicalModel, sub?: { asked: string; kind: SubstituteKind }, pin?: Pin): Candidate {
  const c: Candidate = { provider: offering.provider, upstreamModel: offering.upstreamId, level, offering, model };
  if (sub) {
    c.substituteFor = sub.asked;
    c.substituteKind = sub.kind;
  } else if (pin) {
    // A dated version: kept as written where the provider serves it (the maker's own API, or a list that has it),
    // otherwise the floating id is served and the answer says it is another version.
    const slash = offering.upstreamId.lastIndexOf('/');
    const pinnedId = `${offering.upstreamId.slice(0, slash + 1)}${pin.pin}`;
    if (offering.provider === pin.vendor || pin.catalog.equivalent(offering.provider, pinnedId)?.toLowerCase() === pinnedId.toLowerCase()) {
      c.upstreamModel = offering.provider === pin.vendor ? pin.pin : pin.catalog.equivalent(offering.provider, pinnedId)!;
    } else {
      c.substituteFor = pin.asked;
      c.substituteKind = 'version';
    }
  }
  return c;
}

/** Dates or release numbers at the end of a model id: `-2024-08-06`, `-20250514`, `-2411`. */
const DATED = /-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/;

/** The dated version asked for (`gpt-4o-2024-08-06`), when it is not an id any offering already uses. */
function pinnedVersion(requested: string, model: CanonicalModel): string | undefined {
  const name = requested.slice(requested.lastIndexOf('/') + 1);
  if (!DATED.test(name) || name.toLowerCase() === model.id.toLowerCase()) return undefined;
  const lower = name.toLowerCase();
  if (model.offerings.some((o) => o.upstreamId.toLowerCase() === lower || o.upstreamId.toLowerCase().endsWith(`/${lower}`))) return undefined;
  return name;
}

function retiredDetail(retired: RetiredId, ctx: CandidateContext): string {
  const name = ctx.providers.get(retired.provider)?.entry.name ?? retired.provider;
  return `${name} retired ${retired.id} on ${retired.retired}; its successor is ${retired.successor} (${retired.source})`;
}
