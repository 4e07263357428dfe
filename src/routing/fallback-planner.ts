import type { ChatRequest, ProviderPreferences } from '../types/chat.js';
import type { SpeechRequest } from '../types/speech.js';
import type { EmbeddingsRequest } from '../types/embeddings.js';
import { embeddingsRequirements } from './embeddings-requirements.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { ProviderRuntime } from '../providers/runtime.js';
import type { Catalog } from '../catalog/catalog.js';
import type { CanonicalModel, Offering } from '../catalog/types.js';
import type { HealthTracker } from '../health/health-tracker.js';
import { openUntilText } from '../health/health-key.js';
import type { FallbackMap } from '../config/fallback-map.js';
import type { Level, Route, RouteTarget, SkippedCandidate, SkipReason } from './route.js';
import type { ExplainedCandidate, Planner, RouteExplanation } from './planner.js';
import { DIALECTS } from '../dialects/index.js';
import { ModelResolver } from './resolve-model.js';
import { unknownModel } from './planner.js';
import { requirementsOf, missingCapabilities, type Requirements } from './requirements.js';
import { compareByPolicy, compareLatency } from './cost-policy.js';
import type { CostPolicy } from '../config/cost-policies.js';
import { ALLOWED_SUBSTITUTES, buildCandidates, type Candidate, type ResolvedTarget } from './build-candidates.js';
import { goneReason } from '../catalog/catalog.js';
import type { SubstitutePolicy } from '../config/config.js';

/** Substitutes of one level: another version, the successor, the same line, the class, the nearest class. */
const SUBSTITUTE_ORDER = ['version', 'successor', 'family', 'class', 'nearest-class'];
const CANDIDATE_CACHE_MS = 5_000;
const CANDIDATE_CACHE_ENTRIES = 1_000;

export interface FallbackPlannerOptions {
  providers: ReadonlyMap<string, ProviderRuntime>;
  catalog: Catalog;
  fallbackMap: FallbackMap;
  health: HealthTracker;
  costPolicy: CostPolicy;
  /** How far substitutes may stray unless a request says otherwise (default same-class). */
  substitute?: SubstitutePolicy;
}

/**
 * The five levels (docs/architecture.md): direct, primary aggregator, secondary, wide, last resort.
 * Candidates without a key or dialect, behind an open breaker, too small for the request, lacking a
 * capability it needs, or excluded by the request's provider preferences are left out with the reason.
 */
export class FallbackPlanner implements Planner {
  readonly #o: FallbackPlannerOptions;
  readonly #resolver: ModelResolver;
  /** Candidates per model and policy depend only on static data and slow-moving latency: kept for a few seconds. */
  readonly #cache = new Map<CostPolicy, Map<string, CachedCandidates>>();
  /** Entries in #cache, over every policy. */
  #cacheSize = 0;

  constructor(options: FallbackPlannerOptions) {
    this.#o = options;
    this.#resolver = new ModelResolver(options.providers);
  }

