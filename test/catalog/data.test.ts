/** The shipped model catalog (src/catalog/data): its shape, its ids and the Llama offerings the issue names. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG } from '../../src/catalog/data/index.js';
import type { CanonicalModel } from '../../src/catalog/types.js';
import { PROVIDERS } from '../../src/providers/registry.js';

const CLASSES = new Set(['frontier', 'large-open', 'fast', 'reasoning', 'search', 'speech', 'embedding']);
/** Speech and alias providers serve no chat model, so they need no offering. */
const NO_OFFERING_NEEDED = new Set(['elevenlabs', 'openmanus']);
const providerIds = new Set(PROVIDERS.map((p) => p.id));
const offerings = CATALOG.models.flatMap((m) => m.offerings.map((o) => ({ model: m, offering: o })));

/** Every name a model answers to (lower case): its id and its aliases. */
function namesOf(m: CanonicalModel): string[] {
  return [m.id, ...m.aliases].map((n) => n.toLowerCase());
}

/** The lookup the issue asks for: a whole name, or `vendor/alias` for that vendor's model. */
function resolve(request: string): CanonicalModel | undefined {
  const wanted = request.toLowerCase();
  const direct = CATALOG.models.find((m) => namesOf(m).includes(wanted));
  if (direct) return direct;
  const slash = wanted.indexOf('/');
  if (slash < 0) return undefined;
  const vendor = wanted.slice(0, slash);
  const rest = wanted.slice(slash + 1);
  return CATALOG.models.find((m) => m.vendor === vendor && namesOf(m).includes(rest));
}

