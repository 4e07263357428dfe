import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/config.js';
import { Catalog } from '../../src/catalog/catalog.js';
import { FallbackPlanner } from '../../src/routing/fallback-planner.js';
import { HealthTracker } from '../../src/health/health-tracker.js';
import { MemoryHealthStore } from '../../src/health/health-store.js';
import { ProviderError } from '../../src/errors/provider-error.js';
import { GatewayError } from '../../src/errors/gateway-error.js';
import type { ChatRequest } from '../../src/types/chat.js';
import type { CostPolicy } from '../../src/config/cost-policies.js';
import { TEST_CATALOG } from '../helpers/test-catalog.js';
import { ManualClock } from '../helpers/manual-clock.js';

const KEYS = {
  OPENROUTER_API_KEY: 'sk-or-v1-test', TOGETHER_API_KEY: 'tg-test', FIREWORKS_API_KEY: 'fw_test',
  GROQ_API_KEY: 'gsk_test', ANTHROPIC_API_KEY: 'sk-ant-test', OPENAI_API_KEY: 'sk-test',
};

function planner(env: Record<string, string>, costPolicy: CostPolicy = 'free-first') {
  const config = loadConfig({ env, overrides: { costPolicy } });
  const clock = new ManualClock();
  const health = new HealthTracker(new MemoryHealthStore(), clock, config.health);
  return { clock, health, planner: new FallbackPlanner({ providers: config.providers, catalog: new Catalog(TEST_CATALOG), fallbackMap: config.fallbackMap, health, costPolicy }) };
}

function req(model: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model, messages: [{ role: 'user', content: 'hello' }], ...extra };
}

const summary = (route: ReturnType<FallbackPlanner['plan']>) => route.targets.map((t) => `${t.level}:${t.provider.id}:${t.upstreamModel}`);

test('the seed example: with OpenRouter and Together keys, meta/llama-3.1-405b goes OpenRouter (free first) then Together', () => {
  const { planner: p } = planner({ OPENROUTER_API_KEY: 'a', TOGETHER_API_KEY: 'b' });
  const route = p.plan(req('meta/llama-3.1-405b'));
  assert.equal(route.canonical, 'llama-3.1-405b-instruct');
  assert.deepEqual(summary(route), [
    '2:openrouter:meta-llama/llama-3.1-405b-instruct:free',
    '2:openrouter:meta-llama/llama-3.1-405b-instruct',
    '3:together:meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo',
    // Then same-class substitutes from every keyed provider, the primary and secondary included.
    '4:openrouter:meta-llama/llama-3.3-70b-instruct',
    '4:together:meta-llama/Llama-3.3-70B-Instruct-Turbo',
  ]);
  assert.ok(route.targets.slice(3).every((t) => t.substituteFor === 'meta/llama-3.1-405b' && t.substituteKind === 'class'));
  const direct = route.skipped.find((s) => s.level === 1);
  assert.equal(direct?.provider, 'meta');
  assert.equal(direct?.reason, 'not_offered');
  const fireworks = route.skipped.find((s) => s.provider === 'fireworks');
  assert.equal(fireworks?.reason, 'no_key', 'the same model elsewhere is listed, with the key it lacks');
  assert.equal(fireworks?.level, 4);
  assert.match(fireworks!.detail, /FIREWORKS_API_KEY/);
});

test('bare ids, upstream ids and case-insensitive aliases resolve to the same canonical model', () => {
  const { planner: p } = planner({ OPENROUTER_API_KEY: 'a' });
  for (const id of ['llama-3.1-405b', 'LLAMA-3.1-405B', 'meta-llama/llama-3.1-405b-instruct', 'llama-3.1-405b-instruct']) {
    assert.equal(p.plan(req(id)).canonical, 'llama-3.1-405b-instruct', id);
  }
});

test('cost policies order offerings inside a level', () => {
  assert.deepEqual(summary(planner({ OPENROUTER_API_KEY: 'a' }, 'free-first').planner.plan(req('meta/llama-3.1-405b'))).slice(0, 2),
    ['2:openrouter:meta-llama/llama-3.1-405b-instruct:free', '2:openrouter:meta-llama/llama-3.1-405b-instruct']);
  assert.deepEqual(summary(planner({ OPENROUTER_API_KEY: 'a' }, 'cheapest').planner.plan(req('meta/llama-3.1-405b'))).slice(0, 2),
    ['2:openrouter:meta-llama/llama-3.1-405b-instruct', '2:openrouter:meta-llama/llama-3.1-405b-instruct:free']);
  const perRequest = planner({ OPENROUTER_API_KEY: 'a' }).planner.plan(req('meta/llama-3.1-405b', { wai: { cost_policy: 'cheapest' } }));
  assert.equal(perRequest.targets[0]!.upstreamModel, 'meta-llama/llama-3.1-405b-instruct');
});

test('the wide level adds every other keyed offering, same model before substitutes, cheapest first', () => {
  const { planner: p } = planner(KEYS);
  const route = p.plan(req('meta/llama-3.1-405b'));
  const wide = route.targets.filter((t) => t.level === 4).map((t) => `${t.provider.id}:${t.upstreamModel}`);
  assert.equal(wide[0], 'fireworks:accounts/fireworks/models/llama-v3p1-405b-instruct');
  assert.ok(wide.indexOf('groq:llama-3.3-70b-versatile') > 0, 'a same-class substitute comes after the same model');
  assert.ok(route.targets.find((t) => t.upstreamModel === 'llama-3.3-70b-versatile')?.substituteFor === 'meta/llama-3.1-405b');
});