  plan(request: ChatRequest): Route {
    const requirements = requirementsOf(request);
    const policy = request.wai?.cost_policy ?? this.#o.costPolicy;
    const substitute = request.wai?.substitute ?? this.#o.substitute ?? 'same-class';
    const first = this.#cached(request.model, policy);
    if (first.first.model?.class === 'speech') {
      throw new GatewayError(400, `"${request.model}" is a text-to-speech model; use POST /v1/audio/speech.`, { param: 'model', code: 'wrong_model_kind' });
    }
    if (first.first.model?.class === 'embedding') {
      throw new GatewayError(400, `"${request.model}" is an embedding model; use POST /v1/embeddings.`, { param: 'model', code: 'wrong_model_kind' });
    }
    const route: Route = { requested: request.model, targets: [], skipped: [] };
    if (first.first.model) route.canonical = first.first.model.id;
    let candidates = first.candidates;
    if (request.models?.length) {
      candidates = [...candidates];
      for (const extra of request.models) if (extra !== request.model) candidates.push(...this.#cached(extra, policy).candidates);
    }
    const refused = this.#filter(candidates, request.provider, requirements, route, 'chat', substitute);
    if (route.targets.length === 0 && refused?.size) throw optionRefused(request.model, [...refused][0]!, this.#o.providers);
    return route;
  }

  /** The route for a text-to-speech request: speech models only, served by dialects that speak it. */
  planSpeech(request: SpeechRequest): Route {
    const first = this.#cached(request.model, this.#o.costPolicy);
    if (first.first.model && first.first.model.class !== 'speech') {
      const route = first.first.model.class === 'embedding' ? '/v1/embeddings' : '/v1/chat/completions';
      throw new GatewayError(400, `"${request.model}" is not a text-to-speech model; use POST ${route}.`, { param: 'model', code: 'wrong_model_kind' });
    }
    const route: Route = { requested: request.model, targets: [], skipped: [] };
    if (first.first.model) route.canonical = first.first.model.id;
    this.#filter(first.candidates, undefined, { capabilities: {}, estimatedTokens: request.input.length }, route, 'speech', this.#o.substitute ?? 'same-class');
    return route;
  }

  /**
   * The route for an embeddings request: the same model on every provider that serves it, never another model
   * (vectors of two models are not comparable), and only providers whose dialect and entry serve embeddings.
   */
  planEmbeddings(request: EmbeddingsRequest): Route {
    const first = this.#cached(request.model, this.#o.costPolicy);
    const requirements = embeddingsRequirements(request, first.first.model);
    const route: Route = { requested: request.model, targets: [], skipped: [] };
    if (first.first.model) route.canonical = first.first.model.id;
    this.#filter(first.candidates, request.provider as ProviderPreferences | undefined, requirements, route, 'embeddings', 'off');
    return route;
  }

  /** Every candidate for a model as of now, in route order, each with why it is in or out. */
  explain(modelId: string, request: Partial<ChatRequest> = {}): RouteExplanation {
    const full: ChatRequest = { messages: [{ role: 'user', content: '' }], ...request, model: modelId };
    // Text-to-speech and embedding models are explained with their own routes.
    const kind = this.#cached(modelId, full.wai?.cost_policy ?? this.#o.costPolicy).first.model?.class;
    const route = kind === 'speech' ? this.planSpeech({ model: modelId, input: '', voice: '' })
      : kind === 'embedding' ? this.planEmbeddings({ model: modelId, input: '' })
      : this.plan(full);
    const policy = full.wai?.cost_policy ?? this.#o.costPolicy;
    const describe = (c: { provider: string; upstreamModel: string; level: Level; offering?: Offering | undefined; substituteFor?: string | undefined; substituteKind?: string | undefined }, inRoute: boolean, reason: string): ExplainedCandidate => ({
      provider: c.provider,
      model: c.upstreamModel,
      level: c.level,
      inRoute,
      reason,
      price: c.offering ? { input: c.offering.inputPrice, output: c.offering.outputPrice } : null,
      free: c.offering?.free === true,
      contextWindow: c.offering?.contextWindow ?? null,
      ...(c.substituteFor ? { substituteFor: c.substituteFor } : {}),
      ...(c.substituteKind ? { substituteKind: c.substituteKind } : {}),
    });
    const candidates = [
      ...route.targets.map((t, i) => describe({ ...t, provider: t.provider.id }, true, `attempt ${i + 1}${t.substituteKind ? `: ${t.substituteKind} substitute for ${t.substituteFor}` : ''}`)),
      ...route.skipped.map((s) => describe({ ...s, offering: this.#offering(s.provider, s.upstreamModel) }, false, `${s.reason.replace(/_/g, ' ')}: ${s.detail}`)),
    ].sort((a, b) => a.level - b.level);
    return { requested: modelId, canonical: route.canonical ?? null, policy, candidates };
  }

  /** Per policy, then per model id: no key string is built per request. */
  #cached(modelId: string, policy: CostPolicy): CachedCandidates {
    const now = this.#o.health.now();
    let byModel = this.#cache.get(policy);
    const hit = byModel?.get(modelId);
    if (hit && now - hit.at < CANDIDATE_CACHE_MS) return hit;
    const first = this.resolveTarget(modelId);
    const entry: CachedCandidates = { at: now, first, candidates: this.#candidates(first, modelId, policy) };
    if (this.#cacheSize >= CANDIDATE_CACHE_ENTRIES) {
      this.#cache.clear();
      this.#cacheSize = 0;
      byModel = undefined;
    }
    if (!byModel) this.#cache.set(policy, (byModel = new Map()));
    if (!byModel.has(modelId)) this.#cacheSize++;
    byModel.set(modelId, entry);
    return entry;
  }

  /** The provider and model an id names (throws a 404 GatewayError when nothing matches). */
  resolveTarget(modelId: string): ResolvedTarget {
    const { catalog, providers } = this.#o;
    const slash = modelId.indexOf('/');
    const prefix = slash > 0 ? modelId.slice(0, slash) : undefined;
    if (prefix && providers.has(prefix)) {
      const rest = modelId.slice(slash + 1);
      const model = catalog.find(rest) ?? catalog.find(modelId);
      if (model) return { provider: prefix, upstreamModel: rest, model };
      return this.#retiredTarget(prefix, rest) ?? { provider: prefix, upstreamModel: rest };
    }
    const model = catalog.find(modelId);
    if (model) return { provider: model.vendor, upstreamModel: modelId, model };
    const retired = catalog.retired(modelId);
    if (retired) return this.#retiredTarget(retired.provider, modelId)!;
    const direct = this.#resolver.resolve(modelId);
    if (direct) return { provider: direct.provider.id, upstreamModel: direct.upstreamModel };
    // A bare id that a keyed provider's own list has and the catalog does not yet (`grok-5`): that provider, as written.
    for (const provider of catalog.listedProviders()) {
      if (provider === 'openrouter') continue;
      const own = catalog.equivalent(provider, modelId);
      if (own?.toLowerCase() === modelId.toLowerCase()) return { provider, upstreamModel: own };
    }
    // An id OpenRouter's last list has (`x-ai/grok-4.3`, `nousresearch/hermes-4-70b`): OpenRouter serves it as written.
    const listed = catalog.equivalent('openrouter', modelId);
    if (listed?.toLowerCase() === modelId.toLowerCase()) return { provider: 'openrouter', upstreamModel: listed };
    throw unknownModel(modelId, providers, this.#resolver);
  }

  #retiredTarget(provider: string, id: string): ResolvedTarget | undefined {
    const retired = this.#o.catalog.retired(id, provider);
    const successor = retired && this.#o.catalog.find(retired.successor);
    return successor ? { provider, upstreamModel: id, model: successor, retired: retired! } : undefined;
  }

  /** The levels for one model, each ordered by the cost policy. */
  #candidates(target: ResolvedTarget, asked: string, policy: CostPolicy): Candidate[] {
    return buildCandidates(target, asked, {
      catalog: this.#o.catalog,
      fallbackMap: this.#o.fallbackMap,
      providers: this.#o.providers,
      now: this.#o.health.now(),
      rank: (offerings, model) => this.#rank(offerings, model, policy),
      rankSubstitutes: (subs) => {
        const kind = (c: Candidate) => SUBSTITUTE_ORDER.indexOf(c.substituteKind ?? 'class');
        return [...subs].sort((a, b) => kind(a) - kind(b) || compareByPolicy(policy, this.#rankable(a), this.#rankable(b)));
      },
      rankWide: (wide) => {
        const substituted = (c: Candidate) => (c.substituteFor ? 1 : 0);
        return [...wide].sort((a, b) => substituted(a) - substituted(b) || compareByPolicy(policy, this.#rankable(a), this.#rankable(b)));
      },
    });
  }

  #rank(offerings: Offering[], model: CanonicalModel, policy: CostPolicy): Offering[] {
    if (offerings.length < 2) return offerings;
    return [...offerings].sort((a, b) =>
      compareByPolicy(policy, this.#rankable({ provider: a.provider, upstreamModel: a.upstreamId, level: 1, offering: a, model }),
        this.#rankable({ provider: b.provider, upstreamModel: b.upstreamId, level: 1, offering: b, model })));
  }

  #rankable(c: Candidate) {
    return { offering: c.offering, quality: c.model?.quality ?? 0, latencyMs: this.#o.health.stats(c.provider)?.latencyMs };
  }

  #offering(provider: string, upstreamModel: string): Offering | undefined {
    return this.#o.catalog.find(`${provider}/${upstreamModel}`)?.offerings.find((o) => o.provider === provider && o.upstreamId === upstreamModel);
  }

  /** Applies keys, dialects, breakers, size, capabilities and the request's provider preferences. */
  /** Returns the chat options that left a candidate out (for the 400 when none is left). */
  #filter(candidates: Candidate[], prefs: ProviderPreferences | undefined, requirements: Requirements, route: Route, operation: 'chat' | 'speech' | 'embeddings', substitute: SubstitutePolicy): Set<ChatOptionNeed> | undefined {
    let refused: Set<ChatOptionNeed> | undefined;
    const now = this.#o.health.now();
    const allowed = ALLOWED_SUBSTITUTES[substitute];
    let ordered = candidates;
    if (prefs?.order?.length) {
      const rank = (c: Candidate) => { const i = prefs.order!.indexOf(c.provider); return i === -1 ? Number.MAX_SAFE_INTEGER : i; };
      ordered = [...candidates].sort((a, b) => rank(a) - rank(b));
    }
    if (prefs?.sort === 'price') {
      ordered = [...ordered].sort((a, b) => a.level - b.level || compareByPolicy('cheapest', this.#rankable(a), this.#rankable(b)));
    } else if (prefs?.sort === 'latency' || prefs?.sort === 'throughput') {
      // No throughput is measured here; observed latency stands in for both.
      ordered = [...ordered].sort((a, b) => a.level - b.level || compareLatency(this.#rankable(a), this.#rankable(b)));
    }
    // A provider and model already met earlier in the order is passed over (a long list keeps a set of ids).
    const seen = ordered.length > SCAN_REPEATS_UP_TO ? new Set<string>() : undefined;
    for (let index = 0; index < ordered.length; index++) {
      const c = ordered[index]!;
      if (seen) {
        const id = `${c.provider}\u0000${c.upstreamModel}`;
        if (seen.has(id)) continue;
        seen.add(id);
      } else if (repeated(ordered, index)) continue;
      if (c.unavailable) { skip(route, c, c.unavailable.reason, c.unavailable.detail); continue; }
      const provider = this.#o.providers.get(c.provider);
      if (!provider) { skip(route, c, 'excluded', 'not a configured provider'); continue; }
      const gone = c.offering && goneReason(c.offering, now);
      if (gone) { skip(route, c, 'gone', gone); continue; }
      if (c.substituteKind && !allowed.has(c.substituteKind)) {
        skip(route, c, 'substitution', `${describeSubstitute(c)}; substitute is "${substitute}"`);
        continue;
      }
      // The catalog says this provider does not serve the model. With a key, the provider is asked anyway under the
      // id the caller wrote (the catalog can lag behind a provider); without one, the catalog's word is the reason.
      if (c.level === 1 && c.model && !c.offering && c.model.offerings.length && !provider.hasKey) {
        skip(route, c, 'not_offered', `${provider.entry.name} does not serve ${c.model.name} (${provider.entry.keyEnv.length ? `and has no key: set ${provider.entry.keyEnv.join(' or ')}` : 'and has no API of its own'})`);
        continue;
      }
      if (prefs?.only?.length && !prefs.only.includes(c.provider)) { skip(route, c, 'excluded', 'not in provider.only'); continue; }
      if (prefs?.ignore?.includes(c.provider)) { skip(route, c, 'excluded', 'in provider.ignore'); continue; }
      if (prefs?.allow_fallbacks === false) {
        const allowed = prefs.order?.length ? prefs.order.includes(c.provider) : c.level === 1;
        if (!allowed) { skip(route, c, 'excluded', 'provider.allow_fallbacks is false'); continue; }
      }
      if (prefs?.max_price && c.offering) {
        const { prompt, completion } = prefs.max_price;
        if ((prompt !== undefined && c.offering.inputPrice > prompt) || (completion !== undefined && c.offering.outputPrice > completion)) {
          skip(route, c, 'price', `$${c.offering.inputPrice}/$${c.offering.outputPrice} per M tokens is over provider.max_price`);
          continue;
        }
      }
      if (!provider.hasKey) {
        skip(route, c, 'no_key', noKeyDetail(provider.entry));
        continue;
      }
      const dialect = DIALECTS.get(provider.entry.dialect);
      if (!dialect) {
        skip(route, c, 'no_dialect', `the ${provider.entry.dialect} dialect is not available`);
        continue;
      }
      // The dialect's contract says which kinds it serves. A dialect without a chat part stays on a chat route:
      // its attempt refuses at once (chat_not_offered), the clearest answer for a caller who named its model.
      if (operation === 'speech' && !dialect.speech) {
        skip(route, c, 'no_dialect', `the ${provider.entry.dialect} dialect does not speak text to speech`);
        continue;
      }
      if (operation === 'embeddings' && (!dialect.embeddings || !provider.entry.embeddings)) {
        skip(route, c, 'no_dialect', `${provider.entry.name} serves no embeddings`);
        continue;
      }
      if (requirements.tokenInput && !provider.entry.embeddings?.openaiRequest) {
        skip(route, c, 'missing_capability', `${provider.entry.name} takes no token ids as embeddings input`);
        continue;
      }
      const unhonoured = requirements.options?.find((need) => !provider.entry.honours?.includes(need.option));
      if (unhonoured) {
        (refused ??= new Set()).add(unhonoured);
        skip(route, c, 'missing_capability', `${provider.entry.name} cannot honour ${describeOption(unhonoured)}`);
        continue;
      }
      if (c.offering) {
        if (c.offering.contextWindow && requirements.estimatedTokens > c.offering.contextWindow) {
          skip(route, c, 'context_too_small', `about ${requirements.estimatedTokens} tokens needed, window is ${c.offering.contextWindow}`);
          continue;
        }
        const missing = missingCapabilities(requirements.capabilities, c.offering.capabilities);
        if (missing.length) { skip(route, c, 'missing_capability', `no ${missing.join(', ')}`); continue; }
      }
      const blocking = this.#o.health.blocking(c.provider, c.upstreamModel);
      if (blocking?.state) {
        const why = blocking.state.reason ? `${blocking.state.reason}${blocking.state.lastStatus ? ` ${blocking.state.lastStatus}` : ''}` : 'failures';
        skip(route, c, 'breaker_open', `${openUntilText(blocking.key, blocking.state.openUntil)} (${why})`);
        continue;
      }
      const target: RouteTarget = { provider, upstreamModel: c.upstreamModel, level: c.level };
      if (c.offering) target.offering = c.offering;
      if (c.substituteFor) target.substituteFor = c.substituteFor;
      if (c.substituteKind) target.substituteKind = c.substituteKind;
      route.targets.push(target);
    }
    return refused;
  }
}

type ChatOptionNeed = NonNullable<Requirements['options']>[number];

interface CachedCandidates {
  at: number;
  candidates: Candidate[];
  first: ResolvedTarget;
}

/** Candidates up to this many are checked for repeats by comparing them, not through a set of ids. */
const SCAN_REPEATS_UP_TO = 32;

/** Whether a candidate before `index` in `ordered` has the same provider and model (the later one is passed over). */
function repeated(ordered: readonly Candidate[], index: number): boolean {
  const c = ordered[index]!;
  for (let i = 0; i < index; i++) {
    const earlier = ordered[i]!;
    if (earlier.provider === c.provider && earlier.upstreamModel === c.upstreamModel) return true;
  }
  return false;
}

function skip(route: Route, c: Candidate, reason: SkipReason, detail: string): void {
  route.skipped.push({ provider: c.provider, upstreamModel: c.upstreamModel, level: c.level, reason, detail } satisfies SkippedCandidate);
}

/** Why a provider without a key is left out; the same text for every request, so made once per entry. */
const noKeyDetails = new WeakMap<ProviderRuntime['entry'], string>();
function noKeyDetail(entry: ProviderRuntime['entry']): string {
  let detail = noKeyDetails.get(entry);
  if (detail === undefined) {
    detail = entry.keyEnv.length ? `set ${entry.keyEnv.join(' or ')}` : `${entry.name} has no API of its own`;
    noKeyDetails.set(entry, detail);
  }
  return detail;
}

function describeOption(need: ChatOptionNeed): string {
  switch (need.option) {
    case 'n': return '`n` > 1';
    case 'logprobs': return `\`${need.param}\``;
    case 'custom_tools': return '`custom` tools';
    case 'allowed_tools': return 'an `allowed_tools` tool_choice';
  }
}

/** No candidate can honour an option the caller set: a 400 naming the field, and who would honour it. */
function optionRefused(model: string, need: ChatOptionNeed, providers: ReadonlyMap<string, ProviderRuntime>): GatewayError {
  const able = [...providers.values()].filter((p) => p.entry.honours?.includes(need.option)).map((p) => p.entry.name);
  return new GatewayError(400, `No provider that serves "${model}" here can honour ${describeOption(need)}, and WAI does not drop it silently. Remove it, or ask for a model of a provider that honours it (${able.join(', ')}).`, { param: need.param, code: 'unsupported_parameter' });
}

/** What a substitute is, for explain and the 503: "a same-class substitute (GPT-4o for Command A)". */
function describeSubstitute(c: Candidate): string {
  const kind = c.substituteKind === 'nearest-class' ? `a nearest-class (${c.model?.class}) substitute` : c.substituteKind === 'version' ? 'another version' : `a ${c.substituteKind === 'family' ? 'same-family' : c.substituteKind === 'successor' ? 'successor' : 'same-class'} substitute`;
  return `${kind} (${c.model?.name ?? c.upstreamModel} for ${c.substituteFor})`;
}