describe('catalog data', () => {
  it('has an ISO asOf date and source URLs', () => {
    assert.match(CATALOG.asOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(new Date(`${CATALOG.asOf}T00:00:00Z`).toISOString().slice(0, 10), CATALOG.asOf);
    assert.ok(CATALOG.sources.length > 0);
    for (const s of CATALOG.sources) assert.match(s, /^https:\/\//, s);
  });

  it('has unique model ids', () => {
    const seen = new Set<string>();
    for (const m of CATALOG.models) {
      const key = m.id.toLowerCase();
      assert.ok(!seen.has(key), `duplicate id ${m.id}`);
      seen.add(key);
    }
  });

  it('has aliases unique across models (case-insensitive) that never name another model', () => {
    const owner = new Map<string, string>();
    for (const m of CATALOG.models) owner.set(m.id.toLowerCase(), m.id);
    for (const m of CATALOG.models) {
      const own = new Set<string>();
      for (const alias of m.aliases) {
        const key = alias.toLowerCase();
        assert.ok(!own.has(key), `${m.id} lists alias ${alias} twice`);
        own.add(key);
        const other = owner.get(key);
        assert.ok(other === undefined || other === m.id, `alias ${alias} of ${m.id} also names ${other}`);
        owner.set(key, m.id);
      }
    }
  });

  it('gives every model a known vendor, a class, a quality rank and at least one offering', () => {
    for (const m of CATALOG.models) {
      assert.ok(providerIds.has(m.vendor), `${m.id}: vendor ${m.vendor} is not a registry id`);
      assert.ok(CLASSES.has(m.class), `${m.id}: class ${m.class}`);
      assert.ok(Number.isInteger(m.quality) && m.quality >= 1 && m.quality <= 100, `${m.id}: quality ${m.quality}`);
      assert.ok(m.name.length > 0, `${m.id}: name`);
      assert.ok(m.offerings.length > 0, `${m.id}: no offering`);
    }
  });

  it('names only registry providers in offerings, with sound prices and windows', () => {
    for (const { model, offering: o } of offerings) {
      const where = `${model.id} @ ${o.provider} ${o.upstreamId}`;
      assert.ok(providerIds.has(o.provider), `${where}: unknown provider`);
      if (model.class !== 'speech') assert.ok(!NO_OFFERING_NEEDED.has(o.provider), `${where}: provider serves no chat model`);
      else assert.ok(['elevenlabs', 'openai'].includes(o.provider), `${where}: speech comes from ElevenLabs or OpenAI`);
      assert.ok(o.upstreamId.length > 0, `${where}: empty upstream id`);
      assert.ok(Number.isFinite(o.inputPrice) && o.inputPrice >= 0, `${where}: input price ${o.inputPrice}`);
      assert.ok(Number.isFinite(o.outputPrice) && o.outputPrice >= 0, `${where}: output price ${o.outputPrice}`);
      assert.ok(Number.isInteger(o.contextWindow) && o.contextWindow > 0, `${where}: context ${o.contextWindow}`);
      for (const k of ['tools', 'vision', 'json', 'streaming'] as const) {
        assert.equal(typeof o.capabilities[k], 'boolean', `${where}: capability ${k}`);
      }
    }
  });

  it('never lists the same provider and upstream id twice for a model', () => {
    for (const m of CATALOG.models) {
      const keys = m.offerings.map((o) => `${o.provider} ${o.upstreamId}`);
      assert.equal(new Set(keys).size, keys.length, `${m.id} repeats an offering`);
    }
  });

  it('prices free variants at 0 under `:free` ids, and only those', () => {
    let free = 0;
    for (const { model, offering: o } of offerings) {
      const where = `${model.id} @ ${o.provider} ${o.upstreamId}`;
      if (o.free) {
        free++;
        assert.equal(o.inputPrice, 0, `${where}: free but priced`);
        assert.equal(o.outputPrice, 0, `${where}: free but priced`);
        assert.ok(o.upstreamId.endsWith(':free'), `${where}: free without :free`);
      } else {
        assert.ok(!o.upstreamId.endsWith(':free'), `${where}: :free id not marked free`);
      }
    }
    assert.ok(free >= 2);
  });

  it('has the Llama offerings the issue names, under each provider\'s own id', () => {
    const required: Array<[model: string, provider: string, upstreamId: string]> = [
      ['hermes-3-llama-3.1-405b', 'openrouter', 'nousresearch/hermes-3-llama-3.1-405b'],
      ['hermes-3-llama-3.1-405b', 'openrouter', 'nousresearch/hermes-3-llama-3.1-405b:free'],
      ['llama-3.1-405b-instruct', 'together', 'meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo'],
      ['llama-3.1-405b-instruct', 'fireworks', 'accounts/fireworks/models/llama-v3p1-405b-instruct'],
      ['llama-3.1-405b-instruct', 'bedrock', 'meta.llama3-1-405b-instruct-v1:0'],
      ['llama-3.1-405b-instruct', 'replicate', 'meta/meta-llama-3.1-405b-instruct'],
      ['llama-3.3-70b-instruct', 'openrouter', 'meta-llama/llama-3.3-70b-instruct:free'],
      ['llama-3.3-70b-instruct', 'meta', 'Llama-3.3-70B-Instruct'],
      ['llama-3.3-70b-instruct', 'groq', 'llama-3.3-70b-versatile'],
      ['llama-3.1-8b-instruct', 'huggingface', 'meta-llama/Llama-3.1-8B-Instruct'],
      ['llama-3.1-8b-instruct', 'groq', 'llama-3.1-8b-instant'],
      ['llama-3.1-70b-instruct', 'together', 'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo'],
      ['llama-4-maverick', 'meta', 'Llama-4-Maverick-17B-128E-Instruct-FP8'],
      ['llama-4-scout', 'meta', 'Llama-4-Scout-17B-16E-Instruct-FP8'],
    ];
    for (const [modelId, provider, upstreamId] of required) {
      const m = CATALOG.models.find((x) => x.id === modelId);
      assert.ok(m, `no model ${modelId}`);
      const o = m.offerings.find((x) => x.provider === provider && x.upstreamId === upstreamId);
      assert.ok(o, `${modelId} has no ${provider} offering ${upstreamId}`);
      assert.equal(o.free === true, upstreamId.endsWith(':free'));
    }
    const frees = ['nousresearch/hermes-3-llama-3.1-405b:free', 'meta-llama/llama-3.3-70b-instruct:free'];
    for (const id of frees) assert.ok(offerings.some(({ offering: o }) => o.upstreamId === id && o.free === true), id);
  });

  it('spreads the Llama family across Meta, OpenRouter, Together, Fireworks, Groq, Hugging Face, Bedrock and Replicate', () => {
    const llamaProviders = new Set(offerings.filter(({ model }) => model.vendor === 'meta').map(({ offering }) => offering.provider));
    for (const p of ['meta', 'openrouter', 'together', 'fireworks', 'groq', 'huggingface', 'bedrock', 'replicate']) {
      assert.ok(llamaProviders.has(p), `no Llama offering on ${p}`);
    }
  });

  it('does not offer Llama 3.1 on Meta\'s Llama API, which serves only Llama 3.3 and 4', () => {
    for (const id of ['llama-3.1-405b-instruct', 'llama-3.1-70b-instruct', 'llama-3.1-8b-instruct']) {
      const m = CATALOG.models.find((x) => x.id === id);
      assert.ok(m);
      assert.ok(!m.offerings.some((o) => o.provider === 'meta'), `${id} offered by meta`);
    }
  });

  it('claims no tool calls on Replicate', () => {
    for (const { model, offering: o } of offerings) {
      if (o.provider === 'replicate') assert.equal(o.capabilities.tools, false, `${model.id} @ replicate`);
    }
  });

  it('gives every registry provider except speech and alias ones an offering', () => {
    const offered = new Set(offerings.map(({ offering }) => offering.provider));
    for (const p of PROVIDERS) {
      if (NO_OFFERING_NEEDED.has(p.id)) continue;
      assert.ok(offered.has(p.id), `no offering for ${p.id}`);
    }
  });

  it('lists every upstream id among its model\'s aliases or id', () => {
    for (const { model, offering: o } of offerings) {
      assert.ok(namesOf(model).includes(o.upstreamId.toLowerCase()), `${model.id}: ${o.upstreamId} not an alias`);
    }
  });

  it('keeps `provider/upstreamId` names from naming a different model', () => {
    for (const { model, offering: o } of offerings) {
      const other = resolve(`${o.provider}/${o.upstreamId}`);
      assert.ok(other === undefined || other === model, `${o.provider}/${o.upstreamId} of ${model.id} names ${other?.id}`);
    }
  });

  it('resolves friendly, vendor-prefixed and upstream names', () => {
    const cases: Array<[request: string, id: string]> = [
      ['meta/llama-3.1-405b', 'llama-3.1-405b-instruct'],
      ['llama-3.1-405b', 'llama-3.1-405b-instruct'],
      ['meta-llama/llama-3.1-405b-instruct', 'llama-3.1-405b-instruct'],
      ['meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', 'llama-3.1-405b-instruct'],
      ['meta.llama3-1-405b-instruct-v1:0', 'llama-3.1-405b-instruct'],
      ['meta/llama-3.3-70b', 'llama-3.3-70b-instruct'],
      ['meta/llama-4-maverick', 'llama-4-maverick'],
      ['cohere/command-a', 'command-a'],
      ['command-a-03-2025', 'command-a'],
      ['xai/grok-4.3', 'grok-4.3'],
      ['x-ai/grok-4.3', 'grok-4.3'],
      ['anthropic/claude-sonnet-4', 'claude-sonnet-4'],
      ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
      ['google/gemini-3.1-pro-preview', 'gemini-3.1-pro'],
      ['moonshot/kimi-k2.6', 'kimi-k2.6'],
      ['deepseek/deepseek-v4-flash', 'deepseek-flash'],
      ['openai/gpt-4o', 'gpt-4o'],
      ['moonshotai/kimi-k2', 'kimi-k2'],
      ['moonshot/kimi-k2', 'kimi-k2'],
      ['perplexity/sonar', 'sonar'],
      ['mistralai/mistral-large', 'mistral-large'],
      ['deepseek/deepseek-chat', 'deepseek-v3'],
    ];
    for (const [request, id] of cases) assert.equal(resolve(request)?.id, id, request);
  });

  it('resolves every chat model id the registry lists', () => {
    for (const p of PROVIDERS) {
      if (NO_OFFERING_NEEDED.has(p.id)) continue;
      for (const id of p.models) assert.ok(resolve(id), `${p.id}: ${id} is not in the catalog`);
    }
  });
});