test('the secondary serves a same-class substitute when it lacks the model', () => {
  const { planner: p } = planner({ ANTHROPIC_API_KEY: 'x' });
  const route = p.plan(req('cohere/command-a'));
  assert.deepEqual(summary(route), ['3:anthropic:claude-sonnet-4-20250514']);
  assert.equal(route.targets[0]!.substituteFor, 'cohere/command-a');
});

test('candidates without a key, or lacking a capability or a big enough window, are skipped with the reason', () => {
  const { planner: p } = planner({ ...KEYS });
  const image = req('meta/llama-3.3-70b', {
    messages: [{ role: 'user', content: [{ type: 'text', text: 'x'.repeat(40_000) }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }],
  });
  const route = p.plan(image);
  const groq = route.skipped.find((s) => s.provider === 'groq');
  assert.equal(groq?.reason, 'context_too_small');
  assert.equal(route.skipped.find((s) => s.provider === 'meta')?.reason, 'no_key');
  const vision = p.plan(req('meta/llama-3.1-405b', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.test/a.png' } }] }] }));
  const fireworks = vision.skipped.find((s) => s.provider === 'fireworks');
  assert.equal(fireworks?.reason, 'missing_capability');
  assert.equal(fireworks?.detail, 'no vision');
});

test('an open breaker takes a candidate out until its probe time', () => {
  const { planner: p, health, clock } = planner({ OPENROUTER_API_KEY: 'a', TOGETHER_API_KEY: 'b' });
  health.recordFailure('openrouter', 'meta-llama/llama-3.1-405b-instruct:free', new ProviderError({ errorClass: 'rate_limited', provider: 'openrouter', model: 'x', message: 'slow down', status: 429, retryAfterMs: 20_000 }));
  const route = p.plan(req('meta/llama-3.1-405b'));
  assert.equal(route.targets[0]!.upstreamModel, 'meta-llama/llama-3.1-405b-instruct');
  const skipped = route.skipped.find((s) => s.reason === 'breaker_open');
  assert.match(skipped!.detail, /model breaker open until .*rate_limited 429/);
  clock.advance(20_000);
  assert.equal(p.plan(req('meta/llama-3.1-405b')).targets[0]!.upstreamModel, 'meta-llama/llama-3.1-405b-instruct:free');
});

test('provider preferences: order, only, ignore, allow_fallbacks, max_price, sort', () => {
  const { planner: p } = planner(KEYS);
  const model = 'meta/llama-3.1-405b';
  assert.equal(p.plan(req(model, { provider: { order: ['together'] } })).targets[0]!.provider.id, 'together');
  assert.deepEqual([...new Set(p.plan(req(model, { provider: { only: ['fireworks'] } })).targets.map((t) => t.provider.id))], ['fireworks']);
  assert.ok(!p.plan(req(model, { provider: { ignore: ['openrouter'] } })).targets.some((t) => t.provider.id === 'openrouter'));
  assert.deepEqual(summary(p.plan(req(model, { provider: { order: ['together'], allow_fallbacks: false } }))), ['3:together:meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', '4:together:meta-llama/Llama-3.3-70B-Instruct-Turbo']);
  const cheap = p.plan(req(model, { provider: { max_price: { prompt: 1 } } }));
  assert.ok(cheap.targets.every((t) => (t.offering?.inputPrice ?? 0) <= 1));
  assert.ok(cheap.skipped.some((s) => s.reason === 'price'));
  const byPrice = p.plan(req(model, { provider: { sort: 'price' } }));
  const level2 = byPrice.targets.filter((t) => t.level === 2).map((t) => t.upstreamModel);
  assert.deepEqual(level2, ['meta-llama/llama-3.1-405b-instruct', 'meta-llama/llama-3.1-405b-instruct:free']);
});

test('a models array appends each fallback model\'s route, without duplicates', () => {
  const { planner: p } = planner({ OPENROUTER_API_KEY: 'a' });
  const route = p.plan(req('meta/llama-3.1-405b', { models: ['meta/llama-3.3-70b', 'meta/llama-3.1-405b'] }));
  assert.deepEqual(route.targets.map((t) => t.upstreamModel), [
    'meta-llama/llama-3.1-405b-instruct:free', 'meta-llama/llama-3.1-405b-instruct', 'meta-llama/llama-3.3-70b-instruct',
  ]);
});

test('unknown providers and models are 404s naming what exists', () => {
  const { planner: p } = planner({});
  assert.throws(() => p.plan(req('nope/x')), (e: unknown) => GatewayError.is(e) && e.status === 404 && /Known providers: .*openrouter/.test(e.message));
  assert.throws(() => p.plan(req('totally-unknown')), (e: unknown) => GatewayError.is(e) && e.status === 404 && e.param === 'model');
});

test('a provider/model the catalog does not know goes to that provider only', () => {
  const { planner: p } = planner({ GROQ_API_KEY: 'g', OPENROUTER_API_KEY: 'o' });
  assert.deepEqual(summary(p.plan(req('groq/some-new-model'))), ['1:groq:some-new-model']);
});

test('explain lists every candidate with price and the reason it is in or out', () => {
  const { planner: p } = planner({ OPENROUTER_API_KEY: 'a', TOGETHER_API_KEY: 'b' });
  const explained = p.explain('meta/llama-3.1-405b');
  assert.equal(explained.policy, 'free-first');
  const free = explained.candidates.find((c) => c.free);
  assert.ok(free?.inRoute);
  assert.equal(free?.reason, 'attempt 1');
  const meta = explained.candidates.find((c) => c.provider === 'meta');
  assert.equal(meta?.inRoute, false);
  assert.match(meta!.reason, /not offered/);
  const together = explained.candidates.find((c) => c.provider === 'together');
  assert.deepEqual(together?.price, { input: 3.5, output: 3.5 });
});
